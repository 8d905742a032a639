import { parseJson } from '../../shared/fc/decode.ts';
import { errorReply, type HttpReply } from '../../shared/fc/http-answer.ts';
import type { HttpRequest } from '../../shared/fc/http-event.ts';
import { type Answer, answerBody } from '../../shared/provision/answer.ts';
import { logOutcome } from '../../shared/provision/audit.ts';
import { ERROR_CODES, type ErrorCode } from '../../shared/provision/codes.ts';
import { describeLogstore } from '../../shared/provision/describe.ts';
import { provisionLogstore } from '../../shared/provision/provision.ts';
import type { Invocation } from './invocation.ts';

/**
 * The HTTP trigger's routes: `POST /logstores` provisions,
 * `GET /logstores/{project}/{logstore}` reads a Logstore and its key
 * (HEAD too, answered without a body by `fcAnswers`). Unknown paths are
 * 404, known paths with another method 405 with `Allow`.
 */
const COLLECTION = /^\/logstores\/?$/;
const ITEM = /^\/logstores\/([^/]+)\/([^/]+)\/?$/;

const codeReply = (
  code: ErrorCode,
  requestId: string,
  message: string,
  headers?: Record<string, string>,
): HttpReply =>
  errorReply(
    ERROR_CODES[code].status,
    requestId,
    { outcome: ERROR_CODES[code].outcome, code, message },
    headers,
  );

export const replyFor = (answer: Answer, requestId: string): HttpReply => ({
  status: answer.status,
  body: answerBody(answer, requestId),
  ...(answer.retryAfterSeconds === undefined
    ? {}
    : { headers: { 'retry-after': String(answer.retryAfterSeconds) } }),
});

const decodeSegment = (segment: string): string | undefined => {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
};

const post = async (request: HttpRequest, run: Invocation) => {
  const started = run.core.clock.now();
  const parsed = parseJson(request.body.toString('utf8'));
  const answer: Answer = parsed.ok
    ? await provisionLogstore(parsed.value, run.core)
    : {
        status: 400,
        outcome: 'invalid',
        code: 'invalid_json',
        message:
          request.body.length === 0
            ? 'the body is empty; send the request as JSON'
            : 'the body is not valid JSON',
      };
  logOutcome(run.logger, answer, {
    input: parsed.ok ? parsed.value : undefined,
    durationMs: run.core.clock.now() - started,
    trigger: 'http',
  });
  return replyFor(answer, run.requestId);
};

const get = async (
  project: string,
  logstore: string,
  request: HttpRequest,
  run: Invocation,
) => {
  const answer = await describeLogstore(
    { project, logstore, region: request.query.region },
    run.core,
  );
  run.logger.info({
    event: 'provision.read_logstore',
    project,
    logstore,
    outcome: answer.outcome,
    status: answer.status,
  });
  return replyFor(answer, run.requestId);
};

export const routeHttp = async (
  request: HttpRequest,
  run: Invocation,
): Promise<HttpReply> => {
  const { method, path } = request;
  if (COLLECTION.test(path)) {
    if (method === 'POST') return post(request, run);
    return codeReply(
      'method_not_allowed',
      run.requestId,
      `${method} is not allowed on /logstores`,
      { allow: 'POST' },
    );
  }
  const item = ITEM.exec(path);
  const project = item?.[1] === undefined ? undefined : decodeSegment(item[1]);
  const logstore = item?.[2] === undefined ? undefined : decodeSegment(item[2]);
  if (item !== null && (project === undefined || logstore === undefined)) {
    return codeReply(
      'invalid_request',
      run.requestId,
      `the ${project === undefined ? 'project' : 'Logstore'} in the path ` +
        'is not valid percent-encoding',
    );
  }
  if (project !== undefined && logstore !== undefined) {
    if (method === 'GET' || method === 'HEAD') {
      return get(project, logstore, request, run);
    }
    return codeReply(
      'method_not_allowed',
      run.requestId,
      `${method} is not allowed on /logstores/{project}/{logstore}`,
      { allow: 'GET, HEAD' },
    );
  }
  return codeReply(
    'route_not_found',
    run.requestId,
    'no such route; use POST /logstores or GET /logstores/{project}/{logstore}',
  );
};
