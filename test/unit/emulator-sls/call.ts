import type { SlsService } from '../../../emulator/sls/service.ts';
import type { EmulatorRequest } from '../../../emulator/types.ts';
import { type SdkCall, sdkRequest } from './sdk-request.ts';

/** One answer of the SLS service, its JSON body parsed. */
export interface Answer {
  readonly status: number;
  readonly code: string | undefined;
  readonly body: unknown;
  readonly headers: Readonly<Record<string, string>>;
  readonly text: string;
  readonly accountId: string | undefined;
}

export const answerOf = async (
  sls: SlsService,
  request: EmulatorRequest,
): Promise<Answer> => {
  const response = await sls.handle(request);
  const text = response.body?.toString() ?? '';
  return {
    status: response.status,
    code: response.errorCode,
    body: text === '' ? undefined : JSON.parse(text),
    headers: response.headers ?? {},
    text,
    accountId: response.accountId,
  };
};

/** Signs the call with the SDK's gateway, then hands it to the service. */
export const call = async (
  sls: SlsService,
  sdkCall: SdkCall,
): Promise<Answer> => answerOf(sls, await sdkRequest(sdkCall));

export const createBody = (logstoreName: string, extra: object = {}) => ({
  logstoreName,
  ttl: 30,
  shardCount: 2,
  ...extra,
});
