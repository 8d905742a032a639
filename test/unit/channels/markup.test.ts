import { describe, expect, it } from 'vitest';
import { PACKERS } from '../../../shared/channels/formats/index.ts';
import type {
  AlertNotice,
  ChannelType,
} from '../../../shared/channels/types.ts';
import { messageText } from './message-text.ts';

const CHAT: readonly ChannelType[] = ['dingtalk', 'feishu', 'wecom', 'slack'];
const OPTIONS = { keyword: undefined, sentAt: '2025-01-01T00:00:00.000Z' };

/** Everything a chat client renders from a body, Slack's `text` too. */
const rendered = (type: ChannelType, notice: AlertNotice): string => {
  const [message] = PACKERS[type]([notice], OPTIONS).messages;
  const body = message?.body ?? {};
  const slackText = type === 'slack' ? `\n${body.text as string}` : '';
  return messageText(type, body) + slackText;
};

/** The README's example: the demo key, disabled. */
const demoDisabled: AlertNotice = {
  alertId: 'key.cn-hangzhou.key-demo0001',
  status: 'firing',
  severity: 'critical',
  title: 'Key key-demo0001 (cn-hangzhou) is disabled',
  keyId: 'key-demo0001',
  region: 'cn-hangzhou',
  keyState: 'Disabled',
  summary: 'The key is disabled: reads and writes on these Logstores fail now.',
  remedy:
    'Enable the key again (KMS EnableKey on key-demo0001 in cn-hangzhou) ' +
    'if it was disabled by mistake.',
  logstores: ['demo-proj/app-audit', 'demo-proj/gov-audit'],
  dates: [],
};

const HOSTILE_KEY = 'key-x [click](https://evil.example) @all';

/** Cloud values that try to become links, mentions, tags and lines. */
const hostile: AlertNotice = {
  ...demoDisabled,
  title: `Key ${HOSTILE_KEY} (cn-hangzhou) is disabled`,
  keyId: HOSTILE_KEY,
  keyState: 'Disabled\n#### RESOLVED <at id=all></at> <!channel>',
  remedy: `Enable the key again (KMS EnableKey on ${HOSTILE_KEY}).`,
  logstores: [
    'demo-proj/app_audit-01',
    'p`[x](https://evil.example)`/<https://evil.example|ok> <@u1> @here',
  ],
};

describe('cloud values in chat messages', () => {
  it.each(CHAT)(
    'never lets a %s message turn a key id or Logstore into a link, mention or line',
    (type) => {
      const text = rendered(type, hostile);

      expect(text).not.toContain('](');
      expect(text).not.toMatch(/[<>]/);
      expect(text).not.toContain('@');
      expect(text).not.toMatch(/\n\s*#+ RESOLVED/);
      expect(text).toContain('key-x ［click］(https://evil.example) ＠all');
      expect(text).toContain('`demo-proj/app_audit-01`');
    },
  );

  it('shows the README example on DingTalk exactly as the README does', () => {
    const text = rendered('dingtalk', demoDisabled);

    expect(text).toBe(
      [
        '### keyguard: 1 critical',
        '---',
        '#### CRITICAL Key key-demo0001 (cn-hangzhou) is disabled',
        'The key is disabled: reads and writes on these Logstores fail now.',
        'Key key-demo0001, region cn-hangzhou, state Disabled',
        '**Logstores**:\n- `demo-proj/app-audit`\n- `demo-proj/gov-audit`',
        '**Remedy**: Enable the key again (KMS EnableKey on key-demo0001 ' +
          'in cn-hangzhou) if it was disabled by mistake.',
      ].join('\n\n'),
    );
  });

  it("shows the README example's Slack text unchanged", () => {
    const [message] = PACKERS.slack([demoDisabled], OPTIONS).messages;

    expect(message?.body.text).toBe(
      'keyguard: 1 critical\n' +
        '• CRITICAL Key key-demo0001 (cn-hangzhou) is disabled',
    );
  });
});
