import type { Finding, FindingKind } from './finding.ts';

/**
 * A silence mutes findings during a planned change, such as retiring a
 * key: it names a key, a finding kind or both, says why, and ends by
 * itself at its expiry. Silenced findings are counted, never sent.
 */
export interface Silence {
  readonly keyId?: string;
  readonly finding?: FindingKind;
  readonly reason: string;
  /** Epoch milliseconds. */
  readonly expiresAt: number;
}

export const silenceMatches = (
  silence: Silence,
  finding: Finding,
  now: number,
): boolean =>
  now < silence.expiresAt &&
  (silence.keyId === undefined || silence.keyId === finding.keyId) &&
  (silence.finding === undefined || silence.finding === finding.kind);

export interface SilencedSplit {
  readonly active: Finding[];
  readonly silenced: Finding[];
}

export const applySilences = (
  findings: readonly Finding[],
  silences: readonly Silence[],
  now: number,
): SilencedSplit => {
  const active: Finding[] = [];
  const silenced: Finding[] = [];
  for (const finding of findings) {
    const muted = silences.some((s) => silenceMatches(s, finding, now));
    (muted ? silenced : active).push(finding);
  }
  return { active, silenced };
};

/** Silences already over at `now`: they mute nothing, which an operator
 * who wrote one most likely did not mean. */
export const expiredSilences = (
  silences: readonly Silence[],
  now: number,
): Silence[] => silences.filter((s) => s.expiresAt <= now);
