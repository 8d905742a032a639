import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import {
  DEMO_ACCESS_KEY,
  DEMO_ACCOUNT_ID,
  DEMO_PROJECT,
} from '../../../emulator/demo.ts';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../../emulator/local-cloud.ts';
import { seededRandom } from '../../../shared/clock.ts';
import type { Credentials } from '../../../shared/credentials.ts';
import { createDeadline } from '../../../shared/deadline.ts';
import { KeyguardError, TransientError } from '../../../shared/errors.ts';
import { withRetry } from '../../../shared/retry.ts';
import { createSlsApi } from '../../../shared/sls/client.ts';

let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startLocalCloud({ port: 0, randomSeed: 7 });
});
afterAll(async () => {
  await cloud.close();
});
beforeEach(() => {
  cloud.control.reset();
});

const api = (credentials: Credentials = DEMO_ACCESS_KEY, timeoutMs = 2_000) =>
  createSlsApi({
    credentials,
    endpoints: cloud.endpoints,
    region: 'cn-hangzhou',
    timeoutMs,
  });

const failureOf = async (promise: Promise<unknown>): Promise<KeyguardError> => {
  try {
    await promise;
  } catch (error) {
    if (error instanceof KeyguardError) return error;
    throw error;
  }
  throw new Error('expected the call to fail');
};

describe('SLS client failures against the local cloud', () => {
  it('answers throttled, to be retried, when SLS is busy', async () => {
    cloud.control.faults.add({ service: 'sls', action: { kind: 'throttle' } });

    const error = await failureOf(api().getProject(DEMO_PROJECT));

    expect(error).toBeInstanceOf(TransientError);
    expect(error.code).toBe('throttled');
    expect(error.retryable).toBe(true);
  });

  it('keeps the Retry-After SLS sends with a throttle', async () => {
    cloud.control.faults.add({
      service: 'sls',
      action: {
        kind: 'reply',
        status: 429,
        body: '{"errorCode":"ServerBusy","errorMessage":"busy"}',
        headers: { 'retry-after': '2' },
      },
    });

    const error = await failureOf(api().getProject(DEMO_PROJECT));

    expect(error.code).toBe('throttled');
    expect((error as TransientError).retryAfterMs).toBe(2_000);
  });

  it('answers upstream_unavailable for an internal error', async () => {
    cloud.control.faults.add({
      service: 'sls',
      action: { kind: 'server-error' },
    });

    const error = await failureOf(api().getProject(DEMO_PROJECT));

    expect(error.code).toBe('upstream_unavailable');
    expect(error.retryable).toBe(true);
  });

  it('retries a gateway error page that is not JSON', async () => {
    cloud.control.faults.add({
      service: 'sls',
      action: { kind: 'reply', status: 502, body: '<html>bad gateway</html>' },
    });

    const error = await failureOf(api().getProject(DEMO_PROJECT));

    expect(error.code).toBe('upstream_unavailable');
    expect(error.retryable).toBe(true);
    expect(error.message).toContain('status 502');
  });

  it('answers upstream_error for a 4xx body that is not JSON', async () => {
    cloud.control.faults.add({
      service: 'sls',
      action: { kind: 'reply', status: 400, body: '<html>bad request</html>' },
    });

    const error = await failureOf(api().getProject(DEMO_PROJECT));

    expect(error.code).toBe('upstream_error');
    expect(error.retryable).toBe(false);
  });

  it('answers connection_failed when the connection drops', async () => {
    cloud.control.faults.add({ service: 'sls', action: { kind: 'drop' } });

    const error = await failureOf(api().getProject(DEMO_PROJECT));

    expect(error.code).toBe('connection_failed');
    expect(error.retryable).toBe(true);
  });

  it('answers timeout when SLS hangs past the call timeout', async () => {
    cloud.control.faults.add({ service: 'sls', action: { kind: 'hang' } });

    const error = await failureOf(
      api(DEMO_ACCESS_KEY, 300).getProject(DEMO_PROJECT),
    );

    expect(error.code).toBe('timeout');
    expect(error.retryable).toBe(true);
  });

  it('recovers from two throttles through withRetry', async () => {
    cloud.control.faults.add({
      service: 'sls',
      operation: 'GetProject',
      action: { kind: 'throttle' },
      times: 2,
    });
    const client = api();

    const project = await withRetry(() => client.getProject(DEMO_PROJECT), {
      deadline: createDeadline(cloud.clock, 10_000),
      clock: cloud.clock,
      random: seededRandom(1),
      baseMs: 10,
    });

    expect(project?.name).toBe(DEMO_PROJECT);
    expect(
      cloud.control.requests({ service: 'sls', operation: 'GetProject' }),
    ).toHaveLength(3);
  });

  it('starts no call once the deadline has passed', async () => {
    const deadline = createDeadline(cloud.clock, 0);
    const client = createSlsApi({
      credentials: DEMO_ACCESS_KEY,
      endpoints: cloud.endpoints,
      region: 'cn-hangzhou',
      timeoutMs: 2_000,
      deadline,
    });

    const error = await failureOf(client.getProject(DEMO_PROJECT));

    expect(error.code).toBe('timeout');
    expect(cloud.control.requests({ service: 'sls' })).toHaveLength(0);
  });

  it('works with STS credentials and refuses a wrong token', async () => {
    const sts = cloud.control.issueStsToken(DEMO_ACCOUNT_ID, 60_000);
    const credentials = {
      accessKeyId: sts.accessKeyId,
      accessKeySecret: sts.accessKeySecret,
      securityToken: sts.securityToken,
    };

    const project = await api(credentials).getProject(DEMO_PROJECT);
    const denied = await failureOf(
      api({ ...credentials, securityToken: 'CAISwrong-token' }).getProject(
        DEMO_PROJECT,
      ),
    );

    expect(project?.name).toBe(DEMO_PROJECT);
    expect(denied.code).toBe('access_denied');
    expect(denied.context).toMatchObject({ service: 'sls' });
    expect(JSON.stringify(denied.context)).not.toContain(sts.accessKeySecret);
    expect(denied.message).not.toContain('CAISwrong-token');
  });
});
