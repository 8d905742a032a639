import type { SinkMessage } from '../../emulator/sink/service.ts';

/**
 * What one message the webhook sink received says about each alert,
 * read back from the channel's own format: the generic channel's JSON
 * alerts, or the headings of the chat robots' markdown blocks. Chaos
 * invariants and the time-to-alert benchmark judge deliveries by this,
 * not by what keyguard says it sent.
 */
export type NoticeLabel = 'CRITICAL' | 'WARNING' | 'UNVERIFIED' | 'RESOLVED';

export interface SeenNotice {
  /** `key:<keyId>`, `scan:<region>`, or `policy:<title>`. */
  readonly subject: string;
  readonly status: 'firing' | 'resolved';
  readonly label: NoticeLabel;
  readonly title: string;
  /** The key state the notice names, if any. */
  readonly state?: string;
  readonly logstores: readonly string[];
}

const HEADING =
  /^(?:#{1,6} |\*{1,2})(CRITICAL|WARNING|UNVERIFIED|RESOLVED) (.+?)\**$/gm;
const KEY_TITLE = /^(?:Resolved: )?Key (\S+) \(/;
const SCAN_TITLE = /^(?:Resolved: )?Scan incomplete in (\S+)/;
const STATE = /\bstate ([A-Za-z]+)/;
const LOGSTORE = /`([a-z0-9][a-z0-9-]*\/[a-z0-9][a-z0-9_-]*)`/g;

export const subjectOf = (title: string): string => {
  const key = KEY_TITLE.exec(title)?.[1];
  if (key !== undefined) return `key:${key}`;
  const region = SCAN_TITLE.exec(title)?.[1];
  if (region !== undefined) return `scan:${region}`;
  return `policy:${title.replace(/^Resolved: /, '')}`;
};

const record = (value: unknown): Record<string, unknown> =>
  typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)
    : {};

const list = (value: unknown): unknown[] => (Array.isArray(value) ? value : []);

/** The markdown texts of a chat robot's message body. */
const textsOf = (channel: SinkMessage['channel'], body: unknown): string[] => {
  const b = record(body);
  switch (channel) {
    case 'dingtalk':
      return [String(record(b.markdown).text ?? '')];
    case 'wecom':
      return [String(record(b.markdown).content ?? '')];
    case 'feishu':
      return list(record(b.card).elements).map((element) =>
        String(record(record(element).text).content ?? ''),
      );
    case 'slack':
      // Blocks only: the top-level `text` repeats each title as a summary.
      return list(b.blocks).map((block) =>
        String(record(record(block).text).text ?? ''),
      );
    case 'generic':
      return [];
  }
};

const fromMarkdown = (text: string): SeenNotice[] => {
  const headings = [...text.matchAll(HEADING)];
  return headings.map((match, index) => {
    const label = match[1] as NoticeLabel;
    const title = match[2] ?? '';
    const end = headings[index + 1]?.index ?? text.length;
    const block = text.slice(match.index, end);
    const state = STATE.exec(block)?.[1];
    return {
      subject: subjectOf(title),
      status: label === 'RESOLVED' ? 'resolved' : 'firing',
      label,
      title,
      ...(state === undefined ? {} : { state }),
      logstores: [...block.matchAll(LOGSTORE)].map((m) => m[1] ?? ''),
    };
  });
};

const fromGeneric = (body: unknown): SeenNotice[] =>
  list(record(body).alerts).map((value) => {
    const alert = record(value);
    const status = alert.status === 'resolved' ? 'resolved' : 'firing';
    const title = String(alert.title ?? '');
    const state = alert.keyState;
    return {
      subject:
        typeof alert.keyId === 'string'
          ? `key:${alert.keyId}`
          : subjectOf(title),
      status,
      label:
        status === 'resolved'
          ? 'RESOLVED'
          : (String(alert.severity).toUpperCase() as NoticeLabel),
      title,
      ...(typeof state === 'string' ? { state } : {}),
      logstores: list(alert.logstores).map(String),
    };
  });

export const noticesOf = (message: SinkMessage): SeenNotice[] =>
  message.channel === 'generic'
    ? fromGeneric(message.body)
    : textsOf(message.channel, message.body).flatMap(fromMarkdown);
