import type { Credentials } from '../../shared/credentials.ts';
import type { Deadline } from '../../shared/deadline.ts';
import type { EndpointSet } from '../../shared/endpoints.ts';
import type { VendorClients } from '../../shared/health/run.ts';
import { createKmsApi } from '../../shared/kms/client.ts';
import type { KmsApi } from '../../shared/kms/key-metadata.ts';
import { createSlsApi } from '../../shared/sls/client.ts';
import type { SlsApi } from '../../shared/sls/logstore.ts';

/**
 * The run's vendor clients: one SLS client per project region and one
 * KMS client per key region, built for this invocation's credentials
 * (FC's STS token changes between invocations) and ending every call by
 * the run's scan deadline.
 */
export interface ClientSettings {
  readonly endpoints: EndpointSet;
  readonly callTimeoutMs: number;
}

export const clientsFor = (
  settings: ClientSettings,
  credentials: Credentials,
  deadline: Deadline,
): VendorClients => {
  const sls = new Map<string, SlsApi>();
  const kms = new Map<string, KmsApi>();
  const options = (region: string) => ({
    credentials,
    endpoints: settings.endpoints,
    region,
    timeoutMs: settings.callTimeoutMs,
    deadline,
  });
  return {
    sls(region) {
      let api = sls.get(region);
      if (api === undefined) {
        api = createSlsApi(options(region));
        sls.set(region, api);
      }
      return api;
    },
    kms(region) {
      let api = kms.get(region);
      if (api === undefined) {
        api = createKmsApi(options(region));
        kms.set(region, api);
      }
      return api;
    },
  };
};
