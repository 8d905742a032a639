/**
 * The functions s.yaml deploys, by the short names the CLI takes and the
 * FC function names they get. test/unit/deploy checks s.yaml against this.
 */
export const DEPLOYED_FUNCTIONS = {
  provision: 'keyguard-provision',
  'key-health': 'keyguard-key-health',
} as const;

export type ShortFunctionName = keyof typeof DEPLOYED_FUNCTIONS;

/** Each function's `timeout` in s.yaml, in seconds (the test holds them). */
export const FUNCTION_TIMEOUT_S: Readonly<Record<ShortFunctionName, number>> = {
  provision: 60,
  'key-health': 300,
};

/**
 * Added to a function's timeout while a synchronous invoke waits: FC's
 * answer also carries a cold start and the way there and back.
 */
export const INVOKE_MARGIN_S = 30;

/** FC answers an asynchronous invoke once it has queued the event. */
export const ASYNC_ANSWER_S = 30;

/** A short name maps to its FC name; anything else is taken as given. */
export const deployedName = (name: string): string =>
  Object.hasOwn(DEPLOYED_FUNCTIONS, name)
    ? DEPLOYED_FUNCTIONS[name as ShortFunctionName]
    : name;

const shortNameOf = (name: string): ShortFunctionName | undefined =>
  (Object.keys(DEPLOYED_FUNCTIONS) as ShortFunctionName[]).find(
    (short) => short === name || DEPLOYED_FUNCTIONS[short] === name,
  );

/**
 * How long `keyguard invoke` waits for FC's answer when --timeout is not
 * given: a synchronous call lasts as long as the function may run, so
 * its timeout plus a margin. A function keyguard did not deploy gets the
 * longest of keyguard's own.
 */
export const defaultInvokeWaitS = (name: string, async: boolean): number => {
  if (async) return ASYNC_ANSWER_S;
  const short = shortNameOf(name);
  const timeout =
    short === undefined
      ? Math.max(...Object.values(FUNCTION_TIMEOUT_S))
      : FUNCTION_TIMEOUT_S[short];

  return timeout + INVOKE_MARGIN_S;
};
