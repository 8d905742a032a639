import type { AlertNotice } from '../types.ts';
import type { MessageFormat } from './format.ts';
import { jsonBytes } from './format.ts';
import { FEISHU_DIALECT, markdownBlock } from './markdown.ts';
import { headline, overflowLine } from './text.ts';

/**
 * platform-facts §7 says "20 KB". Read as 20,000 bytes, which is safe
 * whichever of 20,000 or 20,480 Feishu means, minus room for the
 * `timestamp` and `sign` fields added to the body when it is signed.
 */
export const FEISHU_MAX_BODY_BYTES = 20_000;
const SIGN_FIELDS_BYTES = 96;

const colourOf = (notices: readonly AlertNotice[]): string => {
  const firing = notices.filter((n) => n.status === 'firing');
  if (firing.some((n) => n.severity === 'critical')) return 'red';
  return firing.length > 0 ? 'orange' : 'green';
};

const markdown = (content: string) => ({
  tag: 'div',
  text: { tag: 'lark_md', content },
});

export const feishuFormat: MessageFormat<string> = {
  type: 'feishu',
  // 100 a minute and 5 a second per bot; 10 a run leaves room for retries.
  maxMessages: 10,
  block: (notice, fit) => markdownBlock(FEISHU_DIALECT, notice, fit),
  body: (blocks, notices, context) => {
    const elements: unknown[] = [];
    for (const block of blocks) {
      if (elements.length > 0) elements.push({ tag: 'hr' });
      elements.push(markdown(block));
    }
    if (context.overflow > 0) {
      elements.push({ tag: 'hr' }, markdown(overflowLine(context.overflow)));
    }
    return {
      msg_type: 'interactive',
      card: {
        config: { wide_screen_mode: true },
        header: {
          template: colourOf(notices),
          title: { tag: 'plain_text', content: headline(context) },
        },
        elements,
      },
    };
  },
  fits: (body) => jsonBytes(body) + SIGN_FIELDS_BYTES <= FEISHU_MAX_BODY_BYTES,
};
