import type { Problem } from './deployment-checks.ts';
import type { SYaml } from './s-yaml-schema.ts';

/**
 * key-health's state store (shared/health/state-store.ts): the bindings
 * it found, the alerts it sent and its scan state, kept in
 * KEYGUARD_STATE_DIR on an OSS mount so that they outlive the instance.
 * The directory must be that mount, and the mount writable: on a
 * read-only one every save fails, so no run remembers what it learnt or
 * which alerts it already sent.
 */
export const stateStoreProblems = (resolved: SYaml): Problem[] =>
  Object.entries(resolved.resources).flatMap(([resource, { props }]) => {
    const at = `resources.${resource}.props`;
    const stateDir = props.environmentVariables.KEYGUARD_STATE_DIR;
    if (stateDir === undefined) {
      return resource === 'key-health'
        ? [
            {
              at: `${at}.environmentVariables`,
              rule: 'must set KEYGUARD_STATE_DIR to the state mount',
            },
          ]
        : [];
    }
    const mounts = props.ossMountConfig?.mountPoints ?? [];
    const index = mounts.findIndex((mount) => mount.mountDir === stateDir);
    if (index === -1) {
      return [
        {
          at: `${at}.environmentVariables.KEYGUARD_STATE_DIR`,
          rule: 'must be the mountDir of an ossMountConfig mount point',
        },
      ];
    }

    return mounts[index]?.readOnly === false
      ? []
      : [
          {
            at: `${at}.ossMountConfig.mountPoints.${index}.readOnly`,
            rule:
              `must be written out as false: ${resource} writes its ` +
              "state store there, and the default is not the code's to assume",
          },
        ];
  });
