import type { AlertNotice } from '../types.ts';
import { neutraliseMarkdown, neutraliseSlack } from './escape.ts';
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
  /** Makes text, cloud values included, show as text, never markup. */
  escape(text: string): string;
}

export const markdownBlock = (
  dialect: Dialect,
  notice: AlertNotice,
  fit: Fit,
): string => {
  // Every text here may carry a value from the cloud, Logstore names
  // included: all of it is escaped, only keyguard's own markup is not.
  const text = (value: string): string =>
    clip(value, fit.maxText, dialect.escape);
  const list = logstoreList(notice, fit);
  const items = list.shown.map(
    (name) => dialect.bullet + dialect.code(dialect.escape(name)),
  );
  if (list.more > 0) items.push(dialect.bullet + moreLogstores(list.more));
  const key = keyLine(notice, fit, dialect.escape);
  const lines = [
    dialect.heading(`${statusLabel(notice)} ${text(notice.title)}`),
    text(notice.summary),
    ...(key === undefined ? [] : [key]),
    items.length === 0
      ? `${dialect.bold('Logstores')}: none named`
      : `${dialect.bold('Logstores')}:\n${items.join('\n')}`,
    ...dateLines(notice, fit, dialect.escape),
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
  escape: neutraliseMarkdown,
};

export const WECOM_DIALECT: Dialect = {
  heading: (text) => `### ${text}`,
  bold: (text) => `**${text}**`,
  code: (text) => `\`${text}\``,
  bullet: '- ',
  paragraph: '\n',
  escape: neutraliseMarkdown,
};

/** lark_md has no headings; bold stands in for them. */
export const FEISHU_DIALECT: Dialect = {
  heading: (text) => `**${text}**`,
  bold: (text) => `**${text}**`,
  code: (text) => `\`${text}\``,
  bullet: '- ',
  paragraph: '\n',
  escape: neutraliseMarkdown,
};

export const SLACK_DIALECT: Dialect = {
  heading: (text) => `*${text}*`,
  bold: (text) => `*${text}*`,
  code: (text) => `\`${text}\``,
  bullet: '• ',
  paragraph: '\n',
  escape: neutraliseSlack,
};
