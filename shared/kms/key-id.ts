/**
 * What keyguard takes as a Logstore's CMK: a KMS key id, `key-` and
 * letters or digits, or the UUID form of keys made before KMS took that
 * prefix. An alias or a key ARN is refused, though DescribeKey would
 * resolve either: SLS keeps the text as given, an alias can later point
 * at another key, and key-health matches a Logstore to a key event by
 * the key id alone.
 */
const KEY_ID = new RegExp(
  '^(?:key-[A-Za-z0-9][A-Za-z0-9-]*' +
    '|[0-9a-fA-F]{8}(?:-[0-9a-fA-F]{4}){3}-[0-9a-fA-F]{12})$',
);

export const isKeyId = (text: string): boolean => KEY_ID.test(text);

export const KEY_ID_RULE =
  'a KMS key id such as key-hzz6… (not an alias or a key ARN)';
