import { describe, expect, it } from 'vitest';
import { KeyguardError, TransientError } from '../../../shared/errors.ts';
import type { Retrier } from '../../../shared/provision/provision.ts';
import { provisionLogstore } from '../../../shared/provision/provision.ts';
import {
  byokRequest,
  coreDeps,
  enabledKey,
  fakeSls,
  openPolicy,
} from './fakes.ts';

const lost = () => {
  throw new TransientError('answer lost', { code: 'connection_failed' });
};

/** Retries once on a transient error, as the real policy would. */
const retryOnce: Retrier = async (_operation, call) => {
  try {
    return await call(1);
  } catch (error) {
    if (error instanceof TransientError) return call(2);
    throw error;
  }
};

describe('provisionLogstore (pure logic, fake ports)', () => {
  it('creates a missing Logstore and reads it back', async () => {
    const sls = fakeSls();
    const { deps } = coreDeps(sls);

    const answer = await provisionLogstore(byokRequest(), deps);

    expect(answer).toMatchObject({ status: 201, outcome: 'created' });
    expect(sls.calls).toEqual(['GetLogStore', 'CreateLogStore', 'GetLogStore']);
  });

  it('answers unchanged for the same request, listing drift', async () => {
    const sls = fakeSls();
    const { deps } = coreDeps(sls);
    await provisionLogstore(byokRequest(), deps);

    const answer = await provisionLogstore(byokRequest({ ttl: 90 }), deps);

    expect(answer).toMatchObject({
      status: 200,
      outcome: 'unchanged',
      drift: [{ path: 'ttl', existing: 30, requested: 90 }],
    });
    expect(sls.calls.filter((c) => c === 'CreateLogStore')).toHaveLength(1);
  });

  it('does not check the key of an existing Logstore', async () => {
    const sls = fakeSls();
    const first = coreDeps(sls);
    await provisionLogstore(byokRequest(), first.deps);
    const second = coreDeps(sls, [enabledKey({ keyState: 'Disabled' })]);

    const answer = await provisionLogstore(byokRequest(), second.deps);

    expect(answer.outcome).toBe('unchanged');
    expect(second.kmsCalls).toEqual([]);
  });

  it('refuses a bad key before any create', async () => {
    const sls = fakeSls();
    const { deps } = coreDeps(sls, [enabledKey({ keyState: 'Disabled' })]);

    const answer = await provisionLogstore(byokRequest(), deps);

    expect(answer).toMatchObject({ status: 422, code: 'key_rejected' });
    expect(sls.calls).toEqual(['GetLogStore']);
  });

  it('treats a concurrent create as an existing Logstore', async () => {
    const sls = fakeSls();
    const { deps } = coreDeps(sls);
    sls.before.set('CreateLogStore', [
      () => {
        sls.stored.set('demo-proj/app-audit', byokRequest() as never);
      },
    ]);

    const answer = await provisionLogstore(byokRequest(), deps);

    expect(answer).toMatchObject({ status: 200, outcome: 'unchanged' });
  });

  it('reads before retrying a create whose answer was lost', async () => {
    const sls = fakeSls();
    const { deps } = coreDeps(sls, undefined, { retry: retryOnce });
    const realCreate = sls.createLogstore;
    let creates = 0;
    const flaky = async (...args: Parameters<typeof realCreate>) => {
      creates += 1;
      await realCreate(...args);
      if (creates === 1) lost();
    };
    const answer = await provisionLogstore(byokRequest(), {
      ...deps,
      clients: {
        ...deps.clients,
        sls: () => ({ ...sls, createLogstore: flaky }),
      },
    });

    expect(answer).toMatchObject({ status: 201, outcome: 'created' });
    expect(creates).toBe(1);
    expect(sls.calls).toEqual(['GetLogStore', 'CreateLogStore', 'GetLogStore']);
  });

  it('answers 502 encryption_not_applied when SLS drops the key', async () => {
    const sls = fakeSls();
    sls.storeAs = (spec) => ({
      ...spec,
      encrypt_conf: { enable: true, encrypt_type: 'sm4_gcm' },
    });
    const { deps, lines } = coreDeps(sls);

    const answer = await provisionLogstore(byokRequest(), deps);

    expect(answer).toMatchObject({
      status: 502,
      outcome: 'failed',
      code: 'encryption_not_applied',
    });
    expect(
      lines
        .records()
        .some(
          (r) =>
            r.event === 'provision.encryption_not_applied' &&
            r.level === 'error',
        ),
    ).toBe(true);
  });

  it('runs a dry run through every check without writing', async () => {
    const sls = fakeSls();
    const { deps, kmsCalls } = coreDeps(sls);

    const answer = await provisionLogstore(byokRequest({ dryRun: true }), deps);

    expect(answer).toMatchObject({
      status: 200,
      outcome: 'created',
      dryRun: true,
    });
    expect(sls.calls).toEqual(['GetLogStore']);
    expect(kmsCalls).toEqual(['cn-hangzhou:key-demo0001']);
  });

  it('keeps a refusal status in a dry run and marks it', async () => {
    const { deps } = coreDeps(fakeSls(), [
      enabledKey({ keyState: 'Disabled' }),
    ]);

    const answer = await provisionLogstore(byokRequest({ dryRun: true }), deps);

    expect(answer).toMatchObject({ status: 422, dryRun: true });
  });

  it('answers 403 before any cloud call when policy refuses', async () => {
    const sls = fakeSls();
    const { deps, kmsCalls } = coreDeps(sls, undefined, {
      policy: openPolicy({ allowedProjects: ['team-*'] }),
    });

    const answer = await provisionLogstore(byokRequest(), deps);

    expect(answer).toMatchObject({ status: 403, code: 'policy_denied' });
    expect(sls.calls).toEqual([]);
    expect(kmsCalls).toEqual([]);
  });

  it('maps a missing project to 404 and SLS refusals to 400 with its code', async () => {
    const sls = fakeSls();
    const { deps } = coreDeps(sls);
    sls.before.set('GetLogStore', [
      () => {
        throw new KeyguardError('x', {
          code: 'project_not_found',
          status: 404,
        });
      },
    ]);
    expect(await provisionLogstore(byokRequest(), deps)).toMatchObject({
      status: 404,
      outcome: 'refused',
      code: 'project_not_found',
    });

    sls.before.set('CreateLogStore', [
      () => {
        throw new KeyguardError('x', {
          code: 'sls_rejected',
          status: 400,
          context: { slsCode: 'ProjectQuotaExceed', slsMessage: 'too many' },
        });
      },
    ]);
    expect(await provisionLogstore(byokRequest(), deps)).toMatchObject({
      status: 400,
      code: 'sls_rejected',
      errors: [{ rule: 'ProjectQuotaExceed', message: 'too many' }],
    });
  });

  it('answers 503 with a retry hint once transient failures outlast the retries', async () => {
    const sls = fakeSls();
    const { deps } = coreDeps(sls);
    sls.before.set('GetLogStore', [
      () => {
        throw new TransientError('busy', {
          code: 'throttled',
          retryAfterMs: 2500,
        });
      },
    ]);

    const answer = await provisionLogstore(byokRequest(), deps);

    expect(answer).toMatchObject({
      status: 503,
      code: 'unavailable',
      retryAfterSeconds: 3,
    });
  });

  it('names a missing encrypt_conf together with the schema errors', async () => {
    const { encrypt_conf: _, ...bare } = byokRequest({ ttl: '30' });
    const { deps } = coreDeps(fakeSls());

    const answer = await provisionLogstore(bare, deps);

    expect(answer.errors?.map((e) => [e.path, e.rule])).toEqual([
      ['ttl', 'type'],
      ['encrypt_conf', 'required'],
    ]);
  });
});
