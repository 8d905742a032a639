import { describe, expect, it } from 'vitest';
import { median, quantile } from '../../../bench/stats.ts';
import { markdownTable } from '../../../bench/table.ts';
import { pointImportsAtJs } from '../../../bench/unbundled.ts';

describe('the benchmark table', () => {
  it('writes a row per figure with its ratio, and misses in bold', () => {
    const table = markdownTable([
      {
        what: 'calls | pages',
        floor: '10',
        keyguard: '12',
        ratio: 1.2,
        goal: '≤ 1.00×',
        met: false,
        note: 'two retries',
      },
      {
        what: 'zip',
        floor: '—',
        keyguard: '5',
        ratio: null,
        goal: '—',
        met: null,
      },
      {
        what: 'alert',
        floor: '60 s',
        keyguard: '27 ms',
        ratio: 0.00045,
        goal: '< 5 s',
        met: true,
      },
    ]);

    expect(table.split('\n').slice(0, 5)).toEqual([
      '| what | floor / baseline | keyguard | ratio | goal | met? |',
      '|---|---|---|---|---|---|',
      '| calls \\| pages | 10 | 12 | 1.20× | ≤ 1.00× | **no** |',
      '| zip | — | 5 | — | — | — |',
      '| alert | 60 s | 27 ms | 0.0004× | < 5 s | yes |',
    ]);
    expect(table).toContain('1. two retries');
  });
});

describe('medians and quantiles', () => {
  it('takes the middle, or the mean of the two middles', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(quantile([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 0.9)).toBe(9);
  });
});

describe('the unbundled baseline', () => {
  it('points relative .ts imports at .js and leaves packages alone', () => {
    const code = [
      'import { a } from "./a.ts";',
      "import b from '../shared/b.ts';",
      'const c = await import("./c.ts");',
      'import pino from "pino";',
      'const name = "file.ts";',
    ].join('\n');

    expect(pointImportsAtJs(code).split('\n')).toEqual([
      'import { a } from "./a.js";',
      "import b from '../shared/b.js';",
      'const c = await import("./c.js");',
      'import pino from "pino";',
      'const name = "file.ts";',
    ]);
  });
});
