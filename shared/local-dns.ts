import dns from 'node:dns';

/**
 * On the local cloud, regions and SLS projects live in host names such as
 * `demo-proj.cn-hangzhou.log.localhost`. This machine's resolver does not
 * answer `*.localhost`, so in local mode only, the process's `dns.lookup`
 * is wrapped to answer loopback for those names. Node's sockets call
 * `dns.lookup` at connect time, so the unmodified SDKs follow it.
 */
let installed = false;

const LOOPBACK = { address: '127.0.0.1', family: 4 } as const;

export const isLocalHostName = (hostname: string): boolean =>
  hostname === 'localhost' || hostname.endsWith('.localhost');

/** A name or address that can only mean this machine: `localhost` and
 * its subdomains (RFC 6761), 127.0.0.0/8 and ::1. */
export const isLoopbackName = (hostname: string): boolean => {
  const name = hostname.toLowerCase();
  return (
    isLocalHostName(name) ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(name) ||
    name === '::1' ||
    name === '[::1]'
  );
};

export const installLocalDns = (): void => {
  if (installed) return;
  installed = true;
  const original = dns.lookup;
  const wrapped = (
    hostname: string,
    options: unknown,
    callback?: unknown,
  ): void => {
    const done = (typeof options === 'function' ? options : callback) as (
      ...args: unknown[]
    ) => void;
    if (typeof hostname === 'string' && isLocalHostName(hostname)) {
      const all =
        typeof options === 'object' &&
        options !== null &&
        (options as { all?: boolean }).all === true;
      process.nextTick(() =>
        all
          ? done(null, [LOOPBACK])
          : done(null, LOOPBACK.address, LOOPBACK.family),
      );
      return;
    }
    (original as (...args: unknown[]) => void)(hostname, options, callback);
  };
  dns.lookup = wrapped as typeof dns.lookup;
};
