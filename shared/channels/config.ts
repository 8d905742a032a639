import { z } from 'zod';
import { INVALID_CONFIG } from '../config/common.ts';
import { KeyguardError } from '../errors.ts';
import { registerChannelSecrets } from './credentials.ts';
import type { ChannelConfig } from './types.ts';
import { CHANNEL_TYPES, SEVERITIES } from './types.ts';

/**
 * Alert channels come from one environment variable holding a JSON array.
 * URLs and secrets are credentials, so they are best kept in their own
 * variables (`urlEnv`, `secretEnv`) that the platform can encrypt; an
 * inline `url` is accepted for local use. Errors name the field and the
 * rule, never a value.
 *
 * ```json
 * [{ "name": "ops-dingtalk", "type": "dingtalk",
 *    "urlEnv": "DINGTALK_URL", "secretEnv": "DINGTALK_SECRET",
 *    "minSeverity": "warning", "keyword": "keyguard" }]
 * ```
 */
export const CHANNELS_ENV = 'KEYGUARD_CHANNELS';

const ENV_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const CHANNEL_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,62}$/;

/** Only DingTalk and Feishu robots sign or filter by keyword; generic
 * receivers verify Standard Webhooks signatures. */
const SIGNED = new Set(['dingtalk', 'feishu', 'generic']);
const KEYWORD = new Set(['dingtalk', 'feishu']);

const entrySchema = z
  .strictObject({
    name: z.string().regex(CHANNEL_NAME, {
      message: 'must be 1-63 letters, digits, "_", "." or "-"',
    }),
    type: z.enum(CHANNEL_TYPES),
    url: z.string().optional(),
    urlEnv: z
      .string()
      .regex(ENV_NAME, { message: 'must be an env name' })
      .optional(),
    secretEnv: z
      .string()
      .regex(ENV_NAME, { message: 'must be an env name' })
      .optional(),
    minSeverity: z.enum(SEVERITIES).default('warning'),
    keyword: z.string().min(1).max(64).optional(),
  })
  .superRefine((entry, ctx) => {
    if ((entry.url === undefined) === (entry.urlEnv === undefined)) {
      ctx.addIssue({
        code: 'custom',
        path: ['url'],
        message: 'give exactly one of url and urlEnv',
      });
    }
    if (entry.secretEnv !== undefined && !SIGNED.has(entry.type)) {
      ctx.addIssue({
        code: 'custom',
        path: ['secretEnv'],
        message: `a ${entry.type} URL is its own secret; remove secretEnv`,
      });
    }
    if (entry.keyword !== undefined && !KEYWORD.has(entry.type)) {
      ctx.addIssue({
        code: 'custom',
        path: ['keyword'],
        message: `${entry.type} has no keyword filter`,
      });
    }
  });

const listSchema = z.array(entrySchema);

const isHttpUrl = (value: string): boolean => {
  try {
    const url = new URL(value);
    return url.protocol === 'https:' || url.protocol === 'http:';
  } catch {
    return false;
  }
};

const fail = (problems: readonly string[]): never => {
  throw new KeyguardError(
    `invalid alert channel configuration: ${problems.join('; ')}`,
    { code: INVALID_CONFIG, status: 500, context: { problems } },
  );
};

const at = (path: readonly PropertyKey[]): string =>
  CHANNELS_ENV +
  path
    .map((part) =>
      typeof part === 'number' ? `[${part}]` : `.${String(part)}`,
    )
    .join('');

/** Reads the channel list; an unset or empty variable means no channels. */
export const parseChannels = (
  env: Readonly<Record<string, string | undefined>> = process.env,
): ChannelConfig[] => {
  const raw = env[CHANNELS_ENV]?.trim();
  if (raw === undefined || raw === '') return [];
  let json: unknown;
  try {
    json = JSON.parse(raw);
  } catch {
    return fail([`${CHANNELS_ENV}: must be a JSON array`]);
  }
  const parsed = listSchema.safeParse(json);
  if (!parsed.success) {
    return fail(parsed.error.issues.map((i) => `${at(i.path)}: ${i.message}`));
  }

  const problems: string[] = [];
  const names = parsed.data.map((entry) => entry.name);
  const channels = parsed.data.map((entry, index) => {
    const field = (name: string): string => at([index, name]);
    if (names.indexOf(entry.name) !== index) {
      problems.push(`${field('name')}: "${entry.name}" is used twice`);
    }
    return resolveEntry(entry, env, field, problems);
  });
  if (problems.length > 0) fail(problems);
  return channels.filter((channel) => channel !== undefined);
};

type Entry = z.infer<typeof entrySchema>;

/** Reads the URL and secret an entry points at; records what is wrong. */
const resolveEntry = (
  entry: Entry,
  env: Readonly<Record<string, string | undefined>>,
  field: (name: string) => string,
  problems: string[],
): ChannelConfig | undefined => {
  const fromEnv = (name: string | undefined): string | undefined => {
    const value = name === undefined ? undefined : env[name];
    return value === '' ? undefined : value;
  };
  const url = entry.url ?? fromEnv(entry.urlEnv);
  const secret = fromEnv(entry.secretEnv);
  if (url === undefined) {
    problems.push(`${field('urlEnv')}: variable ${entry.urlEnv} is not set`);
  } else if (!isHttpUrl(url)) {
    const name = entry.url === undefined ? 'urlEnv' : 'url';
    problems.push(`${field(name)}: must hold an http(s) URL`);
  }
  if (entry.secretEnv !== undefined && secret === undefined) {
    problems.push(
      `${field('secretEnv')}: variable ${entry.secretEnv} is not set`,
    );
  }
  if (url === undefined) return undefined;
  const channel: ChannelConfig = {
    name: entry.name,
    type: entry.type,
    url,
    minSeverity: entry.minSeverity,
    ...(secret === undefined ? {} : { secret }),
    ...(entry.keyword === undefined ? {} : { keyword: entry.keyword }),
  };
  registerChannelSecrets(channel);
  return channel;
};
