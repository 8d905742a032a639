import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { LocalCloud } from '../../../emulator/local-cloud.ts';
import { harness, p1Request, startCloud, storedLogstores } from './support.ts';

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

const refusedWithoutSls = async (
  request: Record<string, unknown>,
  path: string,
) => {
  const answer = await harness(cloud).post(request);

  expect(answer.status).toBe(400);
  expect(answer.body.code).toBe('invalid_request');
  expect(cloud.control.requests()).toEqual([]);
  const errors = (
    answer.body.errors as { path: string; rule: string }[]
  ).filter((e) => e.path === path);
  expect(errors.length).toBeGreaterThan(0);
  return errors;
};

describe('P4: names', () => {
  it.each([
    ['app.audit', 'characters'],
    ['App-Audit', 'characters'],
    ['ab', 'length'],
    ['a'.repeat(64), 'length'],
    ['-audit', 'first_last_character'],
    ['audit_', 'first_last_character'],
    ['审计', 'characters'],
  ])(
    'refuses logstoreName %j with rule %s and no SLS call',
    async (name, rule) => {
      const errors = await refusedWithoutSls(
        p1Request({ logstoreName: name }),
        'logstoreName',
      );

      expect(errors.map((e) => e.rule)).toContain(rule);
    },
  );

  it.each([
    ['demo_proj', 'characters'],
    ['Demo-Proj', 'characters'],
  ])('refuses project %j with rule %s and no SLS call', async (name, rule) => {
    const errors = await refusedWithoutSls(
      p1Request({ project: name }),
      'project',
    );

    expect(errors.map((e) => e.rule)).toContain(rule);
  });

  it('creates Logstores named app_audit-01, 63 × a and a1b', async () => {
    const fn = harness(cloud);
    const names = ['app_audit-01', 'a'.repeat(63), 'a1b'];

    const answers = await Promise.all(
      names.map((name) => fn.post(p1Request({ logstoreName: name }))),
    );

    expect(answers.map((a) => a.status)).toEqual([201, 201, 201]);
    expect(
      storedLogstores(cloud)
        .map((l) => l.logstoreName)
        .sort(),
    ).toEqual([...names].sort());
  });
});

describe('P5: ranges', () => {
  it.each([
    [{ ttl: 0 }, 'ttl', '1 to 3650'],
    [{ ttl: 3651 }, 'ttl', '1 to 3650'],
    [{ ttl: 30.5 }, 'ttl', '1 to 3650'],
    [{ shardCount: 0 }, 'shardCount', '1 to 400'],
    [{ hot_ttl: 5 }, 'hot_ttl', '7 to ttl'],
    [{ hot_ttl: 60, ttl: 30 }, 'hot_ttl', 'exceed ttl (30)'],
    [{ autoSplit: true }, 'maxSplitShard', '1 to 256'],
    [{ maxSplitShard: 257 }, 'maxSplitShard', '1 to 256'],
  ])(
    'refuses %j naming %s and its range, with no SLS call',
    async (fields, path, range) => {
      const errors = await refusedWithoutSls(p1Request(fields), path);

      expect(JSON.stringify(errors)).toContain(range);
    },
  );

  it.each([
    ['ttl 3650', { ttl: 3650 }],
    ['hot_ttl 7 with ttl 7', { hot_ttl: 7, ttl: 7 }],
    [
      'autoSplit with maxSplitShard 256',
      { autoSplit: true, maxSplitShard: 256 },
    ],
  ])('creates a Logstore with %s, as sent', async (_, fields) => {
    const answer = await harness(cloud).post(p1Request(fields));

    expect(answer.status).toBe(201);
    expect(storedLogstores(cloud)[0]?.fields).toMatchObject(fields);
  });
});
