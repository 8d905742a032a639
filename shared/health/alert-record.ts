import type { AlertNotice } from '../channels/types.ts';
import type { Severity } from './severity.ts';

/**
 * What the state store remembers about one alert: where it stands now,
 * and per channel what that channel was last told. A channel that has
 * the current state is never told again until something changes or the
 * repeat interval passes, which is what makes a retried run safe.
 */
export const ALERT_SCHEMA = 1;

export interface ChannelDelivery {
  readonly status: 'firing' | 'resolved';
  readonly severity: Severity;
  readonly fingerprint: string;
  readonly sentAt: number;
}

export interface AlertRecord {
  readonly schema: typeof ALERT_SCHEMA;
  readonly alertId: string;
  readonly status: 'firing' | 'resolved';
  readonly severity: Severity;
  readonly fingerprint: string;
  /** Silenced for now: neither repeated nor resolved. */
  readonly muted: boolean;
  readonly firstSeenAt: number;
  readonly changedAt: number;
  readonly updatedAt: number;
  /** What channels are (or were last) told about it. */
  readonly notice: AlertNotice;
  /** The firing notice, kept to word the resolved one. */
  readonly lastFiring: AlertNotice;
  /** The key of a key alert, so a run can tell which alerts it checked. */
  readonly keyId?: string;
  readonly keyRegion?: string;
  readonly channels: Readonly<Record<string, ChannelDelivery>>;
}
