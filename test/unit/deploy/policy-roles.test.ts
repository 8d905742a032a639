import { describe, expect, it } from 'vitest';
import { runCli } from '../../../cli/main.ts';
import { captureIo } from '../../integration/deploy/support/capture-io.ts';
import {
  type PolicyDocument,
  statementsWith,
} from './support/policy-actions.ts';

/**
 * The SLS roles the provisioning role may pass, as `keyguard policy
 * provision` renders them from --sls-role or PROVISION_ALLOWED_ROLE_ARNS:
 * a role name is in the deployment's account, a role ARN keeps its own.
 */
const ACCOUNT = '1111222233334444';

const passedRoles = async (
  args: readonly string[],
  env: Record<string, string> = {},
): Promise<unknown> => {
  const io = captureIo({ ALIBABA_CLOUD_ACCOUNT_ID: ACCOUNT, ...env });
  const code = await runCli(['policy', 'provision', ...args], io);
  if (code !== 0) throw new Error(io.err());
  const document = JSON.parse(io.out()) as PolicyDocument;

  return statementsWith(document, 'ram:PassRole').map((s) => s.Resource);
};

describe('keyguard policy provision', () => {
  it('keeps the account of a role ARN in PROVISION_ALLOWED_ROLE_ARNS', async () => {
    // Act
    const roles = await passedRoles([], {
      PROVISION_ALLOWED_ROLE_ARNS: 'acs:ram::999999999999:role/other',
    });

    // Assert
    expect(roles).toEqual(['acs:ram::999999999999:role/other']);
  });

  it('fills in {accountId} in a role pattern', async () => {
    // Act
    const roles = await passedRoles([], {
      PROVISION_ALLOWED_ROLE_ARNS:
        'acs:ram::{accountId}:role/sls-byok-*, acs:ram::2222333344445555:role/x',
    });

    // Assert
    expect(roles).toEqual([
      [
        `acs:ram::${ACCOUNT}:role/sls-byok-*`,
        'acs:ram::2222333344445555:role/x',
      ],
    ]);
  });

  it('takes --sls-role as a role ARN or as a role name', async () => {
    // Act
    const roles = await passedRoles([
      '--sls-role',
      `acs:ram::${ACCOUNT}:role/sls-byok-audit`,
      '--sls-role',
      'sls-byok-billing',
    ]);

    // Assert
    expect(roles).toEqual([
      [
        `acs:ram::${ACCOUNT}:role/sls-byok-audit`,
        `acs:ram::${ACCOUNT}:role/sls-byok-billing`,
      ],
    ]);
  });

  it('refuses a role that is neither a name nor a role ARN', async () => {
    // Prepare
    const io = captureIo({ ALIBABA_CLOUD_ACCOUNT_ID: ACCOUNT });

    // Act
    const code = await runCli(
      ['policy', 'provision', '--sls-role', 'acs:ram::1234:user/alice'],
      io,
    );

    // Assert
    expect(code).toBe(1);
    expect(io.err()).toBe(
      'keyguard: <sls-role> value "acs:ram::1234:user/alice" is neither a ' +
        'RAM role name nor acs:ram::<account-id>:role/<name>\n',
    );
  });
});
