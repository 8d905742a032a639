import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PACKERS } from '../../../shared/channels/formats/index.ts';
import type {
  AlertNotice,
  ChannelType,
} from '../../../shared/channels/types.ts';
import { messageText, withinLimit } from './message-text.ts';
import { marker, noticesArbitrary, pendingDeletion } from './notices.ts';

const CHAT: readonly ChannelType[] = ['dingtalk', 'feishu', 'wecom', 'slack'];
const OPTIONS = { keyword: 'kg-alert', sentAt: '2025-01-01T00:00:00.000Z' };

/** The part of a message that belongs to notice `index`. */
const partOf = (text: string, index: number): string => {
  const start = text.indexOf(marker(index));
  if (start < 0) return '';
  const next = text.indexOf('⟦n', start + marker(index).length);
  return text.slice(start, next < 0 ? undefined : next);
};

const shownPlusMore = (part: string, notice: AlertNotice): number => {
  const shown = notice.logstores.filter((name) =>
    part.includes(`\`${name}\``),
  ).length;
  const more = /and (\d+) more Logstores?/.exec(part)?.[1];
  return shown + Number(more ?? 0);
};

describe('packing notices into chat messages', () => {
  it.each(CHAT)(
    'keeps every %s message within the channel limit and accounts for every alert and Logstore',
    (type) => {
      fc.assert(
        fc.property(noticesArbitrary(), (notices) => {
          const packing = PACKERS[type](notices, OPTIONS);

          const carried = packing.messages.flatMap((m) => m.alertIds);
          expect(new Set(carried).size).toBe(carried.length);
          expect(
            [...carried, ...packing.deferred.map((n) => n.alertId)].sort(),
          ).toEqual(notices.map((n) => n.alertId).sort());
          for (const message of packing.messages) {
            expect(withinLimit(type, message.body)).toBe(true);
            const text = messageText(type, message.body);
            expect(text).toContain('kg-alert');
            for (const id of message.alertIds) {
              const index = Number(id.slice('alert-'.length));
              const notice = notices[index] as AlertNotice;
              const part = partOf(text, index);
              expect(part).not.toBe('');
              expect(shownPlusMore(part, notice)).toBe(notice.logstores.length);
            }
          }
          const last = packing.messages.at(-1);
          if (packing.deferred.length > 0 && last !== undefined) {
            expect(messageText(type, last.body)).toContain(
              `${packing.deferred.length} more alert`,
            );
          }
        }),
        { numRuns: 30 },
      );
    },
  );

  it('gives every Slack message a non-empty top-level text', () => {
    fc.assert(
      fc.property(
        noticesArbitrary(),
        fc.option(fc.string(), { nil: undefined }),
        (notices, keyword) => {
          const packing = PACKERS.slack(notices, { ...OPTIONS, keyword });

          for (const message of packing.messages) {
            const text = message.body.text;
            expect(typeof text).toBe('string');
            expect((text as string).trim()).not.toBe('');
            expect((text as string).length).toBeLessThanOrEqual(3000);
          }
        },
      ),
      { numRuns: 30 },
    );
  });

  it('keeps generic bodies within their cap and counts omitted Logstores', () => {
    fc.assert(
      fc.property(noticesArbitrary(), (notices) => {
        const packing = PACKERS.generic(notices, OPTIONS);

        for (const message of packing.messages) {
          expect(withinLimit('generic', message.body)).toBe(true);
          expect(message.body.version).toBe('1');
          const alerts = message.body.alerts as {
            alertId: string;
            logstores: string[];
            logstoresOmitted: number;
          }[];
          for (const alert of alerts) {
            const notice = notices.find((n) => n.alertId === alert.alertId);
            expect(alert.logstores.length + alert.logstoresOmitted).toBe(
              notice?.logstores.length,
            );
          }
        }
      }),
      { numRuns: 30 },
    );
  });

  it.each(CHAT)(
    'puts a small run, resolved alerts included, into one %s message',
    (type) => {
      const notices = [
        pendingDeletion(),
        pendingDeletion({
          alertId: 'key-demo0001/key-state',
          status: 'resolved',
          severity: 'warning',
        }),
        pendingDeletion({
          alertId: 'key-demo0003/material',
          severity: 'unverified',
        }),
      ];

      const packing = PACKERS[type](notices, OPTIONS);

      expect(packing.messages).toHaveLength(1);
      expect(packing.deferred).toEqual([]);
      expect([...(packing.messages[0]?.alertIds ?? [])].sort()).toEqual(
        notices.map((n) => n.alertId).sort(),
      );
      const text = messageText(type, packing.messages[0]?.body ?? {});
      expect(text).toContain('RESOLVED');
      expect(text).toContain('demo-proj/app-audit');
      expect(text).toContain('2025-01-07T00:00:00Z');
    },
  );

  it('shows one alert with 5,000 Logstores in one WeCom message, counting the rest', () => {
    const logstores = Array.from(
      { length: 5000 },
      (_, i) => `demo-proj/ls-${i}`,
    );

    const packing = PACKERS.wecom([pendingDeletion({ logstores })], OPTIONS);

    expect(packing.messages).toHaveLength(1);
    const text = messageText('wecom', packing.messages[0]?.body ?? {});
    const more = Number(/and (\d+) more Logstores/.exec(text)?.[1]);
    const shown = logstores.filter((name) => text.includes(`\`${name}\``));
    expect(shown.length).toBeGreaterThan(0);
    expect(shown.length + more).toBe(5000);
  });

  it('splits a large run over several DingTalk messages, numbering them', () => {
    const notices = Array.from({ length: 30 }, (_, i) =>
      pendingDeletion({
        alertId: `key-${i}/key-state`,
        logstores: Array.from(
          { length: 40 },
          (_, j) => `proj-${i}/logstore-${j}`,
        ),
      }),
    );

    const packing = PACKERS.dingtalk(notices, OPTIONS);

    expect(packing.messages.length).toBeGreaterThan(1);
    const pages = packing.messages.length;
    expect(messageText('dingtalk', packing.messages[0]?.body ?? {})).toContain(
      `(1/${pages})`,
    );
    expect(packing.messages.flatMap((m) => m.alertIds)).toHaveLength(30);
  });
});
