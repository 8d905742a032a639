import { describe, expect, it } from 'vitest';
import { invokeWaitS } from '../../../cli/commands/invoke.ts';
import {
  defaultInvokeWaitS,
  FUNCTION_TIMEOUT_S,
  INVOKE_MARGIN_S,
} from '../../../cli/deployed-functions.ts';
import { resolvedDeployment } from './support/deployment-checks.ts';
import { loadSYaml } from './support/s-yaml.ts';

/**
 * How long `keyguard invoke` waits for FC without --timeout: as long as
 * the function may run, taken from the timeout s.yaml gives it.
 */
describe('keyguard invoke wait', () => {
  it.each([
    ['key-health', 300],
    ['keyguard-key-health', 300],
    ['provision', 60],
  ])("waits for %s's own timeout plus a margin", (name, timeout) => {
    // Act
    const wait = defaultInvokeWaitS(name, false);

    // Assert
    expect(wait).toBe(timeout + INVOKE_MARGIN_S);
  });

  it("takes each function's timeout from s.yaml", () => {
    // Act
    const resources = resolvedDeployment(loadSYaml()).resources;

    // Assert
    expect(resources['key-health']?.props.timeout).toBe(
      FUNCTION_TIMEOUT_S['key-health'],
    );
    expect(resources.provision?.props.timeout).toBe(
      FUNCTION_TIMEOUT_S.provision,
    );
  });

  it('waits the longest for a function keyguard did not deploy', () => {
    // Act
    const wait = defaultInvokeWaitS('other-function', false);

    // Assert
    expect(wait).toBe(300 + INVOKE_MARGIN_S);
  });

  it('waits only for the queueing of an asynchronous call', () => {
    // Act
    const wait = defaultInvokeWaitS('key-health', true);

    // Assert
    expect(wait).toBeLessThan(FUNCTION_TIMEOUT_S['key-health']);
  });
});

describe('keyguard invoke --timeout', () => {
  it('overrides the wait, in seconds', () => {
    // Act
    const wait = invokeWaitS('key-health', { timeout: '12.5' });

    // Assert
    expect(wait).toBe(12.5);
  });

  it("defaults to the function's own wait", () => {
    // Act
    const wait = invokeWaitS('key-health', {});

    // Assert
    expect(wait).toBe(FUNCTION_TIMEOUT_S['key-health'] + INVOKE_MARGIN_S);
  });
});
