import { eventTargetRefusal } from './control-guard.ts';
import type { CloudEvent, EventBus } from './types.ts';

export type EventListener = (event: CloudEvent) => void | Promise<void>;

/**
 * Stands in for EventBridge: every event a service publishes goes to the
 * in-process listeners and is POSTed to each configured HTTP target.
 * Delivery is asynchronous, like the real bus, and a failing target never
 * fails the KMS call that produced the event.
 */
export class LocalEventBus implements EventBus {
  readonly #listeners = new Set<EventListener>();
  readonly #targets = new Set<string>();
  #published: CloudEvent[] = [];
  readonly #failures: { target: string; error: string }[] = [];

  publish(event: CloudEvent): void {
    this.#published.push(event);
    for (const listener of this.#listeners) {
      queueMicrotask(() => {
        Promise.resolve(listener(event)).catch((error: unknown) =>
          this.#failures.push({ target: 'listener', error: String(error) }),
        );
      });
    }
    for (const target of this.#targets) void this.#post(target, event);
  }

  subscribe(listener: EventListener): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }

  /** Throws unless the URL is http(s) on a loopback host. */
  addTarget(url: string): void {
    const refusal = eventTargetRefusal(url);
    if (refusal !== undefined) throw new Error(refusal);
    this.#targets.add(url);
  }

  targets(): string[] {
    return [...this.#targets];
  }

  published(): CloudEvent[] {
    return [...this.#published];
  }

  failures(): { target: string; error: string }[] {
    return [...this.#failures];
  }

  reset(): void {
    this.#published = [];
    this.#targets.clear();
  }

  async #post(target: string, event: CloudEvent): Promise<void> {
    try {
      const response = await fetch(target, {
        method: 'POST',
        headers: { 'content-type': 'application/cloudevents+json' },
        body: JSON.stringify(event),
        signal: AbortSignal.timeout(10_000),
      });
      if (!response.ok) {
        this.#failures.push({ target, error: `HTTP ${response.status}` });
      }
    } catch (error) {
      this.#failures.push({ target, error: String(error) });
    }
  }
}
