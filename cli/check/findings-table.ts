import { getBorderCharacters, table } from 'table';
import type { AlertRecord } from '../../shared/health/alert-record.ts';
import { severityRank } from '../../shared/health/severity.ts';

/**
 * The findings of a check as a table for people: one row per alert (a
 * key with every Logstore it protects, or a Logstore policy breach),
 * most severe first. No colours: the table must read the same in a log
 * file as on a terminal.
 */
export const currentAlerts = (
  alerts: ReadonlyMap<string, AlertRecord>,
): AlertRecord[] =>
  [...alerts.values()]
    .filter((record) => record.status === 'firing')
    .sort(
      (a, b) =>
        severityRank(b.severity) - severityRank(a.severity) ||
        a.alertId.localeCompare(b.alertId),
    );

const MIN_WIDTH = 80;
const SEVERITY_WIDTH = 10;

/**
 * Logstores listed in one row. A key can protect hundreds, and table
 * layout grows much faster than a cell's lines (cli-table3 took 29 s for
 * one row of 80 names); the rest is counted, and `--json` lists them
 * all.
 */
export const LOGSTORES_PER_ROW = 10;

/** The lines of a row's Logstores cell. */
const listed = (logstores: readonly string[]): string[] => {
  if (logstores.length === 0) return ['-'];
  const shown = logstores.slice(0, LOGSTORES_PER_ROW);
  const more = logstores.length - shown.length;

  return more > 0 ? [...shown, `and ${more} more`] : shown;
};

// The table package refuses control characters in a cell, and a key id
// or key state is whatever SLS and KMS report; line breaks are kept.
const CONTROL = /[^\P{Cc}\n]/gu;

const cell = (text: string): string => text.replace(CONTROL, ' ');

export const findingsTable = (
  alerts: readonly AlertRecord[],
  columns = 120,
): string => {
  const width = Math.max(MIN_WIDTH, columns);
  // Four columns take 13 characters of borders and padding; the severity
  // column 10 more.
  const text = width - 13 - SEVERITY_WIDTH;
  const cells = alerts.map((alert) => listed(alert.notice.logstores));
  const longest = Math.max(12, ...cells.flat().map((line) => line.length));
  // Logstore names are what a reader acts on: as wide as the longest,
  // up to two fifths of the line. A longer name wraps, never cut short.
  const logstores = Math.min(longest, Math.floor(text * 0.4));
  const finding = Math.floor((text - logstores) * 0.55);
  const remedy = text - logstores - finding;
  const rows = alerts.map((alert, index) =>
    [
      alert.muted ? `${alert.severity} (silenced)` : alert.severity,
      `${alert.notice.title}\n${alert.notice.summary}`,
      (cells[index] ?? []).join('\n'),
      alert.notice.remedy,
    ].map(cell),
  );

  return table([['severity', 'finding', 'Logstores', 'what to do'], ...rows], {
    border: getBorderCharacters('norc'),
    columns: [
      { width: SEVERITY_WIDTH, wrapWord: true },
      { width: finding, wrapWord: true },
      { width: logstores },
      { width: remedy, wrapWord: true },
    ],
  });
};
