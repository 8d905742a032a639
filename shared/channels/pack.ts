import type { Fit, MessageFormat, PageContext } from './formats/format.ts';
import { FULL_FIT } from './formats/format.ts';
import { runTotals } from './formats/text.ts';
import { orderNotices } from './severity.ts';
import type { AlertNotice } from './types.ts';

/** One message ready to send, and the notices it carries. */
export interface PackedMessage {
  readonly body: Record<string, unknown>;
  readonly alertIds: readonly string[];
}

export interface Packing {
  readonly messages: readonly PackedMessage[];
  /** Notices past the channel's per-run message budget: not sent now,
   * named as deferred in the last message, sent by the next run. */
  readonly deferred: readonly AlertNotice[];
}

// Text limits tried, in order, for a notice whose texts alone overflow a
// message once every Logstore is already counted as "and N more".
const TEXT_STEPS = [2000, 1000, 500, 250, 120, 60] as const;

/**
 * Packs notices into as few messages as the channel's limits allow. Sizes
 * are measured on a probe page whose headline and footer are at least as
 * long as any real one, so filling in real page numbers never overflows.
 */
export const packNotices = <Block>(
  format: MessageFormat<Block>,
  notices: readonly AlertNotice[],
  options: { readonly keyword: string | undefined; readonly sentAt: string },
): Packing => {
  const ordered = orderNotices(notices);
  const probe: PageContext = {
    page: 99_999,
    pages: 99_999,
    totals: runTotals(ordered),
    overflow: 99_999_999,
    keyword: options.keyword,
    sentAt: options.sentAt,
  };
  const fitsPage = (blocks: Block[], page: AlertNotice[]): boolean =>
    format.fits(format.body(blocks, page, probe));

  const pages: { blocks: Block[]; notices: AlertNotice[] }[] = [];
  for (const notice of ordered) {
    const block = largestFitting(format, notice, (b) =>
      fitsPage([b], [notice]),
    );
    const last = pages.at(-1);
    if (
      last !== undefined &&
      fitsPage([...last.blocks, block], [...last.notices, notice])
    ) {
      last.blocks.push(block);
      last.notices.push(notice);
    } else {
      pages.push({ blocks: [block], notices: [notice] });
    }
  }

  const kept = pages.slice(0, format.maxMessages);
  const deferred = pages.slice(format.maxMessages).flatMap((p) => p.notices);
  const messages = kept.map((page, index) => ({
    body: format.body(page.blocks, page.notices, {
      ...probe,
      page: index + 1,
      pages: kept.length,
      overflow: index === kept.length - 1 ? deferred.length : 0,
    }),
    alertIds: page.notices.map((notice) => notice.alertId),
  }));
  return { messages, deferred };
};

/**
 * The richest rendering of one notice that fits a message on its own:
 * everything; else as many Logstores as fit (binary search, since fewer
 * never grows a block); else no Logstore list and ever shorter texts.
 * If even the smallest does not fit, it is returned anyway and the
 * channel's own size check will refuse it loudly.
 */
const largestFitting = <Block>(
  format: MessageFormat<Block>,
  notice: AlertNotice,
  fitsAlone: (block: Block) => boolean,
): Block => {
  const accept = (fit: Fit): Block | undefined => {
    const block = format.block(notice, fit);
    const ok = (format.blockFits?.(block) ?? true) && fitsAlone(block);
    return ok ? block : undefined;
  };
  const full = accept(FULL_FIT);
  if (full !== undefined) return full;

  let low = 0;
  let high = notice.logstores.length - 1;
  let best: Block | undefined;
  while (low <= high) {
    const mid = Math.floor((low + high) / 2);
    const block = accept({ ...FULL_FIT, maxLogstores: mid });
    if (block === undefined) high = mid - 1;
    else {
      best = block;
      low = mid + 1;
    }
  }
  if (best !== undefined) return best;

  for (const maxText of TEXT_STEPS) {
    const block = accept({ maxLogstores: 0, maxText });
    if (block !== undefined) return block;
  }
  return format.block(notice, { maxLogstores: 0, maxText: 0 });
};
