import { DEMO_PROJECT, DEMO_SLS_ROLE_ARN } from '../../emulator/demo.ts';
import { KEYS, type KeyFamily, REGION } from './keys.ts';
import type { Dice } from './pick.ts';

/**
 * What a chaos run asks provisioning for: a few dozen Logstore names in
 * three projects, each with the encryption most of its requests ask for,
 * and now and then a request for the same name with other encryption (a
 * conflict, or a race to be first), a key of the wrong family, or a name
 * SLS would refuse.
 */
export const PROJECTS = [DEMO_PROJECT, 'chaos-a', 'chaos-b'] as const;

export interface Encryption {
  readonly encryptType: string;
  /** undefined: SLS's service key. */
  readonly keyId?: string;
}

export interface RequestSpec {
  readonly project: string;
  readonly logstoreName: string;
  readonly encryption: Encryption;
}

export interface Target {
  readonly project: string;
  readonly logstoreName: string;
  readonly primary: Encryption;
}

const TYPES: Readonly<Record<KeyFamily, readonly string[]>> = {
  AES: ['default', 'aes_gcm'],
  SM4: ['sm4_gcm', 'm4'],
};

const randomEncryption = (dice: Dice): Encryption => {
  if (dice.chance(0.15)) {
    return { encryptType: dice.pick(['default', 'sm4_gcm']) };
  }
  const key = dice.pick(KEYS);
  return { encryptType: dice.pick(TYPES[key.family]), keyId: key.keyId };
};

export const makeTargets = (
  dice: Dice,
  count: number,
  prefix = 'ls',
): Target[] =>
  Array.from({ length: count }, (_, i) => ({
    project: dice.pick(PROJECTS),
    logstoreName: `${prefix}-${String(i).padStart(2, '0')}`,
    primary: randomEncryption(dice),
  }));

export const requestFor = (target: Target, dice: Dice): RequestSpec => {
  const roll = dice.int(1, 100);
  const base = { project: target.project, logstoreName: target.logstoreName };
  if (roll <= 8) return { ...base, encryption: randomEncryption(dice) };
  if (roll <= 10) {
    // A key of the other family: refused before anything is created.
    const key = dice.pick(KEYS);
    const other: KeyFamily = key.family === 'AES' ? 'SM4' : 'AES';
    return {
      ...base,
      encryption: { encryptType: dice.pick(TYPES[other]), keyId: key.keyId },
    };
  }
  if (roll <= 12)
    return { ...base, logstoreName: 'Bad.Name', encryption: target.primary };
  return { ...base, encryption: target.primary };
};

export const bodyOf = (spec: RequestSpec): Record<string, unknown> => ({
  project: spec.project,
  logstoreName: spec.logstoreName,
  ttl: 30,
  shardCount: 2,
  encrypt_conf: {
    enable: true,
    encrypt_type: spec.encryption.encryptType,
    ...(spec.encryption.keyId === undefined
      ? {}
      : {
          user_cmk_info: {
            cmk_key_id: spec.encryption.keyId,
            arn: DEMO_SLS_ROLE_ARN,
            region_id: REGION,
          },
        }),
  },
});
