/**
 * SLS's naming rules (platform-facts §1, "Names and ranges"). For
 * Logstores one current page says 2–63 characters and the rest say 3–63;
 * the emulator takes 3 on purpose so a product check against 3 is never
 * looser than the emulator.
 */
export interface NameRule {
  readonly min: number;
  readonly max: number;
  readonly characters: RegExp;
  readonly charactersText: string;
}

export const PROJECT_NAME_RULE: NameRule = {
  min: 3,
  max: 63,
  characters: /^[a-z0-9-]*$/,
  charactersText: 'lowercase letters, digits and hyphens',
};

export const LOGSTORE_NAME_RULE: NameRule = {
  min: 3,
  max: 63,
  characters: /^[a-z0-9_-]*$/,
  charactersText: 'lowercase letters, digits, hyphens and underscores',
};

const ENDS = /^[a-z0-9]$/;

/** Why a name breaks the rule, naming the rule; undefined when it fits. */
export const nameProblem = (
  name: string,
  rule: NameRule,
): string | undefined => {
  if (!rule.characters.test(name)) {
    return `may only hold ${rule.charactersText}`;
  }
  if (name.length < rule.min || name.length > rule.max) {
    return `must be ${rule.min}-${rule.max} characters long`;
  }
  if (!ENDS.test(name.at(0) ?? '') || !ENDS.test(name.at(-1) ?? '')) {
    return 'must start and end with a lowercase letter or a digit';
  }
  return undefined;
};
