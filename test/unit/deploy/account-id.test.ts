import { describe, expect, it } from 'vitest';
import { accountIdOf } from '../../../cli/account-id.ts';

const WHY = 'role patterns name the account';

const messageOf = (run: () => unknown): string => {
  try {
    run();
  } catch (error) {
    return (error as Error).message;
  }
  throw new Error('expected a usage error');
};

describe('the account id a command needs', () => {
  it('takes the flag over the variable', () => {
    const env = { ALIBABA_CLOUD_ACCOUNT_ID: '1111222233334444' };

    expect(accountIdOf('5555666677778888', env, WHY)).toBe('5555666677778888');
    expect(accountIdOf(undefined, env, WHY)).toBe('1111222233334444');
  });

  it('asks for an id that was not given, saying what it is for', () => {
    expect(messageOf(() => accountIdOf(undefined, {}, WHY))).toBe(
      `give --account-id or ALIBABA_CLOUD_ACCOUNT_ID: ${WHY}`,
    );
  });

  it('names the source of a malformed id rather than asking for one', () => {
    const env = { ALIBABA_CLOUD_ACCOUNT_ID: 'abc' };

    expect(messageOf(() => accountIdOf('123', {}, WHY))).toBe(
      '--account-id "123" is no account id: it is 10-20 digits',
    );
    expect(messageOf(() => accountIdOf(undefined, env, WHY))).toBe(
      'ALIBABA_CLOUD_ACCOUNT_ID "abc" is no account id: it is 10-20 digits',
    );
  });
});
