import type { AlertNotice } from '../types.ts';
import type { Fit } from './format.ts';
import {
  clip,
  dateLines,
  keyLine,
  logstoreList,
  moreLogstores,
  statusLabel,
} from './text.ts';

/**
 * The chat robots all speak a flavour of markdown; a dialect says how
 * this one writes headings, bold text, code and lists.
 */
export interface Dialect {
  heading(text: string): string;
  bold(text: string): string;
  code(text: string): string;
  readonly bullet: string;
  /** Between the paragraphs of a block. */
  readonly paragraph: string;
  /** Characters the channel would read as markup. */
  escape(text: string): string;
}

const none = (text: string): string => text;

export const markdownBlock = (
  dialect: Dialect,
  notice: AlertNotice,
  fit: Fit,
): string => {
  const text = (value: string): string =>
    dialect.escape(clip(value, fit.maxText));
  const list = logstoreList(notice, fit);
  const items = list.shown.map((name) => dialect.bullet + dialect.code(name));
  if (list.more > 0) items.push(dialect.bullet + moreLogstores(list.more));
  const key = keyLine(notice, fit);
  const lines = [
    dialect.heading(`${statusLabel(notice)} ${text(notice.title)}`),
    text(notice.summary),
    ...(key === undefined ? [] : [dialect.escape(key)]),
    items.length === 0
      ? `${dialect.bold('Logstores')}: none named`
      : `${dialect.bold('Logstores')}:\n${items.join('\n')}`,
    ...dateLines(notice, fit).map((line) => dialect.escape(line)),
    `${dialect.bold('Remedy')}: ${text(notice.remedy)}`,
  ];
  return lines.join(dialect.paragraph);
};

export const DINGTALK_DIALECT: Dialect = {
  heading: (text) => `#### ${text}`,
  bold: (text) => `**${text}**`,
  code: (text) => `\`${text}\``,
  bullet: '- ',
  paragraph: '\n\n',
  escape: none,
};

export const WECOM_DIALECT: Dialect = {
  heading: (text) => `### ${text}`,
  bold: (text) => `**${text}**`,
  code: (text) => `\`${text}\``,
  bullet: '- ',
  paragraph: '\n',
  escape: none,
};

/** lark_md has no headings; bold stands in for them. */
export const FEISHU_DIALECT: Dialect = {
  heading: (text) => `**${text}**`,
  bold: (text) => `**${text}**`,
  code: (text) => `\`${text}\``,
  bullet: '- ',
  paragraph: '\n',
  escape: none,
};

/** Slack's mrkdwn reserves &, < and > for its own control sequences. */
export const SLACK_DIALECT: Dialect = {
  heading: (text) => `*${text}*`,
  bold: (text) => `*${text}*`,
  code: (text) => `\`${text}\``,
  bullet: '• ',
  paragraph: '\n',
  escape: (text) =>
    text
      .replaceAll('&', '&amp;')
      .replaceAll('<', '&lt;')
      .replaceAll('>', '&gt;'),
};
