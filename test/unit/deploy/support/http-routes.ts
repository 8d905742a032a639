import type { Invocation } from '../../../../functions/provision/invocation.ts';
import { routeHttp } from '../../../../functions/provision/routes.ts';
import type { Problem } from './deployment-checks.ts';
import type { SYaml } from './s-yaml-schema.ts';

/**
 * The methods the provisioning function serves, read from its own router
 * rather than copied: each documented path is asked with a method no
 * route serves, and the 405 answer's `allow` header names the methods it
 * does serve. A route that gains or loses a method changes the answer,
 * so s.yaml's HTTP trigger cannot drift from the code.
 */
export const ROUTE_PATHS = [
  '/logstores',
  '/logstores/demo-proj/app-audit',
] as const;

// Not an HTTP method at all, so no route can ever serve it.
const PROBE_METHOD = 'KEYGUARD-PROBE';

/** The 405 answer needs nothing of an invocation but its request id. */
const probeRun = { requestId: 'route-probe' } as unknown as Invocation;

export interface ServedRoute {
  readonly path: string;
  readonly methods: readonly string[];
}

export const servedRoutes = async (): Promise<ServedRoute[]> =>
  Promise.all(
    ROUTE_PATHS.map(async (path) => {
      const reply = await routeHttp(
        {
          method: PROBE_METHOD,
          path,
          headers: {},
          query: {},
          body: Buffer.alloc(0),
        },
        probeRun,
      );
      if (reply.status !== 405) {
        throw new Error(`${path} answered ${reply.status}, not 405`);
      }
      const allow = reply.headers?.allow ?? '';

      return {
        path,
        methods: allow
          .split(',')
          .map((method) => method.trim())
          .filter((method) => method !== ''),
      };
    }),
  );

/**
 * Every HTTP trigger of the provision function must let through exactly
 * the methods its routes serve: a missing one makes FC refuse a
 * documented call before the function sees it, an extra one opens a
 * method nothing answers.
 */
export const httpTriggerProblems = (
  resolved: SYaml,
  routes: readonly ServedRoute[],
): Problem[] => {
  const served = [...new Set(routes.flatMap((route) => route.methods))];
  const triggers = resolved.resources.provision?.props.triggers ?? [];

  return triggers.flatMap((trigger, index): Problem[] => {
    if (trigger.triggerType !== 'http') return [];
    const config = `resources.provision.props.triggers.${index}`;
    const at = `${config}.triggerConfig.methods`;
    const allowed: readonly string[] = trigger.triggerConfig.methods;
    const missing = served.filter((method) => !allowed.includes(method));
    const extra = allowed.filter((method) => !served.includes(method));
    const problems: Problem[] = [];
    for (const method of missing) {
      const paths = routes
        .filter((route) => route.methods.includes(method))
        .map((route) => route.path);
      problems.push({
        at,
        rule:
          `leaves out ${method}, which the function serves on ` +
          paths.join(', '),
      });
    }
    for (const method of extra) {
      problems.push({
        at,
        rule: `lets through ${method}, which no route of the function serves`,
      });
    }

    return problems;
  });
};
