import type { ChannelType } from '../../shared/channels/types.ts';
import type { EmulatorRequest } from '../types.ts';
import type { SinkReply } from './replies.ts';
import { SINK_FAILURES } from './replies.ts';
import { checkDingtalk, checkFeishu, checkStandardWebhook } from './verify.ts';

/** How a test configured one robot; unconfigured robots take anything. */
export interface Robot {
  readonly secret?: string;
  readonly keyword?: string;
}

export interface Received {
  readonly token: string;
  /** The parsed JSON body, or the raw text when it was not JSON. */
  readonly body: unknown;
  /** null when no secret was configured, so nothing was checked. */
  readonly signatureValid: boolean | null;
  readonly reply: SinkReply;
}

type Handler = (
  request: EmulatorRequest,
  robotOf: (token: string) => Robot | undefined,
  nowMs: number,
) => Received;

const parse = (body: Buffer): { ok: boolean; value: unknown } => {
  const raw = body.toString('utf8');
  try {
    return { ok: true, value: JSON.parse(raw) as unknown };
  } catch {
    return { ok: false, value: raw };
  }
};

/** Every text the robot would show, for keyword filters. */
const textsOf = (value: unknown): string[] => {
  if (typeof value === 'string') return [value];
  if (Array.isArray(value)) return value.flatMap(textsOf);
  if (typeof value !== 'object' || value === null) return [];
  return Object.entries(value)
    .filter(([key]) => key !== 'sign' && key !== 'timestamp')
    .flatMap(([, inner]) => textsOf(inner));
};

const field = (value: unknown, name: string): unknown =>
  typeof value === 'object' && value !== null
    ? (value as Record<string, unknown>)[name]
    : undefined;

const pathToken = (path: string, prefix: string): string =>
  path.startsWith(prefix) ? decodeURIComponent(path.slice(prefix.length)) : '';

const DINGTALK_MAX_BYTES = 20_000;
const WECOM_MAX_CONTENT_BYTES = 4096;

const dingtalk: Handler = (request, robotOf, nowMs) => {
  const token = request.query.access_token ?? '';
  const { ok, value: body } = parse(request.body);
  const F = SINK_FAILURES.dingtalk;
  const done = (reply: SinkReply, signatureValid: boolean | null = null) => ({
    token,
    body,
    signatureValid,
    reply,
  });
  if (token === '') return done(F.tokenUnknown);
  const robot = robotOf(token);
  let signatureValid: boolean | null = null;
  if (robot?.secret !== undefined) {
    const check = checkDingtalk(
      robot.secret,
      request.query.timestamp,
      request.query.sign,
      nowMs,
    );
    signatureValid = check.ok;
    if (!check.ok) {
      return done(
        check.why === 'timestamp' ? F.invalidTimestamp : F.securityCheck,
        false,
      );
    }
  }
  if (!ok || typeof field(body, 'msgtype') !== 'string')
    return done(F.missingParameter, signatureValid);
  if (request.body.length > DINGTALK_MAX_BYTES)
    return done(F.tooLong, signatureValid);
  if (
    robot?.keyword !== undefined &&
    !textsOf(body).some((t) => t.includes(robot.keyword as string))
  ) {
    return done(F.keywordMissing, signatureValid);
  }
  return done(F.ok, signatureValid);
};

const feishu: Handler = (request, robotOf, nowMs) => {
  const token = pathToken(request.path, '/_sink/feishu/open-apis/bot/v2/hook/');
  const { ok, value: body } = parse(request.body);
  const F = SINK_FAILURES.feishu;
  const done = (reply: SinkReply, signatureValid: boolean | null = null) => ({
    token,
    body,
    signatureValid,
    reply,
  });
  if (token === '') return done(F.tokenInvalid);
  if (!ok) return done(F.badRequest);
  const robot = robotOf(token);
  let signatureValid: boolean | null = null;
  if (robot?.secret !== undefined) {
    const check = checkFeishu(
      robot.secret,
      field(body, 'timestamp'),
      field(body, 'sign'),
      nowMs,
    );
    signatureValid = check.ok;
    if (!check.ok) return done(F.signMismatch, false);
  }
  if (typeof field(body, 'msg_type') !== 'string')
    return done(F.msgTypeMissing, signatureValid);
  if (
    robot?.keyword !== undefined &&
    !textsOf(body).some((t) => t.includes(robot.keyword as string))
  ) {
    return done(F.keywordMissing, signatureValid);
  }
  return done(F.ok, signatureValid);
};

const wecom: Handler = (request) => {
  const token = request.query.key ?? '';
  const { ok, value: body } = parse(request.body);
  const F = SINK_FAILURES.wecom;
  const done = (reply: SinkReply) => ({
    token,
    body,
    signatureValid: null,
    reply,
  });
  if (token === '') return done(F.invalidKey);
  const type = field(body, 'msgtype');
  if (!ok || typeof type !== 'string') return done(F.invalidMsgType);
  const content = field(field(body, type), 'content');
  if (
    type === 'markdown' &&
    typeof content === 'string' &&
    Buffer.byteLength(content) > WECOM_MAX_CONTENT_BYTES
  ) {
    return done(F.tooLong);
  }
  return done(F.ok);
};

const slack: Handler = (request) => {
  const token = pathToken(request.path, '/_sink/slack/services/');
  const { ok, value: body } = parse(request.body);
  const F = SINK_FAILURES.slack;
  const done = (reply: SinkReply) => ({
    token,
    body,
    signatureValid: null,
    reply,
  });
  if (token.split('/').length !== 3) return done(F.noService);
  if (!ok || typeof body !== 'object' || body === null)
    return done(F.invalidPayload);
  const text = field(body, 'text');
  if (typeof text !== 'string' || text.trim() === '') return done(F.noText);
  return done(F.ok);
};

const generic: Handler = (request, robotOf, nowMs) => {
  const token = pathToken(request.path, '/_sink/generic/');
  const { ok, value: body } = parse(request.body);
  const F = SINK_FAILURES.generic;
  const robot = robotOf(token);
  let signatureValid: boolean | null = null;
  if (robot?.secret !== undefined) {
    signatureValid = checkStandardWebhook(
      robot.secret,
      request.headers,
      request.body,
      nowMs,
    ).ok;
    if (!signatureValid)
      return { token, body, signatureValid, reply: F.unauthorized };
  }
  return { token, body, signatureValid, reply: ok ? F.ok : F.badRequest };
};

export const HANDLERS: Readonly<Record<ChannelType, Handler>> = {
  dingtalk,
  feishu,
  wecom,
  slack,
  generic,
};

/** The paths each channel answers on, under `/_sink/<channel>`. */
export const PATHS: Readonly<Record<ChannelType, RegExp>> = {
  dingtalk: /^\/_sink\/dingtalk\/robot\/send$/,
  feishu: /^\/_sink\/feishu\/open-apis\/bot\/v2\/hook\/[^/]+$/,
  wecom: /^\/_sink\/wecom\/cgi-bin\/webhook\/send$/,
  slack: /^\/_sink\/slack\/services\/[^/]+\/[^/]+\/[^/]+$/,
  generic: /^\/_sink\/generic\/[^/]+$/,
};
