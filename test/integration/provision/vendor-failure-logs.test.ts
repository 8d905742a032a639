import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { FaultSpec } from '../../../emulator/fault-spec.ts';
import type { LocalCloud } from '../../../emulator/local-cloud.ts';
import { harness, p1Request, startCloud } from './support.ts';

/**
 * A vendor failure answers with a generic reason; the log must say what
 * failed: the service, the operation, the vendor's code, status and
 * request id, and never the vendor's message text.
 */
let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startCloud();
});
afterAll(async () => {
  await cloud.close();
});
beforeEach(() => {
  cloud.control.reset();
});

const SECRET_TEXT = 'signed-url-Signature=abc123';

const vendorLines = (fn: ReturnType<typeof harness>) =>
  fn.lines.records().filter((r) => r.event === 'provision.vendor_error');

describe('a vendor failure leaves one log line that says what failed', () => {
  it.each([
    [
      'an SLS denial',
      {
        service: 'sls',
        operation: 'GetLogStore',
        action: {
          kind: 'error',
          status: 401,
          code: 'Unauthorized',
          message: SECRET_TEXT,
        },
      },
      { code: 'access_denied', vendorCode: 'Unauthorized', vendorStatus: 401 },
    ],
    [
      'a KMS denial',
      {
        service: 'kms',
        operation: 'DescribeKey',
        action: {
          kind: 'error',
          status: 403,
          code: 'Forbidden.NoPermission',
          message: SECRET_TEXT,
        },
      },
      { code: 'access_denied', vendorStatus: 403 },
    ],
    [
      'SLS failing on and on',
      {
        service: 'sls',
        operation: 'GetLogStore',
        action: { kind: 'server-error' },
      },
      { code: 'unavailable', vendorStatus: 500 },
    ],
  ] as const)('for %s on POST', async (_, spec, expected) => {
    cloud.control.faults.add(spec as FaultSpec);
    const fn = harness(cloud, {}, { timeout: 3 });

    const answer = await fn.post(p1Request());

    expect(answer.body.code).toBe(expected.code);
    const lines = vendorLines(fn);
    expect(lines).toEqual([
      expect.objectContaining({
        service: spec.service,
        operation: spec.operation,
        project: 'demo-proj',
        logstore: 'app-audit',
        ...expected,
        vendorRequestId: expect.stringMatching(/^[A-Za-z0-9-]{8,}$/),
      }),
    ]);
    expect(JSON.stringify(lines)).not.toContain(SECRET_TEXT);
    expect(lines[0]).not.toHaveProperty('message');
    const raw = fn.lines.lines.find((l) => l.includes('vendor_error')) ?? '';
    expect(raw.match(/"project":/g)).toHaveLength(1);
    expect(raw.match(/"logstore":/g)).toHaveLength(1);
  });

  it.each([
    ['SLS', 'sls', 'GetLogStore', '{"logstoreName":5}'],
    ['KMS', 'kms', 'DescribeKey', '{"RequestId":"r-0001","KeyMetadata":null}'],
  ] as const)(
    'for an unusable %s answer, with its status',
    async (_, service, operation, body) => {
      cloud.control.faults.add({
        service,
        operation,
        action: { kind: 'reply', status: 200, body },
      });
      const fn = harness(cloud);

      const answer = await fn.post(p1Request());

      expect(answer.body.code).toBe('upstream_error');
      expect(vendorLines(fn)).toEqual([
        expect.objectContaining({ service, operation, vendorStatus: 200 }),
      ]);
    },
  );

  it('for an SLS denial on GET', async () => {
    cloud.control.faults.add({
      service: 'sls',
      operation: 'GetLogStore',
      action: { kind: 'error', status: 401, code: 'Unauthorized' },
    });
    const fn = harness(cloud);

    const answer = await fn.http('GET', '/logstores/demo-proj/app-audit');

    expect(answer.status).toBe(502);
    expect(vendorLines(fn)).toEqual([
      expect.objectContaining({
        service: 'sls',
        operation: 'GetLogStore',
        code: 'access_denied',
        vendorCode: 'Unauthorized',
        vendorStatus: 401,
      }),
    ]);
  });

  it('for a key GET could not read', async () => {
    const fn = harness(cloud);
    await fn.post(p1Request());
    cloud.control.faults.add({
      service: 'kms',
      operation: 'DescribeKey',
      action: { kind: 'error', status: 403, code: 'Forbidden.NoPermission' },
    });

    const answer = await fn.http('GET', '/logstores/demo-proj/app-audit');

    expect(answer.status).toBe(200);
    expect(vendorLines(fn)).toEqual([
      expect.objectContaining({
        service: 'kms',
        operation: 'DescribeKey',
        code: 'access_denied',
        vendorStatus: 403,
        keyId: 'key-demo0001',
        project: 'demo-proj',
        logstore: 'app-audit',
      }),
    ]);
  });
});
