import { invalidParameter } from '../errors.ts';
import { buildKey } from '../key-factory.ts';
import { keyMetadata, rotationSeconds } from '../key-metadata.ts';
import { DAY_MS } from '../time.ts';
import { keyParam, type Operation, type OperationContext } from './context.ts';

/** CreateKey, DescribeKey and ListKeys. */
const ROTATION_DAYS = { min: 7, max: 365 } as const;

const rotationInterval = (context: OperationContext): string | undefined => {
  const enabled = context.params.optional('EnableAutomaticRotation');
  if (enabled?.toLowerCase() !== 'true') return undefined;
  const interval = context.params.optional('RotationInterval') ?? '31536000s';
  const seconds = rotationSeconds(interval);
  const days = seconds === undefined ? 0 : (seconds * 1000) / DAY_MS;
  const { min, max } = ROTATION_DAYS;
  if (days < min || days > max) {
    throw invalidParameter(
      'RotationInterval',
      `seconds such as 604800s, ${min} to ${max} days`,
    );
  }
  return interval;
};

export const createKey: Operation = {
  write: true,
  run(context) {
    const { params } = context;
    const interval = rotationInterval(context);
    const key = buildKey(
      {
        accountId: context.accountId,
        region: context.region,
        ...optionalFields({
          keySpec: params.optional('KeySpec'),
          keyUsage: params.optional('KeyUsage'),
          origin: params.optional('Origin'),
          description: params.optional('Description'),
          protectionLevel: params.optional('ProtectionLevel'),
          rotationInterval: interval,
        }),
      },
      context.now,
      context.random,
    );
    context.store.add(key);
    return { body: { KeyMetadata: keyMetadata(key) }, keyId: key.keyId };
  },
};

/** Drops undefined values (exactOptionalPropertyTypes keeps them apart). */
const optionalFields = <T extends Record<string, string | undefined>>(
  fields: T,
): { [K in keyof T]?: string } =>
  Object.fromEntries(
    Object.entries(fields).filter(([, value]) => value !== undefined),
  ) as { [K in keyof T]?: string };

export const describeKey: Operation = {
  write: false,
  run(context) {
    return { body: { KeyMetadata: keyMetadata(keyParam(context)) } };
  },
};

export const LIST_PAGE_SIZE = { min: 1, max: 100, fallback: 10 } as const;

export const listKeys: Operation = {
  write: false,
  run(context) {
    const { params } = context;
    const pageNumber = params.integer(
      'PageNumber',
      { min: 1, max: Number.MAX_SAFE_INTEGER },
      1,
    );
    const pageSize = params.integer(
      'PageSize',
      LIST_PAGE_SIZE,
      LIST_PAGE_SIZE.fallback,
    );
    const keys = context.store.list(
      context.accountId,
      context.region,
      context.now,
    );
    const page = keys.slice((pageNumber - 1) * pageSize, pageNumber * pageSize);
    return {
      body: {
        Keys: {
          Key: page.map((key) => ({ KeyId: key.keyId, KeyArn: key.arn })),
        },
        TotalCount: keys.length,
        PageNumber: pageNumber,
        PageSize: pageSize,
      },
    };
  },
};
