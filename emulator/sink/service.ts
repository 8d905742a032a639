import type { ChannelType } from '../../shared/channels/types.ts';
import { CHANNEL_TYPES } from '../../shared/channels/types.ts';
import type {
  EmulatorRequest,
  EmulatorResponse,
  Service,
  ServiceDeps,
} from '../types.ts';
import type { Robot } from './channels.ts';
import { HANDLERS, PATHS } from './channels.ts';
import type { SinkReply } from './replies.ts';
import {
  channelError,
  SINK_FAILURES,
  THROTTLE_REPLIES,
  toResponse,
} from './replies.ts';

export { SINK_FAILURES } from './replies.ts';

/**
 * The local cloud's webhook sink: DingTalk, Feishu, WeCom, Slack and
 * generic receivers under `/_sink/<channel>/...`, each answering the way
 * the real one does, checking signatures and keywords for robots a test
 * configured, and keeping every message for tests to read.
 */
export interface SinkMessage {
  /** 1-based arrival order across all channels. */
  readonly seq: number;
  readonly channel: ChannelType;
  /** Robot token, WeCom key, Slack `T/B/X` path, or generic name. */
  readonly token: string;
  /** Emulator-clock ms. */
  readonly receivedAt: number;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
  /** Parsed JSON, or the raw text when the body was not JSON. */
  readonly body: unknown;
  /** null when the robot has no secret configured. */
  readonly signatureValid: boolean | null;
  readonly reply: {
    readonly status: number;
    readonly body: string;
    readonly headers: Readonly<Record<string, string>>;
  };
  /** Whether the answer was the channel's success answer. */
  readonly accepted: boolean;
}

export interface RobotOptions {
  readonly secret?: string;
  readonly keyword?: string;
}

export interface SinkService extends Service {
  /** Sets the signing secret (DingTalk, Feishu, generic) or keyword
   * (DingTalk, Feishu) for one robot token or path. */
  configureRobot(
    channel: ChannelType,
    token: string,
    options: RobotOptions,
  ): void;
  /** Everything received, in order. */
  messages(filter?: {
    readonly channel?: ChannelType;
    readonly token?: string;
  }): SinkMessage[];
}

const SIGNED: readonly ChannelType[] = ['dingtalk', 'feishu', 'generic'];
const KEYWORD: readonly ChannelType[] = ['dingtalk', 'feishu'];

const channelOf = (path: string): ChannelType | undefined => {
  const segment = path.split('/')[2];
  return CHANNEL_TYPES.find((type) => type === segment);
};

const SUCCESS: Readonly<Record<ChannelType, SinkReply>> = {
  dingtalk: SINK_FAILURES.dingtalk.ok,
  feishu: SINK_FAILURES.feishu.ok,
  wecom: SINK_FAILURES.wecom.ok,
  slack: SINK_FAILURES.slack.ok,
  generic: SINK_FAILURES.generic.ok,
};

export const createSinkService = (deps: ServiceDeps): SinkService => {
  const robots = new Map<string, Robot>();
  const received: SinkMessage[] = [];
  const robotKey = (channel: ChannelType, token: string) =>
    `${channel}\n${token}`;

  const handle = async (
    request: EmulatorRequest,
  ): Promise<EmulatorResponse> => {
    const channel = channelOf(request.path);
    if (channel === undefined || !PATHS[channel].test(request.path)) {
      const reply =
        channel === 'slack'
          ? SINK_FAILURES.slack.noService
          : { status: 404, body: 'no such webhook path' };
      return {
        ...toResponse({ kind: 'reply', ...reply }),
        errorCode: 'NotFound',
      };
    }
    if (request.method !== 'POST') {
      return { status: 405, headers: { allow: 'POST' }, body: '' };
    }
    const now = deps.clock.now();
    const result = HANDLERS[channel](
      request,
      (token) => robots.get(robotKey(channel, token)),
      now,
    );
    const accepted = result.reply === SUCCESS[channel];
    received.push({
      seq: received.length + 1,
      channel,
      token: result.token,
      receivedAt: now,
      query: request.query,
      headers: request.headers,
      body: result.body,
      signatureValid: result.signatureValid,
      reply: {
        status: result.reply.status,
        body: result.reply.body,
        headers: result.reply.headers ?? {},
      },
      accepted,
    });
    const response = toResponse(result.reply);
    return accepted
      ? response
      : { ...response, errorCode: errorCodeOf(result.reply) };
  };

  return {
    name: 'sink',
    operationOf: (request) => channelOf(request.path) ?? 'unknown',
    handle,
    errorResponse: (request, status, code, message) =>
      channelError(channelOf(request.path), status, code, message),
    throttleResponse: (request) => {
      const channel = channelOf(request.path);
      const reply =
        channel === undefined
          ? SINK_FAILURES.slack.rateLimited
          : THROTTLE_REPLIES[channel];
      return { ...toResponse(reply), errorCode: 'Throttled' };
    },
    // What a gateway in front of any of these answers when it fails.
    serverErrorResponse: () => ({
      status: 503,
      headers: { 'content-type': 'text/plain; charset=utf-8' },
      body: 'Service Unavailable',
      errorCode: 'ServiceUnavailable',
    }),
    reset: () => {
      robots.clear();
      received.length = 0;
    },
    configureRobot: (channel, token, options) => {
      if (options.secret !== undefined && !SIGNED.includes(channel)) {
        throw new Error(`${channel} robots have no signing secret`);
      }
      if (options.keyword !== undefined && !KEYWORD.includes(channel)) {
        throw new Error(`${channel} robots have no keyword filter`);
      }
      robots.set(robotKey(channel, token), { ...options });
    },
    messages: (filter = {}) =>
      received.filter(
        (message) =>
          (filter.channel === undefined ||
            message.channel === filter.channel) &&
          (filter.token === undefined || message.token === filter.token),
      ),
  };
};

/** The request log keeps the channel's own code for refused messages. */
const errorCodeOf = (reply: SinkReply): string => {
  try {
    const body = JSON.parse(reply.body) as Record<string, unknown>;
    const code = body.errcode ?? body.code ?? body.error;
    if (code !== undefined) return String(code);
  } catch {
    // Slack answers plain text codes.
  }
  return reply.body === '' ? `http_${reply.status}` : reply.body;
};
