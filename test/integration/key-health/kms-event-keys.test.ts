import { DisableKeyRequest } from '@alicloud/kms20160120';
import OpenApi, {
  Config as OpenApiConfig,
  OpenApiRequest,
  Params,
} from '@alicloud/openapi-client';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_ACCESS_KEY, DEMO_ACCOUNT_ID } from '../../../emulator/demo.ts';
import type { CloudEvent } from '../../../emulator/types.ts';
import {
  byok,
  type EventRuns,
  eventRuns,
  type Harness,
  kmsAdmin,
  startHarness,
} from './support.ts';

/**
 * How a KMS call names its key reaches key-health as the caller wrote
 * it: by id, by ARN, or (SetDeletionProtection) by ProtectedResourceArn.
 */
const OpenApiClient = (OpenApi.default ?? OpenApi) as typeof OpenApi.default;

const keyArn = (keyId: string) =>
  `acs:kms:cn-hangzhou:${DEMO_ACCOUNT_ID}:key/${keyId}`;

const setDeletionProtection = (h: Harness, keyId: string, on: boolean) =>
  new OpenApiClient(
    new OpenApiConfig({
      ...DEMO_ACCESS_KEY,
      endpoint: `kms.cn-hangzhou.localhost:${h.cloud.port}`,
      protocol: 'http',
      regionId: 'cn-hangzhou',
    }),
  ).callApi(
    new Params({
      action: 'SetDeletionProtection',
      version: '2016-01-20',
      protocol: 'HTTP',
      method: 'POST',
      authType: 'AK',
      style: 'RPC',
      pathname: '/',
      reqBodyType: 'formData',
      bodyType: 'json',
    }),
    new OpenApiRequest({
      query: {
        ProtectedResourceArn: keyArn(keyId),
        EnableDeletionProtection: String(on),
      },
    }),
    {} as never,
  );

describe('keys named by ARN in KMS events', () => {
  let h: Harness;
  let runs: EventRuns;
  beforeEach(async () => {
    h = await startHarness({
      env: { KEYGUARD_REQUIRE_DELETION_PROTECTION: 'true' },
    });
    h.cloud.control.seed({
      keys: [{ keyId: 'key-h', deletionProtection: true }],
      logstores: [byok('demo-proj', 'app-audit', 'key-h')],
    });
    runs = eventRuns(h);
  });
  afterEach(async () => {
    await runs.stop();
    await h.close();
  });

  const parameters = (event: CloudEvent | undefined) =>
    (event?.data as { requestParameters?: Record<string, string> })
      ?.requestParameters;

  it('re-checks a key that DisableKey named by its ARN', async () => {
    await kmsAdmin(h.cloud).disableKey(
      new DisableKeyRequest({ keyId: keyArn('key-h') }),
    );

    const summary = await runs.next();

    expect(parameters(runs.events[0])?.KeyId).toBe(keyArn('key-h'));
    expect(summary.keys).toMatchObject({ checked: 1, critical: 1 });
    expect(JSON.stringify(h.cloud.sink.messages()[0]?.body)).toMatch(
      /key-h.*is disabled/,
    );
  });

  it('re-checks the key SetDeletionProtection named by ProtectedResourceArn', async () => {
    await setDeletionProtection(h, 'key-h', false);

    const summary = await runs.next();

    expect(parameters(runs.events[0])).not.toHaveProperty('KeyId');
    expect(parameters(runs.events[0])?.ProtectedResourceArn).toBe(
      keyArn('key-h'),
    );
    expect(summary.keys).toMatchObject({ checked: 1, warning: 1 });
  });
});
