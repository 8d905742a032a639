/**
 * The FC 3.0 HTTP trigger event (platform-facts §4), normalised: header
 * names in lower case (FC Title-Cases them, callers may send any case),
 * the body as bytes whether or not FC base64-encoded it.
 */
export interface HttpRequest {
  readonly method: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  readonly body: Buffer;
  readonly sourceIp?: string;
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

const stringRecord = (value: unknown): Record<string, string> => {
  const out: Record<string, string> = {};
  if (!isRecord(value)) return out;
  for (const [key, item] of Object.entries(value)) {
    if (typeof item === 'string') out[key] = item;
    else if (Array.isArray(item)) out[key] = item.map(String).join(',');
    else if (item !== undefined && item !== null) out[key] = String(item);
  }
  return out;
};

const lowerCaseKeys = (record: Record<string, string>) => {
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(record)) {
    const name = key.toLowerCase();
    out[name] = out[name] === undefined ? value : `${out[name]},${value}`;
  }
  return out;
};

/** True for the shape FC's HTTP trigger sends, and nothing else. */
export const isHttpTriggerEvent = (value: unknown): boolean => {
  if (!isRecord(value) || typeof value.rawPath !== 'string') return false;
  const context = value.requestContext;
  return (
    isRecord(context) &&
    isRecord(context.http) &&
    typeof context.http.method === 'string'
  );
};

/** Call only after `isHttpTriggerEvent`. */
export const toHttpRequest = (event: Record<string, unknown>): HttpRequest => {
  const context = event.requestContext as { http: Record<string, unknown> };
  const raw = typeof event.body === 'string' ? event.body : '';
  const body =
    event.isBase64Encoded === true
      ? Buffer.from(raw, 'base64')
      : Buffer.from(raw, 'utf8');
  const sourceIp = context.http.sourceIp;
  return {
    method: String(context.http.method).toUpperCase(),
    path: String(event.rawPath),
    headers: lowerCaseKeys(stringRecord(event.headers)),
    query: stringRecord(event.queryParameters),
    body,
    ...(typeof sourceIp === 'string' ? { sourceIp } : {}),
  };
};
