import KmsSdk, {
  CancelKeyDeletionRequest,
  DisableKeyRequest,
  EnableKeyRequest,
  ScheduleKeyDeletionRequest,
} from '@alicloud/kms20160120';
import { Config as RpcConfig } from '@alicloud/rpc-client';
import {
  DEMO_ACCESS_KEY,
  DEMO_ACCOUNT_ID,
  DEMO_KEY_AES,
  DEMO_KEY_SM4,
  DEMO_REGION,
} from '../../emulator/demo.ts';
import type { LocalCloud } from '../../emulator/local-cloud.ts';
import type { SeedKey } from '../../emulator/types.ts';

/**
 * The keys of a chaos run and how they change: the demo keys (deletion
 * protected), two AES keys and an SM4 key that can be scheduled for
 * deletion, and an imported (EXTERNAL) key whose material expires as the
 * clock moves. Changes go through the unmodified KMS SDK, so the local
 * cloud publishes the same ActionTrail events a real account would.
 */
export const REGION = DEMO_REGION;
export const ACCOUNT = DEMO_ACCOUNT_ID;

export type KeyFamily = 'AES' | 'SM4';

export interface ChaosKey {
  readonly keyId: string;
  readonly family: KeyFamily;
  /** Disable/enable and deletion are tried on it. */
  readonly changeable: boolean;
  readonly protectedFromDeletion: boolean;
}

export const KEYS: readonly ChaosKey[] = [
  {
    keyId: DEMO_KEY_AES,
    family: 'AES',
    changeable: true,
    protectedFromDeletion: true,
  },
  {
    keyId: DEMO_KEY_SM4,
    family: 'SM4',
    changeable: true,
    protectedFromDeletion: true,
  },
  {
    keyId: 'key-chaos-aes1',
    family: 'AES',
    changeable: true,
    protectedFromDeletion: false,
  },
  {
    keyId: 'key-chaos-aes2',
    family: 'AES',
    changeable: true,
    protectedFromDeletion: false,
  },
  {
    keyId: 'key-chaos-sm4',
    family: 'SM4',
    changeable: true,
    protectedFromDeletion: false,
  },
  // Left alone, so its only findings are its material's expiry.
  {
    keyId: 'key-chaos-ext',
    family: 'AES',
    changeable: false,
    protectedFromDeletion: false,
  },
];

const HOUR_MS = 3_600_000;
const DAY_MS = 24 * HOUR_MS;

/**
 * An offset no sum of the run's clock steps (multiples of 5 minutes) can
 * reach, so the 14-day warning line is never crossed while a run is
 * being judged: key-health and this run read the clock seconds apart.
 */
const EXPIRY_OFFSET_MS = 7 * HOUR_MS + 150_000;

/** Keys beyond the demo's two; the imported one expires in 16-24 days. */
export const chaosKeySeeds = (now: number, expiryDays: number): SeedKey[] => [
  { accountId: ACCOUNT, region: REGION, keyId: 'key-chaos-aes1' },
  { accountId: ACCOUNT, region: REGION, keyId: 'key-chaos-aes2' },
  {
    accountId: ACCOUNT,
    region: REGION,
    keyId: 'key-chaos-sm4',
    keySpec: 'Aliyun_SM4',
  },
  {
    accountId: ACCOUNT,
    region: REGION,
    keyId: 'key-chaos-ext',
    origin: 'EXTERNAL',
    state: 'Enabled',
    materialExpireTime: new Date(
      now + expiryDays * DAY_MS + EXPIRY_OFFSET_MS,
    ).toISOString(),
  },
];

export const KEY_ACTIONS = [
  'DisableKey',
  'EnableKey',
  'ScheduleKeyDeletion',
  'CancelKeyDeletion',
] as const;
export type KeyAction = (typeof KEY_ACTIONS)[number];

const KmsClient = (KmsSdk.default ?? KmsSdk) as typeof KmsSdk.default;

export type KeyAdmin = (keyId: string, action: KeyAction) => Promise<boolean>;

/** Sends one key change; false when KMS refused it (a wrong state). */
export const keyAdmin = (cloud: LocalCloud): KeyAdmin => {
  const kms = new KmsClient(
    new RpcConfig({
      ...DEMO_ACCESS_KEY,
      endpoint: `kms.${REGION}.localhost:${cloud.port}`,
      protocol: 'http',
      regionId: REGION,
    }),
  );
  return async (keyId, action) => {
    try {
      switch (action) {
        case 'DisableKey':
          await kms.disableKey(new DisableKeyRequest({ keyId }));
          break;
        case 'EnableKey':
          await kms.enableKey(new EnableKeyRequest({ keyId }));
          break;
        case 'ScheduleKeyDeletion':
          await kms.scheduleKeyDeletion(
            new ScheduleKeyDeletionRequest({ keyId, pendingWindowInDays: 7 }),
          );
          break;
        case 'CancelKeyDeletion':
          await kms.cancelKeyDeletion(new CancelKeyDeletionRequest({ keyId }));
          break;
      }
      return true;
    } catch {
      return false;
    }
  };
};

/** What key-health should say about a key, from the KMS store itself. */
export interface KeyTruth {
  /** undefined: the key is gone (its deletion completed). */
  readonly state?: string;
  readonly healthy: boolean;
}

export const WARNING_DAYS = 14;

export const keyTruth = (cloud: LocalCloud, keyId: string): KeyTruth => {
  const now = cloud.clock.now();
  const key = cloud.kms
    .snapshot()
    .find((k) => k.keyId === keyId && k.region === REGION);
  if (key === undefined) return { healthy: false };
  const expires = Date.parse(String(key.metadata.MaterialExpireTime ?? ''));
  const expiring =
    !Number.isNaN(expires) && expires - now <= WARNING_DAYS * DAY_MS;
  return {
    state: key.state,
    healthy: key.state === 'Enabled' && !expiring,
  };
};
