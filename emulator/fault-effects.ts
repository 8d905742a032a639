import type http from 'node:http';
import { sleep } from '../shared/clock.ts';
import type { FaultAction } from './fault-spec.ts';
import type { EmulatorRequest, EmulatorResponse, Service } from './types.ts';

/**
 * What an injected fault does to one request, and the fields a fault's
 * `match` is compared with.
 */

/**
 * Applies one injected fault. Returns the answer to send, `passed` when the
 * request should go on (latency), or undefined when nothing is sent (a hang
 * or a dropped connection).
 */
export const applyFault = async (
  action: FaultAction,
  service: Service,
  request: EmulatorRequest,
  res: http.ServerResponse,
): Promise<EmulatorResponse | 'passed' | undefined> => {
  switch (action.kind) {
    case 'latency':
      await sleep(action.ms);
      return 'passed';
    case 'hang':
      // Held open until the client gives up or the cloud closes.
      return undefined;
    case 'drop':
      res.socket?.destroy();
      return undefined;
    case 'throttle':
      return service.throttleResponse(request);
    case 'server-error':
      return service.serverErrorResponse(request);
    case 'error':
      return service.errorResponse(
        request,
        action.status,
        action.code,
        action.message ?? `injected ${action.code}`,
      );
    case 'reply':
      return {
        status: action.status,
        headers: { 'content-type': 'application/json', ...action.headers },
        body: action.body,
      };
  }
};

/** Query parameters, lower-case headers, `project` and `logstore`. */
export const faultFields = (
  request: EmulatorRequest,
): Record<string, string> => {
  const fields: Record<string, string> = { ...request.query };
  for (const [name, value] of Object.entries(request.headers)) {
    fields[name] = value;
  }
  if (request.host.project !== undefined) {
    fields.project = request.host.project;
  }
  const logstore = /^\/logstores\/([^/]+)/.exec(request.path)?.[1];
  if (logstore !== undefined) fields.logstore = decodeURIComponent(logstore);
  else if (request.body.length > 0 && request.body[0] === 0x7b) {
    try {
      const parsed = JSON.parse(request.body.toString('utf8')) as unknown;
      const name = (parsed as { logstoreName?: unknown }).logstoreName;
      if (typeof name === 'string') fields.logstore = name;
    } catch {
      // Not JSON: the service will say so.
    }
  }
  return fields;
};
