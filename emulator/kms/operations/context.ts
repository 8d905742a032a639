import type { Random } from '../../../shared/clock.ts';
import { keyNotFound } from '../errors.ts';
import type { KmsKey } from '../key.ts';
import type { KeyImports } from '../key-import.ts';
import type { KeyStore } from '../key-store.ts';
import type { Params } from '../params.ts';

/** What one operation sees of one authenticated call. */
export interface OperationContext {
  readonly params: Params;
  readonly accountId: string;
  /** The region named by the endpoint that was called. */
  readonly region: string;
  /** Emulator-clock milliseconds. */
  readonly now: number;
  readonly store: KeyStore;
  readonly imports: KeyImports;
  readonly random: Random;
}

export interface OperationResult {
  /** The answer's fields besides RequestId. */
  readonly body: Readonly<Record<string, unknown>>;
  /** The key a write call changed: write calls are recorded as events. */
  readonly keyId?: string;
}

export interface Operation {
  /** Write calls reach EventBridge through ActionTrail. */
  readonly write: boolean;
  run(context: OperationContext): OperationResult;
}

const ARN = /^acs:kms:([^:]*):([^:]*):key\/(.+)$/;

/**
 * The caller's key in the endpoint's region, by id or ARN. A key of
 * another account or region is as unknown as one that never existed.
 */
export const findKey = (context: OperationContext, given: string): KmsKey => {
  const arn = ARN.exec(given);
  const keyId = arn?.[3] ?? given;
  if (
    arn !== null &&
    (arn[1] !== context.region || arn[2] !== context.accountId)
  ) {
    throw keyNotFound(keyId);
  }
  const key = context.store.find(
    context.accountId,
    context.region,
    keyId,
    context.now,
  );
  if (key === undefined) throw keyNotFound(keyId);
  return key;
};

export const keyParam = (context: OperationContext): KmsKey =>
  findKey(context, context.params.required('KeyId'));
