import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { schemaProblems } from '../../../shared/config/schema-problems.ts';

const schema = z.object({
  PLAIN: z.string().regex(/^[a-z]+$/, { error: 'must be lowercase' }),
  LIST: z.array(
    z.object({ name: z.string().min(1, { error: 'must not be empty' }) }),
  ),
});

const problemsFor = (input: unknown) => {
  const parsed = schema.safeParse(input);
  if (parsed.success) throw new Error('expected the schema to refuse');
  return schemaProblems(parsed.error);
};

describe('problems of a configuration refused by its schema', () => {
  it('names a top-level variable and its rule alone', () => {
    expect(problemsFor({ PLAIN: 'UPPER', LIST: [] })).toEqual([
      { variable: 'PLAIN', rule: 'must be lowercase' },
    ]);
  });

  it('names a nested item by its path under the variable', () => {
    expect(
      problemsFor({ PLAIN: 'ok', LIST: [{ name: 'a' }, { name: '' }] }),
    ).toEqual([{ variable: 'LIST', rule: '1.name must not be empty' }]);
  });

  it('never prints the refused value', () => {
    const problems = problemsFor({ PLAIN: 'Sup3rSecret', LIST: [] });

    expect(JSON.stringify(problems)).not.toContain('Sup3rSecret');
  });

  it('blames the environment for an issue without a path', () => {
    const parsed = z.object({}).safeParse('not an object');
    if (parsed.success) throw new Error('expected the schema to refuse');

    expect(schemaProblems(parsed.error)[0]?.variable).toBe('environment');
  });
});
