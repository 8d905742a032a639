import type { AlertNotice } from '../types.ts';
import { escapeSlackControl } from './escape.ts';
import type { MessageFormat } from './format.ts';
import { jsonBytes } from './format.ts';
import { markdownBlock, SLACK_DIALECT } from './markdown.ts';
import { clip, headline, overflowLine, statusLabel } from './text.ts';

/** Slack's Block Kit limits: 50 blocks a message, 3000 characters a
 * section. The body cap is keyguard's own guard, under Slack's 40,000
 * characters for `text`. */
export const SLACK_MAX_BLOCKS = 50;
export const SLACK_MAX_SECTION_CHARS = 3000;
export const SLACK_MAX_TEXT_CHARS = 3000;
export const SLACK_MAX_BODY_BYTES = 40_000;

const section = (text: string) => ({
  type: 'section',
  text: { type: 'mrkdwn', text },
});

/**
 * The top-level `text` is what notifications and screen readers show, and
 * a body without it is refused (`no_text`): the headline plus one line per
 * notice, as many as fit, then a count of the rest.
 */
export const slackText = (
  title: string,
  notices: readonly AlertNotice[],
): string => {
  const lines = [escapeSlackControl(title)];
  let length = lines[0]?.length ?? 0;
  for (const [index, notice] of notices.entries()) {
    const line =
      `• ${statusLabel(notice)} ` +
      clip(notice.title, 150, SLACK_DIALECT.escape);
    const rest = notices.length - index;
    // Leave room for the "and N more" line that may follow.
    if (length + line.length + 40 > SLACK_MAX_TEXT_CHARS) {
      lines.push(`and ${rest} more alert${rest === 1 ? '' : 's'}`);
      break;
    }
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n');
};

export const slackFormat: MessageFormat<string> = {
  type: 'slack',
  // About one message a second per webhook.
  maxMessages: 10,
  block: (notice, fit) => markdownBlock(SLACK_DIALECT, notice, fit),
  blockFits: (block) => block.length <= SLACK_MAX_SECTION_CHARS,
  body: (blocks, notices, context) => {
    const title = headline(context);
    const all = [section(`*${escapeSlackControl(title)}*`)];
    all.push(...blocks.map(section));
    if (context.overflow > 0) {
      all.push(section(`_${overflowLine(context.overflow)}_`));
    }
    return { text: slackText(title, notices), blocks: all };
  },
  fits: (body) =>
    (body.blocks as unknown[]).length <= SLACK_MAX_BLOCKS &&
    (body.text as string).length <= SLACK_MAX_TEXT_CHARS &&
    jsonBytes(body) <= SLACK_MAX_BODY_BYTES,
};
