import { loadSYaml } from './s-yaml.ts';

/**
 * Helpers for tests that break a parsed copy of s.yaml and expect the
 * offline checks to name what broke.
 */
// biome-ignore lint/suspicious/noExplicitAny: tests edit parsed YAML freely
export type Doc = any;

/** A deep copy of s.yaml for a test to break. */
export const copy = (): Doc => structuredClone(loadSYaml());

export const props = (doc: Doc, resource: string) =>
  doc.resources[resource].props;

export const trigger = (doc: Doc, resource: string, name: string) =>
  props(doc, resource).triggers.find(
    (t: { triggerName: string }) => t.triggerName === name,
  );

/** Serverless Devs' `${env('NAME', 'default')}` as s.yaml spells it. */
export const envOf = (name: string, fallback?: string): string =>
  fallback === undefined
    ? `\${env('${name}')}`
    : `\${env('${name}', '${fallback}')}`;

export const rulesAt = (
  problems: readonly { at: string; rule: string }[],
  at: string,
): string[] => problems.filter((p) => p.at === at).map((p) => p.rule);
