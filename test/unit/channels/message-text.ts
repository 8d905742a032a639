import type { ChannelType } from '../../../shared/channels/types.ts';

type Body = Record<string, unknown>;

/** What a reader of the chat would see, per channel. */
export const messageText = (type: ChannelType, body: Body): string => {
  switch (type) {
    case 'dingtalk':
      return (body.markdown as { text: string }).text;
    case 'wecom':
      return (body.markdown as { content: string }).content;
    case 'feishu': {
      const card = body.card as {
        header: { title: { content: string } };
        elements: { text?: { content: string } }[];
      };
      return [
        card.header.title.content,
        ...card.elements.map((element) => element.text?.content ?? ''),
      ].join('\n');
    }
    case 'slack':
      return (body.blocks as { text: { text: string } }[])
        .map((block) => block.text.text)
        .join('\n');
    case 'generic':
      return JSON.stringify(body);
  }
};

const bytes = (text: string): number => Buffer.byteLength(text, 'utf8');

/** Each channel's documented limit, checked from the outside. */
export const withinLimit = (type: ChannelType, body: Body): boolean => {
  switch (type) {
    case 'dingtalk':
      return bytes(JSON.stringify(body)) <= 20_000;
    case 'feishu':
      // As sent: with the timestamp and sign of a signed bot.
      return (
        bytes(
          JSON.stringify({
            ...body,
            timestamp: '1735689600',
            sign: 'PLUlJYB/DKPmVp+s+tvGGUHqfBBr7kv4LrbZTV1a9RE=',
          }),
        ) <= 20_000
      );
    case 'wecom':
      return bytes(messageText('wecom', body)) <= 4096;
    case 'slack': {
      const blocks = body.blocks as { text: { text: string } }[];
      return (
        blocks.length <= 50 &&
        blocks.every((block) => block.text.text.length <= 3000) &&
        bytes(JSON.stringify(body)) <= 40_000
      );
    }
    case 'generic':
      return bytes(JSON.stringify(body)) <= 256 * 1024;
  }
};
