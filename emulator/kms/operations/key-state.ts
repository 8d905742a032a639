import { missingParameter } from '../errors.ts';
import type { KmsKey } from '../key.ts';
import {
  cancelDeletion,
  disableKey,
  enableKey,
  PENDING_WINDOW_DAYS,
  scheduleDeletion,
  setDeletionProtection,
} from '../key-lifecycle.ts';
import {
  findKey,
  keyParam,
  type Operation,
  type OperationContext,
} from './context.ts';

/**
 * The calls that move a key through its states: EnableKey, DisableKey,
 * ScheduleKeyDeletion, CancelKeyDeletion and SetDeletionProtection.
 */
const changeKey = (
  change: (key: KmsKey, context: OperationContext) => void,
): Operation => ({
  write: true,
  run(context) {
    const key = keyParam(context);
    change(key, context);
    return { body: {}, keyId: key.keyId };
  },
});

export const enableKeyOperation = changeKey((key) => enableKey(key));
export const disableKeyOperation = changeKey((key) => disableKey(key));

export const scheduleKeyDeletion = changeKey((key, context) => {
  const days = context.params.integer('PendingWindowInDays', {
    min: PENDING_WINDOW_DAYS.min,
    max: PENDING_WINDOW_DAYS.max,
  });
  scheduleDeletion(key, days, context.now);
});

export const cancelKeyDeletion = changeKey((key) => cancelDeletion(key));

/** Takes the key's ARN (ProtectedResourceArn) or, newer, its KeyId. */
export const setDeletionProtectionOperation: Operation = {
  write: true,
  run(context) {
    const { params } = context;
    const given =
      params.optional('ProtectedResourceArn') ?? params.optional('KeyId');
    if (given === undefined) throw missingParameter('ProtectedResourceArn');
    const key = findKey(context, given);
    setDeletionProtection(
      key,
      params.boolean('EnableDeletionProtection'),
      params.optional('DeletionProtectionDescription') ?? '',
    );
    return { body: {}, keyId: key.keyId };
  },
};
