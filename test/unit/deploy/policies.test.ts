import { mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  type PolicyName,
  type PolicyValues,
  readPolicy,
  renderPolicy,
} from '../../../cli/policies.ts';
import {
  type BuiltFunction,
  buildFunctions,
  type FunctionName,
} from '../../../scripts/build.ts';
import { KMS_OPERATIONS } from '../../../shared/kms/client.ts';
import { SLS_OPERATIONS } from '../../../shared/sls/client.ts';
import {
  portCalls,
  portMethods,
  portOperations,
  scanSources,
} from './support/called-operations.ts';
import { resolvedDeployment } from './support/deployment-checks.ts';
import {
  allActions,
  codeActions,
  compareGrants,
  type PolicyDocument,
  resourcesOf,
  statementsWith,
} from './support/policy-actions.ts';
import { loadSYaml, ROOT } from './support/s-yaml.ts';

/**
 * The RAM policies against the code: the actions each role grants for SLS
 * and KMS are exactly the operations its function's bundle calls, derived
 * from the source (SDK calls in the client modules, port calls in the
 * cores), so neither the policies nor SLS_OPERATIONS/KMS_OPERATIONS can
 * drift from the code.
 */
const ACCOUNT = '1111222233334444';

const VALUES: PolicyValues = {
  accountId: ACCOUNT,
  region: 'cn-hangzhou',
  projects: ['demo-proj', 'audit-proj'],
  slsRoles: ['sls-byok-demo'],
  logProject: 'keyguard-logs',
  failureQueue: 'keyguard-failures',
  stateBucket: 'keyguard-state',
};

const render = async (name: PolicyName): Promise<PolicyDocument> =>
  renderPolicy(await readPolicy(name), VALUES) as PolicyDocument;

const SLS_CLIENT = path.join(ROOT, 'shared/sls/client.ts');
const KMS_CLIENT = path.join(ROOT, 'shared/kms/client.ts');
const SLS_PORT = portMethods(
  path.join(ROOT, 'shared/sls/logstore.ts'),
  'SlsApi',
);
const KMS_PORT = portMethods(
  path.join(ROOT, 'shared/kms/key-metadata.ts'),
  'KmsApi',
);

const tsFilesUnder = async (dir: string): Promise<string[]> => {
  const entries = await readdir(path.join(ROOT, dir), {
    recursive: true,
    withFileTypes: true,
  });
  return entries
    .filter((entry) => entry.isFile() && entry.name.endsWith('.ts'))
    .map((entry) => path.join(entry.parentPath, entry.name));
};

/** `log:`/`kms:` actions one function's bundle needs, from its sources. */
const calledActions = (built: BuiltFunction): Set<string> => {
  const callers = built.sources.filter(
    (file) => file !== SLS_CLIENT && file !== KMS_CLIENT,
  );
  const actions = new Set<string>();
  const layers = [
    { client: SLS_CLIENT, port: SLS_PORT, prefix: 'log' },
    { client: KMS_CLIENT, port: KMS_PORT, prefix: 'kms' },
  ];
  for (const { client, port, prefix } of layers) {
    const operations = portOperations(client, port);
    for (const method of portCalls(callers, port)) {
      for (const call of operations.get(method) ?? []) {
        actions.add(`${prefix}:${call.operation}`);
      }
    }
  }

  return actions;
};

let outDir: string;
let built: Map<FunctionName, BuiltFunction>;

beforeAll(async () => {
  outDir = await mkdtemp(path.join(tmpdir(), 'keyguard-policy-'));
  built = new Map(
    (await buildFunctions({ outDir })).map((fn) => [fn.name, fn]),
  );
}, 60_000);

afterAll(async () => {
  await rm(outDir, { recursive: true, force: true });
});

describe('the code and its operation lists', () => {
  it('calls exactly the SDK operations SLS_OPERATIONS and KMS_OPERATIONS name', async () => {
    // Prepare
    const files = [
      ...(await tsFilesUnder('shared')),
      ...(await tsFilesUnder('functions')),
    ];

    // Act
    const scan = scanSources(files);
    const called = (service: string) =>
      [
        ...new Set(
          scan.calls
            .filter((c) => c.service === service)
            .map((c) => c.operation),
        ),
      ].sort();

    // Assert
    expect(scan.unreadable).toEqual([]);
    expect(called('sls')).toEqual([...SLS_OPERATIONS].sort());
    expect(called('kms')).toEqual([...KMS_OPERATIONS].sort());
  });

  it('keeps vendor SDKs inside the SLS and KMS client folders', async () => {
    // Prepare
    const files = [
      ...(await tsFilesUnder('shared')),
      ...(await tsFilesUnder('functions')),
    ];

    // Act
    const { sdkFiles } = scanSources(files);

    // Assert
    expect(sdkFiles.length).toBeGreaterThan(0);
    expect(
      sdkFiles.filter(
        (file) =>
          !file.startsWith('shared/sls/') && !file.startsWith('shared/kms/'),
      ),
    ).toEqual([]);
  });

  it('catches an SDK call that no list names', () => {
    // Prepare: a client that also deletes Logstores.
    const source = [
      "import SlsSdk from '@alicloud/sls20201230';",
      'export const drop = (client: any) =>',
      "  client.deleteLogStoreWithOptions('p', 'l', {}, {});",
    ].join('\n');

    // Act
    const scan = scanSources(['/virtual/extra-client.ts'], () => source);
    const unlisted = scan.calls
      .map((call) => call.operation)
      .filter((op) => !(SLS_OPERATIONS as readonly string[]).includes(op));

    // Assert
    expect(unlisted).toEqual(['DeleteLogStore']);
  });

  it('catches a generic callApi whose action it cannot read', () => {
    // Prepare
    const source = [
      "import OpenApi from '@alicloud/openapi-client';",
      'export const call = (client: any, action: string) =>',
      '  client.callApi(params(action), request, runtime);',
    ].join('\n');

    // Act
    const scan = scanSources(['/virtual/generic.ts'], () => source);

    // Assert
    expect(scan.unreadable).toHaveLength(1);
    expect(scan.calls).toEqual([]);
  });
});

describe.each([
  ['provision', 'provision'],
  ['key-health', 'key-health'],
] as const)('the %s role', (fn, policy) => {
  it('grants exactly the SLS and KMS calls its bundle makes', async () => {
    // Prepare
    const bundle = built.get(fn);
    if (bundle === undefined) throw new Error(`${fn} was not built`);

    // Act
    const drift = compareGrants(
      calledActions(bundle),
      codeActions(await render(policy)),
    );

    // Assert
    expect(drift).toEqual({ missing: [], extra: [] });
  });

  it('matches s.yaml for what FC does with the role', async () => {
    // Prepare
    const props = resolvedDeployment(loadSYaml(), {
      KEYGUARD_REGION: VALUES.region,
      KEYGUARD_LOG_PROJECT: VALUES.logProject,
      KEYGUARD_FAILURE_QUEUE: VALUES.failureQueue,
      KEYGUARD_STATE_BUCKET: VALUES.stateBucket,
    }).resources[fn]?.props;
    if (props === undefined) throw new Error(`${fn} is not in s.yaml`);
    const doc = await render(policy);

    // Act
    const logs = statementsWith(doc, 'log:PostLogStoreLogs').flatMap(
      resourcesOf,
    );
    const sends = statementsWith(doc, 'mns:SendMessage').flatMap(resourcesOf);
    const objects = statementsWith(doc, 'oss:GetObject').flatMap(resourcesOf);

    // Assert
    const failure = props.asyncInvokeConfig.destinationConfig.onFailure;
    expect(logs).toEqual([
      `acs:log:${props.region}:${ACCOUNT}:project/${props.logConfig.project}/logstore/${props.logConfig.logstore}`,
    ]);
    expect(sends).toEqual([failure.destination]);
    expect(objects).toEqual(
      (props.ossMountConfig?.mountPoints ?? []).map(
        (mount) =>
          `acs:oss:*:${ACCOUNT}:${mount.bucketName}${mount.bucketPath}/*`,
      ),
    );
  });

  it('allows no wildcard action and no write on every resource', async () => {
    // Act
    const doc = await render(policy);

    // Assert
    expect(
      [...allActions(doc)].filter((action) => action.includes('*')),
    ).toEqual([]);
    for (const statement of doc.Statement) {
      expect(statement.Effect).toBe('Allow');
      const writes = [statement.Action]
        .flat()
        .filter((action) => !/^(log|kms):(Get|List|Describe)/.test(action));
      if (writes.length > 0) expect(resourcesOf(statement)).not.toContain('*');
    }
  });
});

describe('the provisioning role', () => {
  it('passes only the named SLS roles, and only to SLS', async () => {
    // Act
    const passing = statementsWith(await render('provision'), 'ram:PassRole');

    // Assert
    expect(passing).toEqual([
      {
        Effect: 'Allow',
        Action: 'ram:PassRole',
        Resource: `acs:ram::${ACCOUNT}:role/sls-byok-demo`,
        Condition: { StringEquals: { 'acs:Service': 'log.aliyuncs.com' } },
      },
    ]);
  });

  it('creates Logstores only in the configured projects', async () => {
    // Act
    const creating = statementsWith(
      await render('provision'),
      'log:CreateLogStore',
    );

    // Assert
    expect(creating.flatMap(resourcesOf).sort()).toEqual(
      [
        `acs:log:*:${ACCOUNT}:project/audit-proj`,
        `acs:log:*:${ACCOUNT}:project/audit-proj/logstore/*`,
        `acs:log:*:${ACCOUNT}:project/demo-proj`,
        `acs:log:*:${ACCOUNT}:project/demo-proj/logstore/*`,
      ].sort(),
    );
  });
});

describe('the key-health role', () => {
  it('only reads SLS and KMS, and passes no role', async () => {
    // Act
    const actions = [...codeActions(await render('key-health'))];

    // Assert
    expect(actions.length).toBeGreaterThan(0);
    expect(
      actions.filter(
        (action) => !/^(log|kms):(Get|List|Describe)/.test(action),
      ),
    ).toEqual([]);
    expect(allActions(await render('key-health')).has('ram:PassRole')).toBe(
      false,
    );
  });
});

describe('policy drift detection', () => {
  it('reports an action the code calls that the policy lacks', async () => {
    // Prepare
    const bundle = built.get('provision');
    if (bundle === undefined) throw new Error('provision was not built');
    const doc = await render('provision');
    const trimmed: PolicyDocument = {
      ...doc,
      Statement: doc.Statement.filter(
        (statement) =>
          !statementsWith(doc, 'kms:DescribeKey').includes(statement),
      ),
    };

    // Act
    const drift = compareGrants(calledActions(bundle), codeActions(trimmed));

    // Assert
    expect(drift.missing).toEqual(['kms:DescribeKey']);
  });

  it('reports a granted action the code never calls', async () => {
    // Prepare
    const bundle = built.get('key-health');
    if (bundle === undefined) throw new Error('key-health was not built');
    const doc = await render('provision');

    // Act
    const drift = compareGrants(calledActions(bundle), codeActions(doc));

    // Assert
    expect(drift.extra).toContain('log:CreateLogStore');
  });
});

describe('trust policies and rendering', () => {
  it('lets FC assume the function roles and SLS assume the BYOK role', async () => {
    // Act
    const fc = await render('function-trust');
    const sls = await render('sls-byok-trust');

    // Assert
    expect(fc.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { Service: ['fc.aliyuncs.com'] },
      },
    ]);
    expect(sls.Statement).toEqual([
      {
        Effect: 'Allow',
        Action: 'sts:AssumeRole',
        Principal: { Service: ['log.aliyuncs.com'] },
      },
    ]);
  });

  it('leaves no placeholder behind', async () => {
    // Act
    const texts = await Promise.all(
      (
        ['provision', 'key-health', 'function-trust', 'sls-byok-trust'] as const
      ).map(async (name) => JSON.stringify(await render(name))),
    );

    // Assert
    expect(texts.filter((text) => /<[a-z-]+>/.test(text))).toEqual([]);
  });

  it('refuses an unknown placeholder and a value RAM would refuse', () => {
    // Act + Assert
    expect(() => renderPolicy({ Resource: '<bucket>' }, VALUES)).toThrow(
      'unknown placeholder <bucket>',
    );
    expect(() =>
      renderPolicy({}, { ...VALUES, projects: ['demo proj'] }),
    ).toThrow('<project> value "demo proj" has characters RAM refuses');
  });
});
