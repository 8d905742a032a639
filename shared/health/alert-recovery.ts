import type { AlertNotice } from '../channels/types.ts';
import { ALERT_SCHEMA, type AlertRecord } from './alert-record.ts';
import type { UnreadableAlerts } from './state-store.ts';

/**
 * What a run does with alert files it could not read. A newer keyguard's
 * alert is left to that version: no notice, no write. A damaged file
 * lost what each channel was told, so the alert stands in as one every
 * channel may have heard firing, muted until this run learns more: if
 * its finding still holds, every channel gets it afresh; if it cleared,
 * every channel gets a resolved notice. A resolved notice a channel did
 * not need costs one message; a resolution never sent leaves a channel
 * showing a broken key that is fine, which is the worse of the two.
 */
export const RECOVERED_FINGERPRINT = 'recovered';

const KEY_ALERT = /^key\.([^.]+)\.(.+)$/;

export const recoveredAlert = (
  alertId: string,
  channelNames: readonly string[],
  now: number,
): AlertRecord => {
  const [, keyRegion, keyId] = KEY_ALERT.exec(alertId) ?? [];
  const key =
    keyId === undefined || keyRegion === undefined ? {} : { keyId, keyRegion };
  const notice: AlertNotice = {
    alertId,
    status: 'firing',
    severity: 'unverified',
    title: key.keyId === undefined ? alertId : `Key ${keyId} (${keyRegion})`,
    ...(key.keyId === undefined ? {} : { keyId, region: keyRegion }),
    summary:
      'keyguard lost its record of this alert (its state file was ' +
      'damaged), so channels may still show it firing.',
    remedy: 'Nothing to do: the next notice says where it stands.',
    logstores: [],
    dates: [],
  };
  return {
    schema: ALERT_SCHEMA,
    alertId,
    status: 'firing',
    severity: 'unverified',
    fingerprint: RECOVERED_FINGERPRINT,
    muted: true,
    firstSeenAt: now,
    changedAt: now,
    updatedAt: now,
    notice,
    lastFiring: notice,
    ...key,
    channels: Object.fromEntries(
      channelNames.map((name) => [
        name,
        {
          status: 'firing',
          // Whatever the channel's minimum, its resolved notice passes.
          severity: 'critical',
          fingerprint: RECOVERED_FINGERPRINT,
          sentAt: now,
        },
      ]),
    ),
  };
};

export interface RecoveredState {
  /** The alerts read, with a stand-in for each damaged one. */
  readonly previous: ReadonlyMap<string, AlertRecord>;
  /** Stand-ins to write down, so the damaged files are set aside. */
  readonly recovered: ReadonlySet<string>;
  /** Alerts no draft may touch this run. */
  readonly leftAlone: ReadonlySet<string>;
}

export const recoverAlerts = (
  loaded: ReadonlyMap<string, AlertRecord>,
  unreadable: UnreadableAlerts | undefined,
  channelNames: readonly string[],
  now: number,
): RecoveredState => {
  const previous = new Map(loaded);
  const recovered = new Set<string>();
  for (const id of unreadable?.corrupt ?? []) {
    if (previous.has(id)) continue;
    previous.set(id, recoveredAlert(id, channelNames, now));
    recovered.add(id);
  }
  return {
    previous,
    recovered,
    leftAlone: new Set(unreadable?.newer ?? []),
  };
};
