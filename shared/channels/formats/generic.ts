import type { AlertDate, AlertNotice, Severity } from '../types.ts';
import type { MessageFormat } from './format.ts';
import { jsonBytes } from './format.ts';
import { clip, logstoreList } from './text.ts';

/**
 * keyguard's own webhook body, for receivers that are not a chat robot.
 * Signed with Standard Webhooks headers when the channel has a secret.
 * A receiver should check `version` and ignore fields it does not know;
 * fields are only ever added within a version. Values are sent as KMS and
 * SLS report them, unescaped: this is data, not markup, and a receiver
 * that shows it must escape it for wherever it shows it.
 *
 * ```json
 * { "version": "1", "type": "keyguard.alerts",
 *   "sentAt": "2025-01-01T00:00:00.000Z",
 *   "page": { "index": 1, "count": 1 },
 *   "alerts": [ { "alertId": "...", "status": "firing",
 *     "severity": "critical", "title": "...", "keyId": "key-demo0001",
 *     "region": "cn-hangzhou", "keyState": "Disabled", "summary": "...",
 *     "remedy": "...", "logstores": ["demo-proj/app-audit"],
 *     "logstoresOmitted": 0,
 *     "dates": [ { "label": "...", "utc": "...", "local": "..." } ] } ],
 *   "deferredAlerts": 0 }
 * ```
 */
export const GENERIC_PAYLOAD_VERSION = '1';

export interface GenericAlertV1 {
  readonly alertId: string;
  readonly status: 'firing' | 'resolved';
  readonly severity: Severity;
  readonly title: string;
  readonly keyId?: string;
  readonly region?: string;
  readonly keyState?: string;
  readonly summary: string;
  readonly remedy: string;
  /** Shown Logstores; `logstoresOmitted` more were left out for size. */
  readonly logstores: readonly string[];
  readonly logstoresOmitted: number;
  readonly dates: readonly AlertDate[];
}

export interface GenericPayloadV1 {
  readonly version: typeof GENERIC_PAYLOAD_VERSION;
  readonly type: 'keyguard.alerts';
  readonly sentAt: string;
  /** 1-based; more than one page when the alerts did not fit one body. */
  readonly page: { readonly index: number; readonly count: number };
  readonly alerts: readonly GenericAlertV1[];
  /** Alerts held back for the next run (last page only). */
  readonly deferredAlerts: number;
}

/** keyguard's own cap, well under what common receivers accept. */
export const GENERIC_MAX_BODY_BYTES = 256 * 1024;

const toAlert = (
  notice: AlertNotice,
  fit: { maxLogstores: number; maxText: number },
): GenericAlertV1 => {
  const list = logstoreList(notice, fit);
  const text = (value: string): string => clip(value, fit.maxText);
  return {
    alertId: notice.alertId,
    status: notice.status,
    severity: notice.severity,
    title: text(notice.title),
    ...(notice.keyId === undefined ? {} : { keyId: notice.keyId }),
    ...(notice.region === undefined ? {} : { region: notice.region }),
    ...(notice.keyState === undefined ? {} : { keyState: notice.keyState }),
    summary: text(notice.summary),
    remedy: text(notice.remedy),
    logstores: list.shown,
    logstoresOmitted: list.more,
    dates: notice.dates,
  };
};

export const genericFormat: MessageFormat<GenericAlertV1> = {
  type: 'generic',
  maxMessages: 10,
  block: toAlert,
  body: (blocks, _notices, context) => {
    const payload: GenericPayloadV1 = {
      version: GENERIC_PAYLOAD_VERSION,
      type: 'keyguard.alerts',
      sentAt: context.sentAt,
      page: { index: context.page, count: context.pages },
      alerts: blocks,
      deferredAlerts: context.overflow,
    };
    return { ...payload };
  },
  fits: (body) => jsonBytes(body) <= GENERIC_MAX_BODY_BYTES,
};
