/**
 * What the request log may keep of a webhook call. A webhook URL's token
 * is its credential (the whole URL for Slack), and Feishu puts its
 * signature in the body; the log keeps the channel's path with `***` for
 * the token and the body without `sign`. DingTalk and WeCom carry theirs
 * in the query, which the log filters by name.
 */
const TOKEN_PREFIXES = [
  '/_sink/feishu/open-apis/bot/v2/hook/',
  '/_sink/slack/services/',
  '/_sink/generic/',
];

export const REDACTED = '***';

export const redactSinkPath = (path: string): string => {
  const prefix = TOKEN_PREFIXES.find((p) => path.startsWith(p));
  return prefix === undefined || path.length === prefix.length
    ? path
    : `${prefix}${REDACTED}`;
};

export const redactSinkBody = (body: string): string => {
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    return body;
  }
  if (typeof parsed !== 'object' || parsed === null || !('sign' in parsed)) {
    return body;
  }
  const { sign: _, ...rest } = parsed as Record<string, unknown>;
  return JSON.stringify(rest);
};
