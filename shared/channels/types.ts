/**
 * What the key-health run hands the alert channels, and what they hand
 * back. key-health builds AlertNotice values; sendNotices turns them into
 * one channel's messages and reports which ones the channel confirmed.
 */
export type ChannelType = 'dingtalk' | 'feishu' | 'wecom' | 'slack' | 'generic';

export const CHANNEL_TYPES = [
  'dingtalk',
  'feishu',
  'wecom',
  'slack',
  'generic',
] as const satisfies readonly ChannelType[];

export type Severity = 'critical' | 'warning' | 'unverified';

export const SEVERITIES = [
  'critical',
  'warning',
  'unverified',
] as const satisfies readonly Severity[];

export interface AlertDate {
  readonly label: string;
  readonly utc: string;
  readonly local: string;
}

export interface AlertNotice {
  /** Stable id of the alert: one per key and finding kind. */
  readonly alertId: string;
  readonly status: 'firing' | 'resolved';
  readonly severity: Severity;
  /** One line: "CMK key-demo0001 (cn-hangzhou) is Disabled". */
  readonly title: string;
  readonly keyId?: string;
  readonly region?: string;
  readonly keyState?: string;
  /** Plain text: what is wrong and what breaks. */
  readonly summary: string;
  /** Plain text. */
  readonly remedy: string;
  /** Every affected "project/logstore". */
  readonly logstores: readonly string[];
  readonly dates: readonly AlertDate[];
  /** Names this notice to one channel, the same until the channel
   * confirms it: a message resent after a lost answer keeps its id. */
  readonly noticeId?: string;
}

export interface ChannelConfig {
  readonly name: string;
  readonly type: ChannelType;
  /** A credential: never logged. */
  readonly url: string;
  /** A credential: never logged. */
  readonly secret?: string;
  readonly minSeverity: Severity;
  /** DingTalk and Feishu robots may demand a keyword in every message. */
  readonly keyword?: string;
}

export type DeliveryOutcome =
  | 'delivered'
  | 'partial'
  | 'failed'
  | 'misconfigured'
  | 'skipped';

export interface DeliveryReport {
  readonly channel: string;
  readonly outcome: DeliveryOutcome;
  /** Notices carried by messages the channel confirmed. */
  readonly deliveredAlertIds: readonly string[];
  /** HTTP requests made, retries included. */
  readonly attempts: number;
  /** A code such as `errcode_310000` or `http_503`; never a URL or secret. */
  readonly error?: string;
}
