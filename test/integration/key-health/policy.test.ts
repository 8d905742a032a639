import { afterEach, describe, expect, it } from 'vitest';
import { byok, type Harness, startHarness } from './support.ts';

const texts = (h: Harness) =>
  h.cloud.sink
    .messages({ channel: 'slack' })
    .map((m) => JSON.stringify(m.body));

describe('policy switches', () => {
  let h: Harness;
  afterEach(async () => {
    await h.close();
  });

  it('warns about deletion protection off, read through the generic OpenAPI call, when policy asks', async () => {
    h = await startHarness({
      env: { KEYGUARD_REQUIRE_DELETION_PROTECTION: 'true' },
    });
    h.cloud.control.seed({
      keys: [{ keyId: 'key-open', deletionProtection: false }],
      logstores: [
        byok('demo-proj', 'open', 'key-open'),
        byok('demo-proj', 'guarded', 'key-demo0002'),
      ],
    });

    const summary = await h.run();

    expect(summary.keys).toMatchObject({ checked: 2, ok: 1, warning: 1 });
    expect(texts(h)[0]).toContain(
      'Key key-open (cn-hangzhou) has deletion protection off',
    );
  });

  it("warns about Logstores on SLS's service key only where policy requires BYOK", async () => {
    h = await startHarness({ env: { KEYGUARD_ENCRYPTION_POLICY: 'byok' } });
    h.cloud.control.seed({
      logstores: [
        {
          project: 'demo-proj',
          logstoreName: 'service-keyed',
          encrypt_conf: { enable: true, encrypt_type: 'default' },
        },
        { project: 'demo-proj', logstoreName: 'plain' },
      ],
    });

    await h.run();

    const [text = ''] = texts(h);
    expect(text).toContain("Logstores on SLS's service key");
    expect(text).toContain('demo-proj/service-keyed');
    expect(text).toContain('Logstores without encryption');
    expect(text).toContain('demo-proj/plain');
  });

  it('scans only the projects its patterns name', async () => {
    h = await startHarness({ env: { KEYGUARD_PROJECT_PATTERNS: 'prod-*' } });
    h.cloud.control.seed({
      projects: [{ name: 'prod-audit' }, { name: 'test-audit' }],
      keys: [{ keyId: 'key-dis', state: 'Disabled' }],
      logstores: [
        byok('prod-audit', 'app-a', 'key-dis'),
        byok('test-audit', 'app-b', 'key-dis'),
      ],
    });

    const summary = await h.run();

    expect(summary).toMatchObject({ projects: 1, logstores: 1 });
    expect(texts(h)[0]).toContain('prod-audit/app-a');
    expect(texts(h)[0]).not.toContain('test-audit/app-b');
  });
});
