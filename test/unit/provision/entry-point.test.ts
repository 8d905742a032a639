import { afterEach, describe, expect, it, vi } from 'vitest';

/**
 * `functions/provision/handler.ts` builds the handler when it is loaded,
 * as FC's cold start does, from the environment alone.
 */
afterEach(() => {
  vi.unstubAllEnvs();
  vi.resetModules();
});

const LOCAL = { KEYGUARD_MODE: 'local', KEYGUARD_LOCAL_PORT: '4510' };

const stub = (env: Record<string, string>) => {
  for (const [name, value] of Object.entries(env)) vi.stubEnv(name, value);
};

describe('the deployed entry point', () => {
  it('builds a handler at load from a valid environment', async () => {
    stub(LOCAL);

    const module = await import('../../../functions/provision/handler.ts');

    expect(typeof module.handler).toBe('function');
  });

  it('fails the start naming the variable, not echoing its value', async () => {
    stub({ ...LOCAL, PROVISION_MATERIAL_EXPIRY_DAYS: 'thirty-ish' });

    const load = import('../../../functions/provision/handler.ts');

    await expect(load).rejects.toThrow(/PROVISION_MATERIAL_EXPIRY_DAYS/);
    await expect(load).rejects.not.toThrow(/thirty-ish/);
  });
});
