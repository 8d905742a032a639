import type { Ledger } from '../ledger.ts';
import type { World } from '../world.ts';

/**
 * Every queue message reaches exactly one final outcome, written as one
 * audit line per delivery; every HTTP request ends in one audit line too.
 * A delivery may end `unavailable` (a transient failure: the invocation
 * throws and the platform redelivers the batch), but after the run has
 * settled every message has a final outcome, and a message that was
 * never JSON ends `invalid` with `invalid_json`. Two deliveries of one
 * message may both say `created` (one's create failed in a way that may
 * have landed, and its retry found the twin's Logstore); that the
 * Logstore was created once is the Logstore invariant's to check.
 */
interface AuditLine {
  readonly requestId?: string;
  readonly messageId?: string;
  readonly trigger?: string;
  readonly outcome?: string;
  readonly code?: string;
}

export const auditLines = (world: World): AuditLine[] =>
  world.logs
    .records()
    .filter((line) => line.event === 'provision.outcome') as AuditLine[];

export const checkAudit = (world: World, ledger: Ledger): string[] => {
  const violations: string[] = [];
  const lines = auditLines(world);
  const byRequest = new Map<string, AuditLine[]>();
  for (const line of lines) {
    const id = line.requestId ?? 'none';
    byRequest.set(id, [...(byRequest.get(id) ?? []), line]);
  }

  for (const record of ledger.http) {
    for (const answer of record.answers) {
      const count = byRequest.get(answer.requestId)?.length ?? 0;
      if (answer.status === 401) {
        violations.push(`HTTP ${answer.requestId} was refused its signature`);
      } else if (count !== 1) {
        violations.push(
          `HTTP ${answer.requestId} wrote ${count} audit lines, not 1`,
        );
      }
    }
  }

  const finals = new Map<string, string[]>();
  for (const invocation of ledger.invocations) {
    const mine = byRequest.get(invocation.requestId) ?? [];
    for (const messageId of new Set(invocation.messageIds)) {
      const expected = invocation.messageIds.filter(
        (m) => m === messageId,
      ).length;
      const seen = mine.filter((line) => line.messageId === messageId);
      if (seen.length !== expected) {
        violations.push(
          `message ${messageId} in ${invocation.requestId}: ` +
            `${seen.length} audit lines for ${expected} deliveries`,
        );
      }
      const returned = (invocation.result?.messages ?? []).filter(
        (m) => m.messageId === messageId,
      );
      if (
        invocation.result !== undefined &&
        returned.map((m) => m.outcome).join() !==
          seen.map((l) => l.outcome).join()
      ) {
        violations.push(
          `message ${messageId} in ${invocation.requestId}: the answer says ` +
            `${returned.map((m) => m.outcome).join()}, the audit ` +
            `${seen.map((l) => l.outcome).join()}`,
        );
      }
      for (const line of seen) {
        if (line.code !== 'unavailable') {
          finals.set(messageId, [
            ...(finals.get(messageId) ?? []),
            `${line.outcome}/${line.code ?? ''}`,
          ]);
        }
      }
    }
  }
  for (const message of ledger.messages.values()) {
    const outcomes = finals.get(message.messageId) ?? [];
    if (outcomes.length === 0) {
      violations.push(`message ${message.messageId} never reached an outcome`);
    }
    if (
      message.spec === undefined &&
      outcomes.some((o) => o !== 'invalid/invalid_json')
    ) {
      violations.push(
        `message ${message.messageId} is not JSON but ended ${outcomes.join()}`,
      );
    }
  }
  if (ledger.owed.length > 0) {
    violations.push(`${ledger.owed.length} batches still owed a redelivery`);
  }
  return violations;
};
