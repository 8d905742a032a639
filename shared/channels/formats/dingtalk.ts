import type { MessageFormat } from './format.ts';
import { jsonBytes } from './format.ts';
import { DINGTALK_DIALECT, markdownBlock } from './markdown.ts';
import { headline, overflowLine } from './text.ts';

/** platform-facts §7: a robot refuses bodies over 20,000 bytes (460101). */
export const DINGTALK_MAX_BODY_BYTES = 20_000;

export const dingtalkFormat: MessageFormat<string> = {
  type: 'dingtalk',
  // 20 messages a minute per robot, then a 10-minute block: stay well
  // under it even when the run is retried.
  maxMessages: 10,
  block: (notice, fit) => markdownBlock(DINGTALK_DIALECT, notice, fit),
  body: (blocks, _notices, context) => {
    const title = headline(context);
    const parts = [`### ${title}`, ...blocks];
    if (context.overflow > 0) parts.push(`*${overflowLine(context.overflow)}*`);
    return {
      msgtype: 'markdown',
      markdown: { title, text: parts.join('\n\n---\n\n') },
    };
  },
  fits: (body) => jsonBytes(body) <= DINGTALK_MAX_BODY_BYTES,
};
