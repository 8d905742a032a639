import type { Operation } from './context.ts';
import { decrypt, encrypt, generateDataKey } from './crypto.ts';
import { createKey, describeKey, listKeys } from './key-admin.ts';
import {
  deleteKeyMaterial,
  getParametersForImport,
  importKeyMaterial,
} from './key-material.ts';
import {
  cancelKeyDeletion,
  disableKeyOperation,
  enableKeyOperation,
  scheduleKeyDeletion,
  setDeletionProtectionOperation,
} from './key-state.ts';

/** Every KMS action the local cloud answers, by its wire name. */
export const OPERATIONS: Readonly<Record<string, Operation>> = {
  CreateKey: createKey,
  DescribeKey: describeKey,
  ListKeys: listKeys,
  EnableKey: enableKeyOperation,
  DisableKey: disableKeyOperation,
  ScheduleKeyDeletion: scheduleKeyDeletion,
  CancelKeyDeletion: cancelKeyDeletion,
  SetDeletionProtection: setDeletionProtectionOperation,
  GetParametersForImport: getParametersForImport,
  ImportKeyMaterial: importKeyMaterial,
  DeleteKeyMaterial: deleteKeyMaterial,
  GenerateDataKey: generateDataKey,
  Encrypt: encrypt,
  Decrypt: decrypt,
};

export type { Operation, OperationContext } from './context.ts';
