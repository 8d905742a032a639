import type { AlertNotice } from '../types.ts';
import type { Fit, PageContext } from './format.ts';

/**
 * Plain-text pieces every chat format shares, so the wording is the same
 * on every channel and the "and N more" rule lives in one place.
 */
/** How a format makes text safe to show; by default it is left as is. */
type Escape = (text: string) => string;
const verbatim: Escape = (text) => text;

/** Escapes what is kept; the marker is keyguard's own and stays as is. */
export const clip = (
  text: string,
  max: number,
  shown: Escape = verbatim,
): string => {
  const chars = Array.from(text);
  if (chars.length <= max) return shown(text);
  const cut = chars.length - max;
  return `${shown(chars.slice(0, max).join(''))}… [${cut} more characters]`;
};

export const statusLabel = (notice: AlertNotice): string =>
  notice.status === 'resolved' ? 'RESOLVED' : notice.severity.toUpperCase();

export interface LogstoreList {
  readonly shown: readonly string[];
  readonly more: number;
}

export const logstoreList = (notice: AlertNotice, fit: Fit): LogstoreList => {
  const count = Math.min(notice.logstores.length, fit.maxLogstores);
  return {
    shown: notice.logstores.slice(0, count),
    more: notice.logstores.length - count,
  };
};

export const moreLogstores = (more: number): string =>
  `and ${more} more Logstore${more === 1 ? '' : 's'}`;

export const keyLine = (
  notice: AlertNotice,
  fit: Fit,
  shown: Escape = verbatim,
): string | undefined => {
  const parts = [
    notice.keyId === undefined ? '' : `Key ${notice.keyId}`,
    notice.region === undefined ? '' : `region ${notice.region}`,
    notice.keyState === undefined ? '' : `state ${notice.keyState}`,
  ].filter((part) => part !== '');
  return parts.length === 0
    ? undefined
    : clip(parts.join(', '), fit.maxText, shown);
};

export const dateLines = (
  notice: AlertNotice,
  fit: Fit,
  shown: Escape = verbatim,
): string[] =>
  notice.dates.map((date) =>
    clip(`${date.label}: ${date.utc} (${date.local})`, fit.maxText, shown),
  );

export const runTotals = (notices: readonly AlertNotice[]): string => {
  const count = (test: (notice: AlertNotice) => boolean): number =>
    notices.filter(test).length;
  const parts: [number, string][] = [
    [
      count((n) => n.status === 'firing' && n.severity === 'critical'),
      'critical',
    ],
    [
      count((n) => n.status === 'firing' && n.severity === 'warning'),
      'warning',
    ],
    [
      count((n) => n.status === 'firing' && n.severity === 'unverified'),
      'unverified',
    ],
    [count((n) => n.status === 'resolved'), 'resolved'],
  ];
  return parts
    .filter(([n]) => n > 0)
    .map(([n, label]) => `${n} ${label}`)
    .join(', ');
};

/** "keyguard: 2 critical, 1 resolved (1/3)", keyword first when set. */
export const headline = (context: PageContext): string => {
  const page = context.pages > 1 ? ` (${context.page}/${context.pages})` : '';
  const keyword = context.keyword === undefined ? '' : `[${context.keyword}] `;
  return `${keyword}keyguard: ${context.totals}${page}`;
};

export const overflowLine = (overflow: number): string =>
  `${overflow} more alert${overflow === 1 ? '' : 's'} did not fit this ` +
  'run and will be sent in the next run.';
