import type { World } from '../world.ts';

/**
 * No credential, token, signature or webhook secret in any log line: the
 * canaries are every secret the run handed out (STS secrets and tokens
 * of each invocation, the demo access key, robot tokens and signing
 * secrets, the provisioning webhook secret); signatures are caught by
 * their shape. A violation names the kind and line, never the value.
 */
const SHAPES: readonly (readonly [string, RegExp])[] = [
  ['an SLS signature', /\bLOG [A-Za-z0-9.]+:[A-Za-z0-9+/=]{16,}/],
  ['an ACS3 signature', /ACS3-HMAC-SHA256 Credential=/],
  ['a KMS signature', /[?&]Signature=(?!\[redacted\])[^&\s"]{8,}/],
  ['a DingTalk sign', /[?&]sign=(?!\[redacted\])[^&\s"]{8,}/],
  ['a Standard Webhooks signature', /v1,[A-Za-z0-9+/]{40,}={0,2}/],
  ['an STS token', /CAIS[A-Za-z0-9]{40,}/],
];

export const checkSecrets = (world: World): string[] => {
  const violations: string[] = [];
  const canaries = [...world.canaries].filter((c) => c.length >= 6);
  world.logs.lines.forEach((line, index) => {
    const leaked = canaries.filter((canary) => line.includes(canary)).length;
    if (leaked > 0) {
      violations.push(`log line ${index} holds ${leaked} registered secret(s)`);
    }
    for (const [kind, shape] of SHAPES) {
      if (shape.test(line)) violations.push(`log line ${index} holds ${kind}`);
    }
  });
  return violations;
};
