/**
 * FC hands every handler its event as a Buffer (platform-facts §4). This
 * turns it into text and, when it is JSON, a value. A local runner or a
 * test may pass a string or an already parsed object; both are accepted.
 */
export interface DecodedEvent {
  readonly text: string;
  /** Undefined when the text is not JSON (see `isJson`). */
  readonly json: unknown;
  readonly isJson: boolean;
}

// Windows tools (PowerShell's Out-File, Notepad) start UTF-8 with one;
// JSON.parse refuses it, and it carries no meaning (RFC 8259 §8.1).
const BYTE_ORDER_MARK = '\uFEFF';

export const parseJson = (
  text: string,
): { ok: true; value: unknown } | { ok: false } => {
  const json = text.startsWith(BYTE_ORDER_MARK) ? text.slice(1) : text;
  try {
    return { ok: true, value: JSON.parse(json) };
  } catch {
    return { ok: false };
  }
};

export const decodeEvent = (event: unknown): DecodedEvent => {
  if (Buffer.isBuffer(event) || event instanceof Uint8Array) {
    return decodeText(Buffer.from(event).toString('utf8'));
  }
  if (typeof event === 'string') return decodeText(event);
  if (event === undefined || event === null) return decodeText('');
  return { text: JSON.stringify(event), json: event, isJson: true };
};

const decodeText = (text: string): DecodedEvent => {
  const parsed = parseJson(text);
  return parsed.ok
    ? { text, json: parsed.value, isJson: true }
    : { text, json: undefined, isJson: false };
};

const BASE64 = /^[A-Za-z0-9+/\r\n]+={0,2}$/;

/**
 * A queue message body: plain JSON, or base64 of JSON (EventBridge sends
 * MNS bodies base64-encoded unless told otherwise). Plain JSON is tried
 * first: base64 text is never a JSON object.
 */
export const decodeMessageBody = (
  body: string,
): { ok: true; value: unknown } | { ok: false; reason: string } => {
  const plain = parseJson(body);
  if (plain.ok && typeof plain.value === 'object') return plain;
  const trimmed = body.trim();
  if (trimmed.length > 0 && BASE64.test(trimmed)) {
    const decoded = parseJson(Buffer.from(trimmed, 'base64').toString('utf8'));
    if (decoded.ok) return decoded;
  }
  if (plain.ok) return plain;
  return {
    ok: false,
    reason:
      body.trim() === ''
        ? 'the message body is empty'
        : 'the message body is neither JSON nor base64 of JSON',
  };
};
