import { describe, expect, it } from 'vitest';
import { startLocalCloud } from '../../../emulator/local-cloud.ts';

describe('starting a local cloud in process', () => {
  it('refuses a default region that is no region id', async () => {
    await expect(
      startLocalCloud({ port: 0, defaultRegion: 'Moon' }),
    ).rejects.toThrow(/Moon.*region id/);
  });
});
