import Table from 'cli-table3';
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

export const findingsTable = (
  alerts: readonly AlertRecord[],
  columns = 120,
): string => {
  const width = Math.max(MIN_WIDTH, columns);
  // Borders and padding take 3 characters per column plus one.
  const text = width - 13 - 12;
  const longest = Math.max(
    9,
    ...alerts.flatMap((alert) => alert.notice.logstores.map((l) => l.length)),
  );
  // Logstore names are what a reader acts on: as wide as the longest,
  // up to two fifths of the line.
  const logstores = Math.min(longest + 2, Math.floor(text * 0.4));
  const finding = Math.floor((text - logstores) * 0.55);
  const table = new Table({
    head: ['severity', 'finding', 'Logstores', 'what to do'],
    colWidths: [12, finding, logstores, text - logstores - finding],
    wordWrap: true,
    wrapOnWordBoundary: true,
    style: { head: [], border: [] },
  });
  for (const alert of alerts) {
    const notice = alert.notice;
    table.push([
      alert.muted ? `${alert.severity} (silenced)` : alert.severity,
      `${notice.title}\n${notice.summary}`,
      // A name longer than the column wraps rather than being cut short.
      {
        content: notice.logstores.join('\n') || '-',
        wrapOnWordBoundary: false,
      },
      notice.remedy,
    ]);
  }

  return table.toString();
};
