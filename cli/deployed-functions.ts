/**
 * The functions s.yaml deploys, by the short names the CLI takes and the
 * FC function names they get. test/unit/deploy checks s.yaml against this.
 */
export const DEPLOYED_FUNCTIONS = {
  provision: 'keyguard-provision',
  'key-health': 'keyguard-key-health',
} as const;

export type ShortFunctionName = keyof typeof DEPLOYED_FUNCTIONS;

/** A short name maps to its FC name; anything else is taken as given. */
export const deployedName = (name: string): string =>
  Object.hasOwn(DEPLOYED_FUNCTIONS, name)
    ? DEPLOYED_FUNCTIONS[name as ShortFunctionName]
    : name;
