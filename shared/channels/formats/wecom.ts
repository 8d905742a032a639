import type { MessageFormat } from './format.ts';
import { utf8Bytes } from './format.ts';
import { markdownBlock, WECOM_DIALECT } from './markdown.ts';
import { headline, overflowLine } from './text.ts';

/** platform-facts §7: markdown.content over 4096 UTF-8 bytes is 40058. */
export const WECOM_MAX_CONTENT_BYTES = 4096;

const contentOf = (body: Record<string, unknown>): string =>
  (body.markdown as { content: string }).content;

export const wecomFormat: MessageFormat<string> = {
  type: 'wecom',
  // 20 messages a minute per robot.
  maxMessages: 10,
  block: (notice, fit) => markdownBlock(WECOM_DIALECT, notice, fit),
  body: (blocks, _notices, context) => {
    const parts = [`## ${headline(context)}`, ...blocks];
    if (context.overflow > 0) {
      parts.push(
        `<font color="comment">${overflowLine(context.overflow)}</font>`,
      );
    }
    return { msgtype: 'markdown', markdown: { content: parts.join('\n\n') } };
  },
  fits: (body) => utf8Bytes(contentOf(body)) <= WECOM_MAX_CONTENT_BYTES,
};
