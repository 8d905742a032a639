import { AccountRegistry } from '../../../emulator/accounts.ts';
import { createEmulatorClock } from '../../../emulator/clock.ts';
import { DEMO_ACCESS_KEY, DEMO_ACCOUNT_ID } from '../../../emulator/demo.ts';
import {
  createKmsService,
  type KmsService,
} from '../../../emulator/kms/service.ts';
import type {
  CloudEvent,
  EmulatorClock,
  EmulatorResponse,
} from '../../../emulator/types.ts';
import { seededRandom } from '../../../shared/clock.ts';

/** A KMS service on its own, with the demo account and recorded events. */
export interface KmsFixture {
  readonly kms: KmsService;
  readonly clock: EmulatorClock;
  readonly accounts: AccountRegistry;
  readonly events: CloudEvent[];
}

export const OTHER_ACCOUNT_ID = '5555666677778888';
export const OTHER_ACCESS_KEY = {
  accessKeyId: 'LTAI5tOtherAccountKey01',
  accessKeySecret: 'other-account-secret-for-tests',
} as const;

export const kmsFixture = (seed = 42): KmsFixture => {
  const clock = createEmulatorClock();
  const random = seededRandom(seed);
  const accounts = new AccountRegistry(clock, random);
  accounts.seed({ accountId: DEMO_ACCOUNT_ID, accessKeys: [DEMO_ACCESS_KEY] });
  accounts.seed({
    accountId: OTHER_ACCOUNT_ID,
    accessKeys: [OTHER_ACCESS_KEY],
  });
  const events: CloudEvent[] = [];
  const kms = createKmsService({
    clock,
    random,
    accounts,
    events: { publish: (event) => events.push(event) },
    defaultRegion: 'cn-hangzhou',
  });
  return { kms, clock, accounts, events };
};

export const bodyOf = (response: EmulatorResponse): Record<string, unknown> =>
  JSON.parse(String(response.body)) as Record<string, unknown>;
