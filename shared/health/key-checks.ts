import { isRegionId } from '../endpoints.ts';
import { isKeyguardError } from '../errors.ts';
import type { KeyMetadata, KmsApi } from '../kms/key-metadata.ts';
import type { Binding } from './binding.ts';
import type { CallGuard } from './call-guard.ts';
import type { RateLimiter } from './rate-limiter.ts';

/**
 * One DescribeKey per distinct (region, key), always at the key's own
 * region: asking another region answers "not found" for a key that is
 * alive (case K5).
 */
export interface KeyRef {
  readonly keyId: string;
  readonly region: string;
}

export type KeyCheck =
  | { readonly outcome: 'read'; readonly key: KeyMetadata }
  | { readonly outcome: 'not_found' }
  | { readonly outcome: 'failed'; readonly error: unknown };

export const keyRefId = (ref: KeyRef): string => `${ref.region}/${ref.keyId}`;

/**
 * The key a binding names, when it names a region KMS can be asked in.
 * SLS keeps whatever region it was given (`Cn_Hangzhou` too), and such a
 * region names no endpoint: the binding is "region unknown" instead.
 */
export const keyRefOf = (binding: Binding): KeyRef | undefined =>
  binding.keyId === undefined ||
  binding.keyRegion === undefined ||
  !isRegionId(binding.keyRegion)
    ? undefined
    : { keyId: binding.keyId, region: binding.keyRegion };

/** The distinct keys behind BYOK bindings that name a region. */
export const keysOf = (bindings: readonly Binding[]): KeyRef[] => {
  const keys = new Map<string, KeyRef>();
  for (const binding of bindings) {
    const ref = keyRefOf(binding);
    if (ref !== undefined) keys.set(keyRefId(ref), ref);
  }
  return [...keys.values()].sort((a, b) =>
    keyRefId(a).localeCompare(keyRefId(b)),
  );
};

export interface KeyCheckDeps {
  readonly kms: (region: string) => KmsApi;
  readonly guard: CallGuard;
  readonly rate: (region: string) => RateLimiter;
}

export const checkKey = async (
  ref: KeyRef,
  deps: KeyCheckDeps,
): Promise<KeyCheck> => {
  try {
    const key = await deps.guard.call(
      'DescribeKey',
      () => deps.kms(ref.region).describeKey(ref.keyId),
      { rate: deps.rate(ref.region) },
    );
    return { outcome: 'read', key };
  } catch (error) {
    if (isKeyguardError(error) && error.code === 'key_not_found') {
      return { outcome: 'not_found' };
    }
    return { outcome: 'failed', error };
  }
};

export const checkKeys = async (
  refs: readonly KeyRef[],
  deps: KeyCheckDeps,
): Promise<Map<string, KeyCheck>> => {
  const results = await Promise.all(
    refs.map(
      async (ref) => [keyRefId(ref), await checkKey(ref, deps)] as const,
    ),
  );
  return new Map(results);
};
