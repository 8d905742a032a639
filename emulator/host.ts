import type { HostInfo } from './types.ts';

/**
 * Which service, region and SLS project a request is for, read from the
 * Host header the way the unmodified SDKs build it:
 *   demo-proj.cn-hangzhou.log.localhost:PORT  SLS, region, project
 *   cn-hangzhou.log.localhost:PORT            SLS, region
 *   demo-proj.@127.0.0.1:PORT                 SLS, default region
 *   @127.0.0.1:PORT                           the same endpoint's bare host
 *                                             (ListProject, CreateProject)
 *   kms.cn-shanghai.localhost:PORT            KMS, region
 *   127.0.0.1:PORT or localhost:PORT          the default region; KMS when
 *                                             the request names an Action
 */
export interface RoutingHints {
  readonly host: string;
  readonly path: string;
  readonly query: Readonly<Record<string, string>>;
  readonly headers: Readonly<Record<string, string>>;
}

const REGION = /^[a-z]{2,}(-[a-z0-9]+)+$/;

const withoutPort = (host: string): string => {
  if (host.startsWith('[')) return host.slice(0, host.indexOf(']') + 1);
  const colon = host.lastIndexOf(':');
  return colon === -1 ? host : host.slice(0, colon);
};

const isBare = (name: string): boolean =>
  name === 'localhost' || name === '[::1]' || /^127\.\d+\.\d+\.\d+$/.test(name);

const looksLikeKms = (hints: RoutingHints): boolean =>
  hints.query.Action !== undefined ||
  hints.headers['x-acs-action'] !== undefined;

export const routeOf = (
  hints: RoutingHints,
  defaultRegion: string,
): HostInfo | undefined => {
  if (hints.path.startsWith('/_sink/')) {
    return { service: 'sink', region: defaultRegion };
  }
  const name = withoutPort(hints.host.toLowerCase());
  const at = name.indexOf('.@');
  if (at > 0) {
    return {
      service: 'sls',
      region: defaultRegion,
      project: name.slice(0, at),
    };
  }
  // The `@127.0.0.1:PORT` endpoint without a project in front of it.
  const bare = name.startsWith('@') ? name.slice(1) : name;
  if (isBare(bare)) {
    const service = looksLikeKms(hints) ? 'kms' : 'sls';
    return { service, region: defaultRegion };
  }
  const labels = name.split('.');
  if (labels.at(-1) !== 'localhost') return undefined;
  if (labels[0] === 'kms' && labels.length === 3) {
    const region = labels[1] ?? '';
    return REGION.test(region) ? { service: 'kms', region } : undefined;
  }
  if (labels.at(-2) === 'log' && labels.length >= 3) {
    const region = labels.at(-3) ?? '';
    if (!REGION.test(region)) return undefined;
    const project = labels.slice(0, -3).join('.');
    return project === ''
      ? { service: 'sls', region }
      : { service: 'sls', region, project };
  }
  if (labels.length === 2 && labels[0] !== undefined) {
    // project.localhost: the SDK's host for endpoint `localhost:PORT`.
    return { service: 'sls', region: defaultRegion, project: labels[0] };
  }
  return undefined;
};
