import fc from 'fast-check';
import type { AlertNotice } from '../../../shared/channels/types.ts';

/** The K2 PendingDeletion alert, as key-health would build it. */
export const pendingDeletion = (
  overrides: Partial<AlertNotice> = {},
): AlertNotice => ({
  alertId: 'key-demo0002/key-state',
  status: 'firing',
  severity: 'critical',
  title: 'CMK key-demo0002 (cn-hangzhou) is PendingDeletion',
  keyId: 'key-demo0002',
  region: 'cn-hangzhou',
  keyState: 'PendingDeletion',
  summary:
    'The key is scheduled for deletion in 6 days; after that every read ' +
    'and write on the Logstores below fails for good.',
  remedy: 'Cancel the key deletion (CancelKeyDeletion) to keep the data.',
  logstores: ['demo-proj/app-audit'],
  dates: [
    {
      label: 'Deletion date',
      utc: '2025-01-07T00:00:00Z',
      local: '2025-01-07 08:00 CST',
    },
  ],
  ...overrides,
});

/** Marks notice `index` so a test can find its part of a message. */
export const marker = (index: number): string => `⟦n${index}⟧`;

/** Logstore names are unique per notice and never a prefix of another
 * once wrapped in backticks, as every chat format shows them. */
export const logstoreName = (notice: number, index: number): string =>
  `proj-${notice}/store-${index}`;

const text = (maxLength: number) => fc.string({ unit: 'grapheme', maxLength });

/** Random runs: any mix of severities and states, long texts in any
 * script, and anywhere from no Logstore to thousands. */
export const noticesArbitrary = (maxNotices = 40) =>
  fc
    .array(
      fc.record({
        status: fc.constantFrom('firing', 'resolved'),
        severity: fc.constantFrom('critical', 'warning', 'unverified'),
        title: text(300),
        summary: text(2500),
        remedy: text(600),
        logstoreCount: fc.oneof(
          fc.integer({ min: 0, max: 5 }),
          fc.integer({ min: 0, max: 3000 }),
        ),
        keyId: fc.option(fc.stringMatching(/^key-[a-z0-9]{4,20}$/), {
          nil: undefined,
        }),
        dates: fc.array(
          fc.record({ label: text(40), utc: text(30), local: text(40) }),
          { maxLength: 3 },
        ),
      }),
      { minLength: 1, maxLength: maxNotices },
    )
    .map((drafts) =>
      drafts.map(
        (draft, i): AlertNotice => ({
          alertId: `alert-${i}`,
          status: draft.status as AlertNotice['status'],
          severity: draft.severity as AlertNotice['severity'],
          title: `${marker(i)} ${draft.title}`,
          ...(draft.keyId === undefined ? {} : { keyId: draft.keyId }),
          region: 'cn-hangzhou',
          summary: draft.summary,
          remedy: draft.remedy,
          logstores: Array.from({ length: draft.logstoreCount }, (_, j) =>
            logstoreName(i, j),
          ),
          dates: draft.dates,
        }),
      ),
    );
