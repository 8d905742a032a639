import { InvalidArgumentError } from 'commander';
import { describe, expect, it } from 'vitest';
import {
  latencyMs,
  parseBenchOptions,
  sampleCount,
} from '../../../bench/options.ts';

describe("the benchmark's numeric options", () => {
  it('takes a sample count of 1 or more whole samples', () => {
    expect(sampleCount('1')).toBe(1);
    expect(sampleCount('15')).toBe(15);
  });

  it.each(['abc', '', ' ', '0', '-3', '2.5', 'Infinity'])(
    'refuses %j as a sample count',
    (value) => {
      expect(() => sampleCount(value)).toThrow(InvalidArgumentError);
    },
  );

  it('takes a latency of 0 ms or more, fractions included', () => {
    expect(latencyMs('0')).toBe(0);
    expect(latencyMs('20')).toBe(20);
    expect(latencyMs('0.5')).toBe(0.5);
  });

  it.each(['abc', '', '-1', 'NaN', 'Infinity', '600001'])(
    'refuses %j as a latency',
    (value) => {
      expect(() => latencyMs(value)).toThrow(InvalidArgumentError);
    },
  );
});

describe("the benchmark's results file", () => {
  it('is latest.json for a full run', () => {
    const options = parseBenchOptions([]);

    expect(options).toMatchObject({
      quick: false,
      out: 'bench/results/latest.json',
    });
  });

  it('is quick.json for a quick run, so the full figures stay', () => {
    const options = parseBenchOptions(['--quick']);

    expect(options).toMatchObject({
      quick: true,
      out: 'bench/results/quick.json',
    });
  });

  it('is the one --out names, quick or not', () => {
    const options = parseBenchOptions(['--quick', '--out', 'mine.json']);

    expect(options.out).toBe('mine.json');
  });
});
