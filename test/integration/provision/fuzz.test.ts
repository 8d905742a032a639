import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT_ID } from '../../../emulator/demo.ts';
import type { LocalCloud } from '../../../emulator/local-cloud.ts';
import { mutatedRequest } from '../../unit/provision/arbitraries.ts';
import { type Harness, harness, startCloud } from './support.ts';

/**
 * Through the whole function and the real SDKs: random and mutated
 * requests never crash it (every answer is a JSON answer with a code or a
 * Logstore), and a request the validator refuses never reaches SLS or
 * KMS; the local cloud's request log is the witness.
 */
let cloud: LocalCloud;
let fn: Harness;

beforeAll(async () => {
  cloud = await startCloud();
  // Valid mutations may create Logstores; the quota must not interfere.
  cloud.control.seed({
    accounts: [
      {
        accountId: DEMO_ACCOUNT_ID,
        quotas: { logstoresPerProject: 1_000_000 },
      },
    ],
  });
  fn = harness(cloud, { PROVISION_ALLOW_SERVICE_KEY: 'true' });
});
afterAll(async () => {
  await cloud.close();
});

const FUZZ_TIMEOUT_MS = 120_000;
let invalid = 0;

const sendAndCheck = async (body: string) => {
  cloud.control.clearRequests();
  const answer = await fn.http('POST', '/logstores', body, {
    'content-type': 'application/json',
  });
  expect(answer.status).toBeLessThan(500);
  expect(typeof answer.body.requestId).toBe('string');
  expect(typeof answer.body.outcome).toBe('string');
  if (answer.status === 400) {
    invalid += 1;
    expect(['invalid_request', 'invalid_json']).toContain(answer.body.code);
    expect(cloud.control.requests()).toEqual([]);
  }
};

describe('the provisioning function under fuzzing', () => {
  it(
    'never reaches SLS with mutated requests it refuses',
    async () => {
      invalid = 0;
      await fc.assert(
        fc.asyncProperty(mutatedRequest, (request) =>
          sendAndCheck(JSON.stringify(request)),
        ),
        { numRuns: 2_000 },
      );
      expect(invalid).toBeGreaterThan(1_000);
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    'never crashes on random JSON or random text bodies',
    async () => {
      await fc.assert(
        fc.asyncProperty(
          fc.oneof(fc.json(), fc.string(), fc.string({ unit: 'binary' })),
          sendAndCheck,
        ),
        { numRuns: 1_000 },
      );
    },
    FUZZ_TIMEOUT_MS,
  );
});
