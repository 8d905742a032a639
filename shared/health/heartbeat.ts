/**
 * A silent checker looks exactly like a healthy account. At the end of
 * every complete run keyguard calls an outside monitor's URL (such as a
 * dead man's switch), so a checker that stops running is noticed. The URL
 * is a credential: it never appears in a log line.
 *
 * `withheld`: the run was complete but a message due to a channel did not
 * arrive. A checker whose alerts all fail is as silent as one that does
 * not run, so the monitor must not hear that all is well.
 * `skipped`: not a complete scan (cut short, a KMS event, a dry run).
 */
export type HeartbeatOutcome =
  | 'sent'
  | 'failed'
  | 'not_configured'
  | 'withheld'
  | 'skipped';

export const HEARTBEAT_TIMEOUT_MS = 5_000;

export const sendHeartbeat = async (
  url: string | undefined,
  options: {
    readonly fetch?: typeof fetch;
    readonly timeoutMs?: number;
  } = {},
): Promise<HeartbeatOutcome> => {
  if (url === undefined) return 'not_configured';
  const timeoutMs = options.timeoutMs ?? HEARTBEAT_TIMEOUT_MS;
  if (timeoutMs <= 0) return 'failed';
  const call = options.fetch ?? fetch;
  try {
    const response = await call(url, {
      method: 'GET',
      signal: AbortSignal.timeout(timeoutMs),
    });
    await response.body?.cancel();
    return response.ok ? 'sent' : 'failed';
  } catch {
    return 'failed';
  }
};
