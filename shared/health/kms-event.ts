/**
 * ActionTrail records of KMS write calls, as EventBridge delivers them
 * (platform-facts §4): a CloudEvent of type `actiontrail:ActionTrail:*`
 * whose `data` holds `serviceName`, `eventName`, `acsRegion` and the
 * call's request parameters. Only calls that change whether a key can
 * decrypt matter to key-health.
 */
export const WATCHED_KMS_CALLS = [
  'DisableKey',
  'EnableKey',
  'ScheduleKeyDeletion',
  'CancelKeyDeletion',
  'DeleteKeyMaterial',
  'ImportKeyMaterial',
  'SetDeletionProtection',
] as const;

export interface KmsChange {
  readonly eventName: string;
  /** The KMS region of the call; absent when the event did not say. */
  readonly region?: string;
  /** Absent: re-check every key of the region. */
  readonly keyId?: string;
  readonly eventId?: string;
  readonly eventTime?: string;
}

const objectOf = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

const text = (value: unknown): string | undefined =>
  typeof value === 'string' && value.trim() !== '' ? value.trim() : undefined;

export const isCloudEvent = (value: unknown): boolean => {
  const event = objectOf(value);
  return (
    event !== undefined &&
    typeof event.specversion === 'string' &&
    typeof event.type === 'string'
  );
};

// KMS takes a key as its id, its ARN or an alias (`alias/<name>`, or an
// alias ARN); ActionTrail records what the caller sent.
const KEY_ARN = /^acs:kms:([^:]*):[^:]*:key\/(.+)$/;
const ALIAS = /^(acs:kms:[^:]*:[^:]*:)?alias\//;

interface NamedKey {
  readonly keyId?: string;
  readonly region?: string;
}

/** A key id from an id or key ARN; nothing for an alias, which names a
 * key this event cannot tell. */
const namedKey = (value: unknown): NamedKey | undefined => {
  const given = text(value);
  if (given === undefined || ALIAS.test(given)) return undefined;
  const arn = KEY_ARN.exec(given);
  if (arn === null) return { keyId: given };
  const [, region = '', keyId = ''] = arn;
  return region === '' ? { keyId } : { keyId, region };
};

const keyOf = (data: Record<string, unknown>): NamedKey => {
  const params = objectOf(data.requestParameters);
  // SetDeletionProtection names its key by ProtectedResourceArn.
  const fromParams =
    namedKey(params?.KeyId) ??
    namedKey(params?.keyId) ??
    namedKey(params?.ProtectedResourceArn);
  if (fromParams !== undefined) return fromParams;
  const resources = objectOf(data.referencedResources);
  for (const [type, ids] of Object.entries(resources ?? {})) {
    if (!/kms::key/i.test(type)) continue;
    const first = namedKey(Array.isArray(ids) ? ids[0] : ids);
    if (first !== undefined) return first;
  }
  return {};
};

const ACTIONTRAIL_TYPE_PREFIXES = [
  'actiontrail:ActionTrail:',
  'kms:ActionTrail:',
] as const;

/**
 * The key change an event reports, or a reason it is not one: another
 * service, a call that changes nothing key-health watches, or a shape
 * that is not an ActionTrail record.
 */
export const kmsChangeOf = (
  value: unknown,
): { change: KmsChange } | { ignored: string } => {
  const event = objectOf(value);
  const type = text(event?.type) ?? '';
  // EventBridge's KMS catalogue also lists the same records under the
  // `kms:ActionTrail:` prefix; both carry ActionTrail's data structure.
  if (!ACTIONTRAIL_TYPE_PREFIXES.some((prefix) => type.startsWith(prefix))) {
    return { ignored: `event type "${type}" is not an ActionTrail record` };
  }
  const data = objectOf(event?.data) ?? {};
  const service = text(data.serviceName) ?? '';
  if (service.toLowerCase() !== 'kms') {
    return { ignored: `ActionTrail record of service "${service}"` };
  }
  const eventName = text(data.eventName) ?? '';
  if (!(WATCHED_KMS_CALLS as readonly string[]).includes(eventName)) {
    return { ignored: `KMS call "${eventName}" does not change key health` };
  }
  const { keyId, region: keyRegion } = keyOf(data);
  const region =
    text(data.acsRegion) ?? text(event?.aliyunregionid) ?? keyRegion;
  const eventId = text(data.eventId) ?? text(event?.id);
  const eventTime = text(data.eventTime) ?? text(event?.time);
  return {
    change: {
      eventName,
      ...(region === undefined ? {} : { region }),
      ...(keyId === undefined ? {} : { keyId }),
      ...(eventId === undefined ? {} : { eventId }),
      ...(eventTime === undefined ? {} : { eventTime }),
    },
  };
};
