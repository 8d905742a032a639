import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import ts from 'typescript';
import { ROOT } from './s-yaml.ts';

/**
 * Which SLS and KMS API operations the code calls, read from the source
 * rather than from anyone's list, so a call added without updating
 * SLS_OPERATIONS, KMS_OPERATIONS or the RAM policies is caught.
 *
 * Two layers: the vendor client modules call SDK methods (or the generic
 * OpenAPI `callApi` with an action name); the cores call the ports those
 * modules implement (SlsApi, KmsApi). A function's operations are the
 * ports its bundle calls, mapped through what each port method calls.
 */
export type Service = 'sls' | 'kms';

const require = createRequire(import.meta.url);

const pascal = (name: string): string =>
  name.charAt(0).toUpperCase() + name.slice(1);

/** SDK client methods that are API calls: those with an options twin. */
const sdkOperations = (pkg: string, suffix: string): Map<string, string> => {
  const client = (require(pkg) as { default: { prototype: object } }).default;
  const names = Object.getOwnPropertyNames(client.prototype);
  const calls = new Map<string, string>();
  for (const name of names) {
    if (!name.endsWith(suffix)) continue;
    const base = name.slice(0, -suffix.length);
    calls.set(name, pascal(base));
    calls.set(base, pascal(base));
  }

  return calls;
};

/** SDK method name → operation, per SDK package. */
export const SDK_METHODS = {
  '@alicloud/sls20201230': {
    service: 'sls',
    methods: sdkOperations('@alicloud/sls20201230', 'WithOptions'),
  },
  '@alicloud/kms20160120': {
    service: 'kms',
    methods: sdkOperations('@alicloud/kms20160120', 'Ex'),
  },
} as const satisfies Record<
  string,
  { service: Service; methods: Map<string, string> }
>;

/** The generic clients: the operation is a string, not a method name. */
const GENERIC_CLIENTS = ['@alicloud/openapi-client', '@alicloud/openapi-core'];

/** Operation names the generic client may name, per service. */
const KNOWN_OPERATIONS: Record<Service, Set<string>> = {
  sls: new Set(SDK_METHODS['@alicloud/sls20201230'].methods.values()),
  kms: new Set(SDK_METHODS['@alicloud/kms20160120'].methods.values()),
};

export interface SourceCall {
  readonly service: Service;
  readonly operation: string;
  readonly file: string;
}

export interface SourceScan {
  readonly calls: readonly SourceCall[];
  /** Files that import a vendor SDK at all. */
  readonly sdkFiles: readonly string[];
  /** A generic `callApi` whose operation could not be read. */
  readonly unreadable: readonly string[];
}

// Parsing is the slow part; the same files are read for every function.
const parsed = new Map<string, ts.SourceFile>();

const parse = (file: string, text: string): ts.SourceFile => {
  const cached = parsed.get(file);
  if (cached !== undefined && cached.text === text) return cached;
  const source = ts.createSourceFile(file, text, ts.ScriptTarget.Latest, true);
  parsed.set(file, source);

  return source;
};

const importsOf = (source: ts.SourceFile): string[] =>
  source.statements
    .filter(ts.isImportDeclaration)
    .map((statement) => (statement.moduleSpecifier as ts.StringLiteral).text);

const visit = (node: ts.Node, each: (node: ts.Node) => void): void => {
  each(node);
  ts.forEachChild(node, (child) => visit(child, each));
};

/** Names called as `something.name(...)` within a node. */
const calledNames = (node: ts.Node): string[] => {
  const names: string[] = [];
  visit(node, (child) => {
    if (
      ts.isCallExpression(child) &&
      ts.isPropertyAccessExpression(child.expression)
    ) {
      names.push(child.expression.name.text);
    }
  });

  return names;
};

const stringLiterals = (node: ts.Node): string[] => {
  const found: string[] = [];
  visit(node, (child) => {
    if (
      ts.isStringLiteral(child) ||
      ts.isNoSubstitutionTemplateLiteral(child)
    ) {
      found.push(child.text);
    }
  });

  return found;
};

/** The operations one node of SDK-using code calls. */
const operationsIn = (
  node: ts.Node,
  imports: readonly string[],
  file: string,
): { calls: SourceCall[]; unreadable: boolean } => {
  const calls: SourceCall[] = [];
  const names = calledNames(node);
  for (const [pkg, { service, methods }] of Object.entries(SDK_METHODS)) {
    if (!imports.includes(pkg)) continue;
    for (const name of names) {
      const operation = methods.get(name);
      if (operation !== undefined) calls.push({ service, operation, file });
    }
  }
  let unreadable = false;
  if (
    imports.some((pkg) => GENERIC_CLIENTS.includes(pkg)) &&
    names.includes('callApi')
  ) {
    // The action travels as a string literal; the KMS wire has no way to
    // name it otherwise.
    const literals = stringLiterals(node);
    const named = (['kms', 'sls'] as const).flatMap((service) =>
      literals
        .filter((text) => KNOWN_OPERATIONS[service].has(text))
        .map((operation) => ({ service, operation, file })),
    );
    if (named.length === 0) unreadable = true;
    calls.push(...named);
  }

  return { calls, unreadable };
};

const relative = (file: string): string => path.relative(ROOT, file);

/** Scans whole files: every vendor call anywhere in them. */
export const scanSources = (
  files: readonly string[],
  read: (file: string) => string = (file) => readFileSync(file, 'utf8'),
): SourceScan => {
  const calls: SourceCall[] = [];
  const sdkFiles: string[] = [];
  const unreadable: string[] = [];
  const vendors = [...Object.keys(SDK_METHODS), ...GENERIC_CLIENTS];
  for (const file of files) {
    const source = parse(file, read(file));
    const imports = importsOf(source);
    if (!imports.some((pkg) => vendors.includes(pkg))) continue;
    sdkFiles.push(relative(file));
    const found = operationsIn(source, imports, relative(file));
    calls.push(...found.calls);
    if (found.unreadable) unreadable.push(relative(file));
  }

  return { calls, sdkFiles, unreadable };
};

/** Method names of an exported interface (a port such as SlsApi). */
export const portMethods = (file: string, name: string): string[] => {
  const source = parse(file, readFileSync(file, 'utf8'));
  const port = source.statements.find(
    (statement): statement is ts.InterfaceDeclaration =>
      ts.isInterfaceDeclaration(statement) && statement.name.text === name,
  );
  if (port === undefined) throw new Error(`${name} is not in ${file}`);

  return port.members
    .map((member) => member.name)
    .filter(
      (member): member is ts.Identifier =>
        member !== undefined && ts.isIdentifier(member),
    )
    .map((member) => member.text);
};

/**
 * Port method → operations, read from the client module: each property of
 * the object it returns whose name is a port method, and the vendor calls
 * inside that property.
 */
export const portOperations = (
  clientFile: string,
  methods: readonly string[],
): Map<string, SourceCall[]> => {
  const source = parse(clientFile, readFileSync(clientFile, 'utf8'));
  const imports = importsOf(source);
  const mapping = new Map<string, SourceCall[]>();
  visit(source, (node) => {
    if (
      (ts.isPropertyAssignment(node) || ts.isMethodDeclaration(node)) &&
      ts.isIdentifier(node.name) &&
      methods.includes(node.name.text)
    ) {
      const found = operationsIn(node, imports, relative(clientFile));
      mapping.set(node.name.text, [
        ...(mapping.get(node.name.text) ?? []),
        ...found.calls,
      ]);
    }
  });

  return mapping;
};

/**
 * Names a node takes from some object: `x.name` (called or only read, as
 * `run(sls.getProject)` or `sls?.getProject()`), `x['name']`, and the
 * names a destructuring pulls out (`const { getProject: get } = sls`, or
 * `({ describeKey }: KmsApi) => ...`). By name, not by type: a port
 * member taken any of these ways counts as called.
 */
const referencedNames = (node: ts.Node): string[] => {
  const names: string[] = [];
  visit(node, (child) => {
    if (ts.isPropertyAccessExpression(child)) {
      names.push(child.name.text);
    } else if (
      ts.isElementAccessExpression(child) &&
      ts.isStringLiteralLike(child.argumentExpression)
    ) {
      names.push(child.argumentExpression.text);
    } else if (
      ts.isBindingElement(child) &&
      ts.isObjectBindingPattern(child.parent)
    ) {
      const key = child.propertyName ?? child.name;
      if (ts.isIdentifier(key) || ts.isStringLiteralLike(key)) {
        names.push(key.text);
      }
    }
  });

  return names;
};

/** Port methods these files call or take from a port object. */
export const portCalls = (
  files: readonly string[],
  methods: readonly string[],
  read: (file: string) => string = (file) => readFileSync(file, 'utf8'),
): Set<string> => {
  const called = new Set<string>();
  for (const file of files) {
    const source = parse(file, read(file));
    for (const name of referencedNames(source)) {
      if (methods.includes(name)) called.add(name);
    }
  }

  return called;
};
