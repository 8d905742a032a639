import type { CloudEvent } from '../types.ts';
import type { Caller } from './authenticate.ts';
import { isoSeconds } from './time.ts';

/**
 * The CloudEvent EventBridge delivers when ActionTrail records a KMS write
 * call (platform-facts §4). `data` follows ActionTrail's management event
 * structure; field names are ActionTrail's own.
 */
export const ACTIONTRAIL_SOURCE = 'acs.actiontrail';
export const ACTIONTRAIL_API_CALL = 'actiontrail:ActionTrail:ApiCall';
export const KMS_KEY_RESOURCE = 'ACS::KMS::Key';

/**
 * Parameters never recorded: signing and credential fields, and payloads
 * that carry key material or data.
 */
const UNRECORDED = new Set([
  'AccessKeyId',
  'Action',
  'EncryptedKeyMaterial',
  'Format',
  'ImportToken',
  'Plaintext',
  'SecurityToken',
  'Signature',
  'SignatureMethod',
  'SignatureNonce',
  'SignatureType',
  'SignatureVersion',
  'Timestamp',
  'Version',
]);

/**
 * The request parameters as the caller sent them: a key named by its ARN
 * stays an ARN, and SetDeletionProtection names its key only by
 * ProtectedResourceArn. CreateKey sends no key at all; its new key's id
 * is added, as ActionTrail's record of the answer would name it.
 */
export const recordedParameters = (
  eventName: string,
  params: Readonly<Record<string, string>>,
  keyId: string,
): Record<string, string> => ({
  ...Object.fromEntries(
    Object.entries(params).filter(([name]) => !UNRECORDED.has(name)),
  ),
  ...(eventName === 'CreateKey' ? { KeyId: keyId } : {}),
});

export interface ApiCall {
  readonly eventId: string;
  readonly eventName: string;
  readonly region: string;
  readonly requestId: string;
  readonly caller: Caller;
  readonly keyId: string;
  readonly params: Readonly<Record<string, string>>;
  /** Emulator-clock milliseconds. */
  readonly at: number;
  readonly sourceIpAddress: string;
  readonly userAgent: string;
}

export const actionTrailEvent = (call: ApiCall): CloudEvent => {
  const { caller, region, keyId } = call;
  const time = isoSeconds(call.at);
  return {
    id: call.eventId,
    source: ACTIONTRAIL_SOURCE,
    specversion: '1.0',
    type: ACTIONTRAIL_API_CALL,
    subject: `acs:kms:${region}:${caller.accountId}:key/${keyId}`,
    time,
    datacontenttype: 'application/json;charset=utf-8',
    aliyunaccountid: caller.accountId,
    aliyunregionid: region,
    data: {
      eventId: call.eventId,
      eventVersion: 1,
      eventCategory: 'Management',
      eventType: 'ApiCall',
      eventRW: 'Write',
      eventName: call.eventName,
      eventSource: `kms.${region}.aliyuncs.com`,
      eventTime: time,
      serviceName: 'Kms',
      apiVersion: '2016-01-20',
      acsRegion: region,
      isGlobal: false,
      requestId: call.requestId,
      recipientAccountId: caller.accountId,
      sourceIpAddress: call.sourceIpAddress,
      userAgent: call.userAgent,
      userIdentity: {
        type: caller.temporary ? 'assumed-role' : 'root-account',
        principalId: caller.accountId,
        accountId: caller.accountId,
        accessKeyId: caller.accessKeyId,
      },
      requestParameters: recordedParameters(call.eventName, call.params, keyId),
      referencedResources: { [KMS_KEY_RESOURCE]: [keyId] },
    },
  };
};
