/**
 * Reading RAM policy documents: which actions they allow, on what, and how
 * that compares with what the code calls.
 */
export interface Statement {
  readonly Effect: string;
  readonly Action: string | readonly string[];
  readonly Resource?: string | readonly string[];
  readonly Principal?: { readonly Service?: readonly string[] };
  readonly Condition?: Readonly<
    Record<string, Readonly<Record<string, string>>>
  >;
}

export interface PolicyDocument {
  readonly Version: string;
  readonly Statement: readonly Statement[];
}

const list = (value: string | readonly string[] | undefined): string[] =>
  value === undefined ? [] : typeof value === 'string' ? [value] : [...value];

export const actionsOf = (statement: Statement): string[] =>
  list(statement.Action);

export const resourcesOf = (statement: Statement): string[] =>
  list(statement.Resource);

export const allActions = (doc: PolicyDocument): Set<string> =>
  new Set(doc.Statement.flatMap(actionsOf));

export const statementsWith = (
  doc: PolicyDocument,
  action: string,
): Statement[] =>
  doc.Statement.filter((statement) => actionsOf(statement).includes(action));

/**
 * What Function Compute itself does with a function's role, because of
 * settings in s.yaml rather than calls in the code.
 */
export const PLATFORM_ACTIONS = {
  'log:PostLogStoreLogs': "writes the function's own logs (logConfig)",
  'mns:SendMessage':
    'reports failed asynchronous invocations (asyncInvokeConfig)',
  'oss:ListObjects': 'mounts the state bucket (ossMountConfig)',
  'oss:GetObject': 'mounts the state bucket (ossMountConfig)',
  'oss:PutObject': 'mounts the state bucket (ossMountConfig)',
  'oss:DeleteObject': 'mounts the state bucket (ossMountConfig)',
} as const;

/** SLS and KMS actions the role grants for the code's own calls. */
export const codeActions = (doc: PolicyDocument): Set<string> =>
  new Set(
    [...allActions(doc)].filter(
      (action) =>
        (action.startsWith('log:') || action.startsWith('kms:')) &&
        !Object.hasOwn(PLATFORM_ACTIONS, action),
    ),
  );

export interface GrantDrift {
  /** Called by the code, not granted: the call fails with a RAM denial. */
  readonly missing: string[];
  /** Granted, never called: more privilege than the code needs. */
  readonly extra: string[];
}

export const compareGrants = (
  called: ReadonlySet<string>,
  granted: ReadonlySet<string>,
): GrantDrift => ({
  missing: [...called].filter((action) => !granted.has(action)).sort(),
  extra: [...granted].filter((action) => !called.has(action)).sort(),
});
