import { CALLER_IDENTITY, type Finding, TIME_LIMIT } from './finding.ts';

/** A project or region that could not be listed, and why (an error code). */
export interface ListingGap {
  readonly scope: string;
  readonly code: string;
}

const DENIED = new Set(['access_denied']);
const UNREACHABLE = new Set(['timeout', 'connection_failed']);

/**
 * What to do about a blind spot depends on why the listing failed: RAM
 * advice for a denial sent operators hunting for a policy problem when
 * SLS was only down or the network was unreachable.
 */
const remediesFor = (gaps: readonly ListingGap[]): string[] => {
  const codes = new Set(gaps.map((g) => g.code));
  const remedies: string[] = [];
  if ([...codes].some((c) => DENIED.has(c))) {
    remedies.push(
      `Check that ${CALLER_IDENTITY} may list SLS projects and ` +
        'Logstores (log:ListProject, log:ListLogStores, log:GetLogStore).',
    );
  }
  if ([...codes].some((c) => UNREACHABLE.has(c))) {
    remedies.push(
      'Check that SLS is reachable from where keyguard runs ' +
        '(network, VPC access, KEYGUARD_SLS_ENDPOINT).',
    );
  }
  if ([...codes].some((c) => !DENIED.has(c) && !UNREACHABLE.has(c))) {
    remedies.push(
      'SLS failed or refused the listing for a moment; the next run ' +
        'lists again. If it persists, look up the code in the run log.',
    );
  }
  return remedies;
};

/** A region's own gap is its project list, not the region again. */
const scopeName = (gap: ListingGap, region: string): string =>
  gap.scope === region ? 'the project list' : gap.scope;

/**
 * A region or project that could not be listed: a blind spot. `cutShort`
 * says the run's deadline came first, which changes what to do about it.
 */
export const scanIncomplete = (
  region: string,
  gaps: readonly ListingGap[],
  cutShort = false,
): Finding => ({
  kind: 'scan_incomplete',
  severity: 'unverified',
  region,
  detail:
    `keyguard could not list everything in ${region}: ` +
    `${gaps.map((g) => `${scopeName(g, region)} (${g.code})`).join(', ')}.` +
    (cutShort ? " The run's deadline came before the listing was done." : '') +
    ' Keys behind Logstores there may go unchecked.',
  remedy: [
    ...(cutShort
      ? [`If runs keep reaching their deadline, raise ${TIME_LIMIT}.`]
      : []),
    ...remediesFor(gaps),
  ].join(' '),
  logstores: [],
  dates: [],
});
