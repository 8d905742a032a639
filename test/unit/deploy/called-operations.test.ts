import { describe, expect, it } from 'vitest';
import { portCalls } from './support/called-operations.ts';

/**
 * The collector behind the policy-vs-code test: a port member the code
 * uses in any way must count as called, or the RAM policy check would
 * pass a function whose role lacks the action.
 */
const PORT = ['getProject', 'getLogstore', 'createLogstore', 'describeKey'];

const collect = (...lines: string[]) =>
  [...portCalls(['/virtual/core.ts'], PORT, () => lines.join('\n'))].sort();

describe('the port call collector', () => {
  it('counts a method called on the port', () => {
    expect(collect('await sls.getProject(project);')).toEqual(['getProject']);
  });

  it('counts a method destructured from the port, renamed or not', () => {
    const found = collect(
      'const { getProject } = sls;',
      "const { getLogstore: get, 'createLogstore': make } = sls;",
      'await getProject(p); await get(p, l); await make(p, spec);',
    );

    expect(found).toEqual(['createLogstore', 'getLogstore', 'getProject']);
  });

  it('counts a method destructured in a parameter', () => {
    const found = collect(
      'export const check = async ({ describeKey }: KmsApi, id: string) =>',
      '  describeKey(id);',
    );

    expect(found).toEqual(['describeKey']);
  });

  it('counts a method read off the port without a call', () => {
    const found = collect(
      'const lookup = sls.getProject;',
      "const make = sls['createLogstore'];",
      'await retrying(kms?.describeKey.bind(kms));',
    );

    expect(found).toEqual(['createLogstore', 'describeKey', 'getProject']);
  });

  it('ignores names that are only text, or not port members', () => {
    const found = collect(
      "// sls.getProject is not used here: 'describeKey'",
      "const note = 'getLogstore';",
      'const { region } = config; sls.deleteProject(p);',
    );

    expect(found).toEqual([]);
  });
});
