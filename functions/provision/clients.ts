import type { CommonConfig } from '../../shared/config/common.ts';
import { createKmsApi } from '../../shared/kms/client.ts';
import { createSlsApi } from '../../shared/sls/client.ts';
import type { MakeClients } from './invocation.ts';

/** The real SLS and KMS clients, at the configured endpoints. */
export const vendorClients =
  (common: Pick<CommonConfig, 'endpoints' | 'callTimeoutMs'>): MakeClients =>
  (credentials, region, deadline) => {
    const options = {
      credentials,
      endpoints: common.endpoints,
      region,
      timeoutMs: common.callTimeoutMs,
      deadline,
    };
    return { sls: createSlsApi(options), kms: createKmsApi(options) };
  };
