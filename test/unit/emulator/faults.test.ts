import { describe, expect, it } from 'vitest';
import { FaultInjector } from '../../../emulator/faults.ts';
import { seededRandom } from '../../../shared/clock.ts';

const target = (operation: string, fields: Record<string, string> = {}) => ({
  service: 'kms' as const,
  operation,
  fields,
});

describe('injecting faults', () => {
  it('fires a counted fault exactly that many times', () => {
    const faults = new FaultInjector(seededRandom(1));
    faults.add({
      service: 'kms',
      operation: 'DescribeKey',
      action: { kind: 'throttle' },
      times: 2,
    });
    const fired = Array.from({ length: 5 }, () =>
      faults.decide(target('DescribeKey'), 'before'),
    ).filter(Boolean);
    expect(fired).toHaveLength(2);
  });

  it('only fires for matching operation, fields and phase', () => {
    const faults = new FaultInjector(seededRandom(1));
    faults.add({
      service: 'kms',
      operation: 'DescribeKey',
      match: { KeyId: 'key-b' },
      action: { kind: 'drop' },
      phase: 'after',
    });
    expect(
      faults.decide(target('DescribeKey', { KeyId: 'key-a' }), 'after'),
    ).toBeUndefined();
    expect(
      faults.decide(target('ListKeys', { KeyId: 'key-b' }), 'after'),
    ).toBeUndefined();
    expect(
      faults.decide(target('DescribeKey', { KeyId: 'key-b' }), 'before'),
    ).toBeUndefined();
    expect(
      faults.decide(target('DescribeKey', { KeyId: 'key-b' }), 'after'),
    ).toEqual({ kind: 'drop' });
  });

  it('fires a shared fault for about its share, the same for a seed', () => {
    const run = () => {
      const faults = new FaultInjector(seededRandom(42));
      faults.add({ service: 'kms', action: { kind: 'hang' }, share: 0.3 });
      return Array.from({ length: 1000 }, () =>
        faults.decide(target('Encrypt'), 'before') ? 1 : 0,
      );
    };
    const first = run();
    const hits = first.reduce<number>((sum, hit) => sum + hit, 0);
    expect(hits).toBeGreaterThan(240);
    expect(hits).toBeLessThan(360);
    expect(run()).toEqual(first);
  });

  it('refuses a fault with an unknown kind or a bad share', () => {
    const faults = new FaultInjector(seededRandom(1));
    expect(() =>
      faults.add({ service: 'kms', action: { kind: 'boom' } as never }),
    ).toThrow(/kind/);
    expect(() =>
      faults.add({ service: 'kms', action: { kind: 'hang' }, share: 2 }),
    ).toThrow(/share/);
  });
});

describe('refusing a fault that could never fire', () => {
  const refusal = (spec: unknown): string => {
    const faults = new FaultInjector(seededRandom(1));
    try {
      faults.add(spec as never);
    } catch (error) {
      expect(faults.list()).toEqual([]);
      return (error as Error).message;
    }
    throw new Error('the fault was accepted');
  };

  it('names an operation the service does not serve', () => {
    const message = refusal({
      service: 'kms',
      operation: 'DescribeKeys',
      action: { kind: 'throttle' },
    });

    expect(message).toMatch(/^operation: /);
    expect(message).toContain('DescribeKey');
  });

  it('names an SLS operation given to KMS', () => {
    expect(
      refusal({
        service: 'kms',
        operation: 'GetLogStore',
        action: { kind: 'drop' },
      }),
    ).toMatch(/^operation: /);
  });

  it('names a phase other than before or after', () => {
    expect(
      refusal({ service: 'sls', phase: 'during', action: { kind: 'drop' } }),
    ).toMatch(/^phase: /);
  });

  it('names a match that is not an object of strings', () => {
    expect(
      refusal({ service: 'sls', match: 'x', action: { kind: 'drop' } }),
    ).toMatch(/^match: /);
    expect(
      refusal({ service: 'sls', match: { ttl: 3 }, action: { kind: 'drop' } }),
    ).toMatch(/^match\.ttl: /);
  });

  it('names a reply header that Node could not send', () => {
    const reply = (headers: Record<string, string>) => ({
      service: 'sls',
      action: { kind: 'reply', status: 200, body: '{}', headers },
    });

    expect(refusal(reply({ 'x-ok': 'x\r\ninjected: 1' }))).toMatch(
      /^action\.headers\.x-ok: .*line break/,
    );
    expect(refusal(reply({ 'bad name': 'x' }))).toMatch(/^action\.headers/);
  });

  it('names an unknown key, at the top or in the action', () => {
    expect(
      refusal({ service: 'sls', tims: 1, action: { kind: 'drop' } }),
    ).toContain('tims');
    expect(
      refusal({ service: 'sls', action: { kind: 'latency', ms: 5, s: 1 } }),
    ).toContain('s');
  });

  it('accepts every operation each service serves', () => {
    const faults = new FaultInjector(seededRandom(1));
    const drop = { kind: 'drop' } as const;

    faults.add({ service: 'sls', operation: 'ListProject', action: drop });
    faults.add({ service: 'kms', operation: 'Decrypt', action: drop });
    faults.add({ service: 'sink', operation: 'wecom', action: drop });

    expect(faults.list()).toHaveLength(3);
  });
});
