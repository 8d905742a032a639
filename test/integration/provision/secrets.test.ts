import { Webhook } from 'standardwebhooks';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEMO_ACCOUNT_ID } from '../../../emulator/demo.ts';
import { mnsQueueEvent } from '../../../emulator/fc-runtime.ts';
import type { LocalCloud } from '../../../emulator/local-cloud.ts';
import type { MakeClients } from '../../../functions/provision/invocation.ts';
import { harness, p1Request, startCloud } from './support.ts';

/**
 * Canary secrets go in through every door (the invocation's credentials,
 * the webhook signing secret, signatures, an error that quotes them) and
 * must come out of none: no log line, no answer, no thrown error.
 */
let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startCloud();
});
afterAll(async () => {
  await cloud.close();
});

const CANARY_SECRET = `whsec_${Buffer.from('canary-signing-secret-0123456789').toString('base64')}`;

describe('no secret in any log line, answer or error', () => {
  it('keeps credentials, tokens, signatures and webhook secrets out', async () => {
    const credentials = cloud.control.issueStsToken(DEMO_ACCOUNT_ID, 900_000);
    const leaky =
      (make: MakeClients): MakeClients =>
      (given, region, deadline) => {
        if (region === 'cn-shanghai') {
          throw new Error(
            `leak ${given.accessKeySecret} ${given.securityToken} ${CANARY_SECRET}`,
          );
        }
        return make(given, region, deadline);
      };
    const fn = harness(
      cloud,
      { PROVISION_WEBHOOK_SECRETS: CANARY_SECRET },
      { wrapClients: leaky },
    );
    const body = JSON.stringify(p1Request());
    const now = cloud.clock.now();
    const signature = new Webhook(CANARY_SECRET).sign(
      'msg_1',
      new Date(now),
      body,
    );
    const signed = {
      'content-type': 'application/json',
      'webhook-id': 'msg_1',
      'webhook-timestamp': String(Math.floor(now / 1000)),
      'webhook-signature': signature,
    };
    const outputs: string[] = [];

    outputs.push(
      JSON.stringify(await fn.http('POST', '/logstores', body, signed)),
    );
    outputs.push(
      JSON.stringify(await fn.http('POST', '/logstores', body, signed)),
    );
    outputs.push(
      JSON.stringify(
        await fn.http('POST', '/logstores', body, {
          ...signed,
          'webhook-signature': 'v1,bm90LXRoZS1yaWdodC1zaWduYXR1cmU=',
        }),
      ),
    );
    const shanghai = JSON.stringify(p1Request({ region: 'cn-shanghai' }));
    const shanghaiSigned = {
      ...signed,
      'webhook-id': 'msg_2',
      'webhook-signature': new Webhook(CANARY_SECRET).sign(
        'msg_2',
        new Date(now),
        shanghai,
      ),
    };
    outputs.push(
      JSON.stringify(
        await fn.http('POST', '/logstores', shanghai, shanghaiSigned),
      ),
    );
    const queued = mnsQueueEvent(shanghai, { messageId: 'M-LEAK' });
    const thrown = await fn.invoke(queued, { credentials }).then(
      (value) => JSON.stringify(value),
      (error: Error) => `${error.message}\n${error.stack ?? ''}`,
    );
    outputs.push(thrown);

    const canaries = [
      credentials.accessKeySecret,
      credentials.securityToken,
      CANARY_SECRET,
      CANARY_SECRET.slice('whsec_'.length),
      signature,
      signature.slice('v1,'.length),
    ];
    expect(fn.lines.lines.length).toBeGreaterThan(5);
    for (const canary of canaries) {
      for (const line of [...fn.lines.lines, ...outputs]) {
        expect(line).not.toContain(canary);
      }
    }
    // The leak was attempted and logged, redacted.
    expect(fn.lines.lines.join('\n')).toContain('[redacted]');
  });
});
