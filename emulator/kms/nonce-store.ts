/**
 * Remembers every signature nonce an access key has used, so a captured
 * request cannot be replayed. A request is only accepted within 15 minutes
 * either side of its timestamp, so a nonce can matter for at most 30
 * minutes of real time; older ones are forgotten.
 */
export const NONCE_MEMORY_MS = 30 * 60_000;

export class NonceStore {
  /** `accessKeyId\nnonce` -> real time after which it may be forgotten. */
  readonly #seen = new Map<string, number>();

  /** Records the nonce; false when it was already used. */
  use(accessKeyId: string, nonce: string, receivedAt: number): boolean {
    this.#forgetBefore(receivedAt);
    const entry = `${accessKeyId}\n${nonce}`;
    if (this.#seen.has(entry)) return false;
    this.#seen.set(entry, receivedAt + NONCE_MEMORY_MS);
    return true;
  }

  size(): number {
    return this.#seen.size;
  }

  reset(): void {
    this.#seen.clear();
  }

  // Entries arrive in real-time order, so the oldest come first.
  #forgetBefore(now: number): void {
    for (const [entry, forgetAt] of this.#seen) {
      if (forgetAt > now) return;
      this.#seen.delete(entry);
    }
  }
}
