import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.ts';
import {
  type LocalCloud,
  startLocalCloud,
} from '../../../emulator/local-cloud.ts';
import { captureIo } from './support/capture-io.ts';

/** How a failure reads: one line, the cause alone, no class name. */
let cloud: LocalCloud;

beforeAll(async () => {
  cloud = await startLocalCloud({ port: 0 });
});

afterAll(async () => {
  await cloud.close();
});

describe('keyguard error lines', () => {
  it('print a plain error without a stray "Error:"', async () => {
    // Prepare
    const io = captureIo();

    // Act
    const code = await runCli(
      ['check', '--local', String(cloud.port), '--regions', 'bad region!'],
      io,
    );

    // Assert
    expect(code).toBe(1);
    expect(io.err()).toBe(
      'keyguard: "bad region!" is not a region id such as cn-hangzhou\n',
    );
  });

  it('say the file came where --local wanted a port', async () => {
    // Prepare
    const io = captureIo();

    // Act
    const code = await runCli(['provision', '--local', 'p1.json'], io);

    // Assert
    expect(code).toBe(1);
    expect(io.err()).toContain('"p1.json" is not a port');
    expect(io.err()).toContain('provision request.json --local');
    expect(io.err()).not.toContain('missing required argument');
  });
});
