import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { byok, type Harness, startHarness } from './support.ts';

describe('scan coverage', () => {
  let h: Harness;
  beforeEach(async () => {
    h = await startHarness({
      env: { KEYGUARD_REGIONS: 'cn-hangzhou,cn-shanghai' },
    });
    h.cloud.control.seed({
      projects: [
        { name: 'proj-two' },
        { name: 'sh-proj', region: 'cn-shanghai' },
      ],
      keys: [
        { keyId: 'key-cov', state: 'Disabled' },
        { keyId: 'key-sh', region: 'cn-shanghai', deletionProtection: true },
      ],
      logstores: [
        byok('proj-two', 'audit', 'key-cov'),
        byok('sh-proj', 'audit', 'key-sh', 'cn-shanghai'),
      ],
    });
  });
  afterEach(async () => {
    await h.close();
  });

  it('reports a project it may not list, and keeps checking its cached keys', async () => {
    await h.run();
    h.cloud.control.faults.add({
      service: 'sls',
      operation: 'ListLogStores',
      match: { project: 'proj-two' },
      action: { kind: 'error', status: 401, code: 'Unauthorized' },
    });

    const summary = await h.run();

    const texts = h.cloud.sink
      .messages({ channel: 'slack' })
      .map((m) => JSON.stringify(m.body));
    expect(summary.coverageGaps).toBe(1);
    expect(summary.keys).toMatchObject({ checked: 2, critical: 1 });
    expect(texts.at(-1)).toContain('Scan incomplete in cn-hangzhou');
    expect(texts.at(-1)).toContain('proj-two (access_denied)');
    expect(texts.at(-1)).toContain(
      "the caller's RAM identity (the function's role when deployed)",
    );
    expect(texts.join('')).not.toMatch(/RESOLVED.*key-cov/);
  });

  it("reports a project whose listing the run's deadline cut short", async () => {
    await h.close();
    // Only the deadline ends a hanging call that outlasts the budget.
    h = await startHarness({
      env: { KEYGUARD_CALL_TIMEOUT_MS: '20000' },
    });
    h.cloud.control.seed({ projects: [{ name: 'proj-two' }] });
    h.cloud.control.faults.add({
      service: 'sls',
      operation: 'ListLogStores',
      match: { project: 'proj-two' },
      action: { kind: 'hang' },
    });

    const summary = await h.run(undefined, { timeout: 8 });

    const [text = ''] = h.cloud.sink
      .messages({ channel: 'slack' })
      .map((m) => JSON.stringify(m.body));
    expect(summary.outcome).toBe('partial');
    expect(summary.coverageGaps).toBe(1);
    expect(text).toContain('Scan incomplete in cn-hangzhou');
    expect(text).toContain('proj-two (timeout)');
    expect(text).toContain("The run's deadline came before the listing");
  });

  it('reports a region whose projects it cannot list, without touching the other', async () => {
    h.cloud.control.faults.add({
      service: 'sls',
      operation: 'ListProject',
      match: { host: `cn-shanghai.log.localhost:${h.cloud.port}` },
      action: { kind: 'error', status: 401, code: 'Unauthorized' },
    });

    const summary = await h.run();

    expect(summary.coverageGaps).toBe(1);
    expect(summary.keys.checked).toBe(1);
    expect(
      JSON.stringify(h.cloud.sink.messages({ channel: 'slack' })[0]?.body),
    ).toContain('Scan incomplete in cn-shanghai');
  });
});
