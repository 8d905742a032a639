import { isLoopbackName } from '../shared/local-dns.ts';

/**
 * The control API takes no credentials and can reset the local cloud,
 * move its clock or add event targets, so it answers this machine only.
 * Listening on loopback is not enough: any web page can POST text/plain
 * to 127.0.0.1 (the browser sends its Origin), and a DNS-rebound name
 * reaches loopback with a foreign Host. Requests without an Origin are
 * the tests', the CLI's and curl's.
 */
const hostnameOf = (host: string): string => {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.lastIndexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
};

const isLoopbackUrl = (text: string): boolean => {
  try {
    const url = new URL(text);
    return (
      (url.protocol === 'http:' || url.protocol === 'https:') &&
      isLoopbackName(url.hostname)
    );
  } catch {
    return false;
  }
};

/** Why a control request is refused, or undefined when it may go on. */
export const controlRefusal = (
  headers: Readonly<Record<string, string>>,
): string | undefined => {
  const host = headers.host ?? '';
  if (!isLoopbackName(hostnameOf(host))) {
    return 'the control API answers loopback Host names only';
  }
  const origin = headers.origin;
  if (origin !== undefined && !isLoopbackUrl(origin)) {
    return 'the control API refuses requests from a non-loopback Origin';
  }
  return undefined;
};

/** Event targets stay on this machine: the bus POSTs every KMS event to
 * them, and a cloud metadata address must not be one. */
export const eventTargetRefusal = (url: unknown): string | undefined =>
  typeof url === 'string' && isLoopbackUrl(url)
    ? undefined
    : 'url must be an absolute http(s) URL on a loopback host';
