import { describe, expect, it } from 'vitest';
import {
  parseProvisionConfig,
  parseProvisionSettings,
} from '../../../shared/config/provision.ts';
import { resolvedDeployment } from './support/deployment-checks.ts';
import { loadSYaml } from './support/s-yaml.ts';
import { copy, envOf, props } from './support/s-yaml-copies.ts';

/**
 * The provision function's settings as a deployment gets them: each
 * `${env('NAME', 'default')}` in s.yaml falls back to its default when
 * the deploying shell leaves NAME unset, and the function parses the
 * result at cold start. A default the parser refuses deploys a function
 * that fails every start; these tests parse the defaults first.
 */
const deployedProvision = (doc: unknown = loadSYaml()) => {
  const { resources } = resolvedDeployment(doc);
  const env = resources.provision?.props.environmentVariables;
  if (env === undefined) throw new Error('no provision resource');

  // FC sets the region itself.
  return parseProvisionConfig({ ...env, FC_REGION: 'cn-hangzhou' });
};

describe('provision settings in s.yaml', () => {
  it("start from s.yaml's defaults with the code's own defaults", () => {
    // Act
    const { common, ...settings } = deployedProvision();

    // Assert
    expect(settings).toEqual(parseProvisionSettings({}));
    expect(common).toMatchObject({
      mode: 'cloud',
      region: 'cn-hangzhou',
      endpoints: { protocol: 'https' },
    });
  });

  it.each([
    ['PROVISION_ALLOW_SERVICE_KEY', 'yes please', 'must be true or false'],
    ['PROVISION_MATERIAL_EXPIRY_DAYS', 'a month', 'must be a whole number'],
    ['PROVISION_ALLOWED_ENCRYPT_TYPES', 'rot13', '0 must be one of'],
    ['KEYGUARD_CALL_TIMEOUT_MS', '5', 'must be a whole number from 100'],
  ])('name %s when its s.yaml default is %j', (name, fallback, rule) => {
    // Prepare
    const doc = copy();
    props(doc, 'provision').environmentVariables[name] = envOf(name, fallback);

    // Act
    const start = () => deployedProvision(doc);

    // Assert
    expect(start).toThrow(`${name} ${rule}`);
  });
});
