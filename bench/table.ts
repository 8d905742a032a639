import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Machine } from './machine.ts';

/**
 * One benchmark row: what was measured, the floor or baseline it is held
 * against (measured in the same run, or computed), keyguard's figure, and
 * their ratio against the goal. Rows without a goal are information.
 */
export interface Row {
  readonly what: string;
  readonly floor: string;
  readonly keyguard: string;
  /** keyguard ÷ floor; null where the row is a plain count. */
  readonly ratio: number | null;
  readonly goal: string;
  /** null: no goal for this row. */
  readonly met: boolean | null;
  /** Why a goal was missed, or how the figure was scaled. */
  readonly note?: string;
}

export interface Results {
  readonly machine: Machine;
  /** A `--quick` smoke test: a smaller inventory and fewer samples. */
  readonly quick: boolean;
  readonly startedAt: string;
  readonly durationS: number;
  readonly rows: readonly Row[];
  /** The raw measurements the rows were made from. */
  readonly figures: Readonly<Record<string, unknown>>;
}

const cell = (text: string): string => text.replaceAll('|', '\\|');

// Tiny ratios (27 ms against a 600 s timer) keep one significant digit.
const ratioText = (ratio: number | null): string =>
  ratio === null
    ? '—'
    : `${ratio < 0.01 ? ratio.toPrecision(1) : ratio.toFixed(2)}×`;

const metText = (met: boolean | null): string =>
  met === null ? '—' : met ? 'yes' : '**no**';

export const markdownTable = (rows: readonly Row[]): string => {
  const lines = [
    '| what | floor / baseline | keyguard | ratio | goal | met? |',
    '|---|---|---|---|---|---|',
    ...rows.map(
      (row) =>
        `| ${cell(row.what)} | ${cell(row.floor)} | ${cell(row.keyguard)} ` +
        `| ${ratioText(row.ratio)} | ${cell(row.goal)} | ${metText(row.met)} |`,
    ),
  ];
  const notes = rows
    .map((row, index) =>
      row.note === undefined ? '' : `${index + 1}. ${row.note}`,
    )
    .filter((note) => note !== '');
  return notes.length === 0
    ? lines.join('\n')
    : `${lines.join('\n')}\n\nNotes by row:\n\n${notes.join('\n')}`;
};

export const machineLine = (machine: Machine): string =>
  `Machine: ${machine.cpu}, ${machine.cores} cores, ` +
  `${machine.memoryGiB} GiB, ` +
  `Node ${machine.node}, ${machine.platform}; load average at start ` +
  `${machine.loadAverage.map((n) => n.toFixed(2)).join(' ')}.`;

export const writeResults = async (
  file: string,
  results: Results,
): Promise<void> => {
  await mkdir(path.dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(results, null, 2)}\n`);
};
