import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  loadSYaml,
  ROOT,
  resolveSYaml,
  S_YAML,
} from '../../unit/deploy/support/s-yaml.ts';

/**
 * `s preview` is Serverless Devs' own offline resolution of s.yaml. When
 * the CLI is installed (node_modules/.bin/s, or KEYGUARD_S_CLI naming a
 * binary), it must resolve the file, and resolve it exactly as the
 * offline checks in test/unit/deploy do; so those checks judge what `s
 * deploy` would send. @serverless-devs/s is a dev dependency, so `npm
 * ci` brings it; these tests are skipped only in an install without dev
 * dependencies where KEYGUARD_S_CLI names no binary either.
 */
const S_CLI =
  process.env.KEYGUARD_S_CLI ??
  [path.join(ROOT, 'node_modules', '.bin', 's')].find((file) =>
    existsSync(file),
  );

const run = promisify(execFile);

// `s config` is not set up in a clean HOME, so AccountID stays unresolved.
const UNRESOLVED_ACCOUNT = `\${config('AccountID')}`;

/**
 * A HOME of its own, so no developer's `s config` (and no access key) is
 * read. It is reused rather than removed: the CLI leaves a helper
 * process behind that writes its update-check file there after exiting.
 */
const home = path.join(tmpdir(), 'keyguard-s-preview-home');

const preview = async (
  env: Readonly<Record<string, string>> = {},
): Promise<unknown> => {
  const { stdout } = await run(
    S_CLI ?? 's',
    ['preview', '-t', S_YAML, '-o', 'json', '--silent'],
    {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', HOME: home, ...env },
      timeout: 60_000,
    },
  );
  // The CLI may print a warning line before the document.
  return JSON.parse(stdout.slice(stdout.indexOf('{')));
};

describe.runIf(S_CLI !== undefined)('s preview', () => {
  beforeAll(async () => {
    await mkdir(home, { recursive: true });
  });

  it('resolves s.yaml as the offline checks do', async () => {
    // Act
    const resolved = await preview();

    // Assert
    expect(resolved).toEqual(
      resolveSYaml(loadSYaml(), { accountId: UNRESOLVED_ACCOUNT }),
    );
  });

  it('reads deploy variables from the shell as the offline checks do', async () => {
    // Prepare
    const env = {
      KEYGUARD_REGION: 'cn-shanghai',
      PROVISION_ALLOWED_PROJECTS: 'demo-proj,audit-proj',
      KEYGUARD_HTTP_AUTH_TYPE: 'anonymous',
    };

    // Act
    const resolved = await preview(env);

    // Assert
    expect(resolved).toEqual(
      resolveSYaml(loadSYaml(), { env, accountId: UNRESOLVED_ACCOUNT }),
    );
  });

  it('hands key-health the channel variables a channel entry names', async () => {
    // Prepare: the README's way, URL and secret in variables of their own.
    const env = {
      KEYGUARD_CHANNELS:
        '[{"name":"ops","type":"dingtalk","urlEnv":"DINGTALK_URL",' +
        '"secretEnv":"DINGTALK_SECRET"}]',
      DINGTALK_URL: 'https://oapi.dingtalk.com/robot/send?access_token=t',
      DINGTALK_SECRET: 'SECtest',
    };

    // Act
    const resolved = (await preview(env)) as {
      resources: Record<
        string,
        { props: { environmentVariables: Record<string, string> } }
      >;
    };

    // Assert
    expect(
      resolved.resources['key-health']?.props.environmentVariables,
    ).toMatchObject(env);
  });
});
