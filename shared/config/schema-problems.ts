import type { z } from 'zod';

/**
 * What a configuration schema refused, one problem per issue, named by
 * the variable and, inside a list or JSON value, the item's path: the
 * operator learns that the second webhook secret is bad, not only that
 * one is. Only the schema's own rule is printed, never the value, which
 * may be a secret.
 */
export interface ConfigProblem {
  readonly variable: string;
  readonly rule: string;
}

export const schemaProblems = (error: z.ZodError): ConfigProblem[] =>
  error.issues.map((issue) => {
    const [variable, ...inside] = issue.path.map(String);

    return {
      variable: variable ?? 'environment',
      rule:
        inside.length > 0
          ? `${inside.join('.')} ${issue.message}`
          : issue.message,
    };
  });
