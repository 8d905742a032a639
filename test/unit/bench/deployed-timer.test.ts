import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  deployedTimerSeconds,
  everySeconds,
} from '../../../bench/deployed-timer.ts';
import { alertRow } from '../../../bench/rows.ts';
import { markdownTable } from '../../../bench/table.ts';

describe("the deployed timer's interval", () => {
  it("is s.yaml's key-health timer, every 10 minutes", () => {
    expect(deployedTimerSeconds()).toBe(600);
  });

  it('reads the timer of the s.yaml it is given', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'keyguard-timer-'));
    const file = join(dir, 's.yaml');
    await writeFile(
      file,
      [
        'resources:',
        '  key-health:',
        '    props:',
        '      triggers:',
        '        - triggerType: eventbridge',
        '        - triggerType: timer',
        '          triggerConfig:',
        "            cronExpression: '@every 1h'",
      ].join('\n'),
    );

    expect(deployedTimerSeconds(file)).toBe(3_600);
  });

  it.each([
    ['@every 10m', 600],
    ['@every 45s', 45],
    ['@every 1h30m', 5_400],
  ])('counts %s as %d s', (cron, seconds) => {
    expect(everySeconds(cron)).toBe(seconds);
  });

  it.each(['0 */10 * * * *', '@every 0m', '@every 10'])(
    'refuses %j, which it cannot count',
    (cron) => {
      expect(() => everySeconds(cron)).toThrow();
    },
  );
});

describe('the time-to-alert row', () => {
  it('holds the median against the deployed timer, and says so', () => {
    const row = alertRow([40, 41, 42], 600);

    expect(row.floor).toBe('deployed timer, every 10 min (s.yaml)');
    expect(row.ratio).toBe(41 / 600_000);
    expect(markdownTable([row])).toContain(
      '| deployed timer, every 10 min (s.yaml) | 41 ms | 0.00007× |',
    );
  });
});
