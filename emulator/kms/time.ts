/** KMS writes times as ISO 8601 UTC to the second: 2025-01-01T00:00:00Z. */
export const isoSeconds = (epochMs: number): string =>
  new Date(epochMs).toISOString().replace(/\.\d{3}Z$/, 'Z');

export const DAY_MS = 86_400_000;
