import type http from 'node:http';
import type { Random } from '../shared/clock.ts';
import type { Control } from './control.ts';
import { type ControlTargets, handleControlRequest } from './control-http.ts';
import { applyFault, faultFields } from './fault-effects.ts';
import type { FaultInjector } from './faults.ts';
import { routeOf } from './host.ts';
import { lowerCaseHeaders, readBody, requestIdOf, send } from './http-io.ts';
import type { KmsService } from './kms/service.ts';
import type { RequestLog } from './request-log.ts';
import type {
  EmulatorClock,
  EmulatorRequest,
  EmulatorResponse,
  Service,
} from './types.ts';

/**
 * The local cloud's front: one request at a time, it sends `/_control/`
 * to the control API, finds the service by Host, applies the faults that
 * match before and after the service handles it, and records the call.
 */
export interface FrontParts extends ControlTargets {
  readonly control: Control;
  readonly kms: KmsService;
  readonly faults: FaultInjector;
  readonly requestLog: RequestLog;
  readonly clock: EmulatorClock;
  readonly random: Random;
  readonly defaultRegion: string;
}

export type Serve = (
  req: http.IncomingMessage,
  res: http.ServerResponse,
) => Promise<void>;

export const createFront = (parts: FrontParts): Serve => {
  const { faults, requestLog, clock, random, defaultRegion } = parts;
  const services: Record<string, Service> = {
    sls: parts.sls,
    kms: parts.kms,
    sink: parts.sink,
  };
  let sequence = 0;

  return async (req, res) => {
    const body = await readBody(req);
    const url = new URL(req.url ?? '/', 'http://emulator');
    const query = Object.fromEntries(url.searchParams);
    const headers = lowerCaseHeaders(req.headers);
    const method = req.method ?? 'GET';
    if (url.pathname.startsWith('/_control/')) {
      const answer = await handleControlRequest(
        { method, path: url.pathname, query, headers, body },
        parts,
      );
      return send(res, answer);
    }
    const requestId = requestIdOf(++sequence, random);
    const route = routeOf(
      { host: headers.host ?? '', path: url.pathname, query, headers },
      defaultRegion,
    );
    if (route === undefined) {
      // In SLS's error shape, request id included: the SDK reads it.
      return send(res, {
        status: 400,
        headers: {
          'content-type': 'application/json',
          'x-log-requestid': requestId,
        },
        body: JSON.stringify({
          errorCode: 'InvalidHost',
          errorMessage: `no local service answers for host ${headers.host}`,
        }),
      });
    }
    const request: EmulatorRequest = {
      method,
      path: url.pathname,
      query,
      rawQuery: url.search.replace(/^\?/, ''),
      headers,
      body,
      host: route,
      receivedAt: Date.now(),
      requestId,
    };
    const service = services[route.service] as Service;
    const operation = service.operationOf(request);
    const target = {
      service: route.service,
      operation,
      fields: faultFields(request),
    };
    const record = (answer: EmulatorResponse, fault?: string) =>
      requestLog.record({
        at: clock.now(),
        service: route.service,
        operation,
        region: route.region,
        ...(route.project === undefined ? {} : { project: route.project }),
        ...(answer.accountId === undefined
          ? {}
          : { accountId: answer.accountId }),
        method: request.method,
        path: request.path,
        query,
        headers,
        body: body.toString('utf8'),
        status: answer.status,
        ...(answer.errorCode === undefined
          ? {}
          : { errorCode: answer.errorCode }),
        ...(fault === undefined ? {} : { fault }),
      });

    const before = faults.decide(target, 'before');
    if (before !== undefined) {
      const injected = await applyFault(before, service, request, res);
      if (injected !== 'passed') {
        record(injected ?? { status: 0 }, before.kind);
        if (injected !== undefined) send(res, injected);
        return;
      }
      // latency: the request goes on to the service.
    }
    const answer = await service.handle(request);
    const after = faults.decide(target, 'after');
    if (after !== undefined) {
      const injected = await applyFault(after, service, request, res);
      record(answer, after.kind);
      if (injected === 'passed') return send(res, answer);
      if (injected !== undefined) send(res, injected);
      return;
    }
    record(answer);
    send(res, answer);
  };
};
