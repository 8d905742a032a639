import { z } from 'zod';

/**
 * keyguard's own schema of a resolved s.yaml. fc3's published schema
 * accepts unknown keys and any trigger config (platform-facts §5), so a
 * misspelt key or a timer payload given as an object would deploy
 * silently wrong; this one refuses unknown keys at every level and checks
 * each trigger's config by its type. Only the props keyguard uses are
 * listed: adding one is a deliberate change here.
 */
const name = z.string().regex(/^[A-Za-z_][A-Za-z0-9_-]{0,63}$/, {
  message:
    'must be 1-64 letters, digits, "_" or "-", not starting with a digit or "-"',
});

const region = z.string().regex(/^[a-z]{2,}(-[a-z0-9]+)+$/, {
  message: 'must be a region id such as cn-hangzhou',
});

const roleArn = z.string().regex(/^acs:ram::\d+:role\/[A-Za-z0-9.@-]+$/, {
  message: 'must be a RAM role ARN acs:ram::<account>:role/<name>',
});

const mnsQueueArn = z
  .string()
  .regex(/^acs:mns:[a-z0-9-]+:\d+:\/queues\/[A-Za-z0-9-]+$/, {
    message: 'must be an MNS queue ARN acs:mns:<region>:<account>:/queues/<q>',
  });

const destinationArn = z
  .string()
  .regex(
    /^acs:(mns:[a-z0-9-]+:\d+:\/(queues|topics)\/[A-Za-z0-9-]+\/messages|fc:[a-z0-9-]+:\d+:functions\/[A-Za-z0-9_-]+)$/,
    { message: 'must be an MNS queue/topic or FC function destination ARN' },
  );

const jsonObjectText = z.string().refine(
  (text) => {
    try {
      const value = JSON.parse(text) as unknown;
      return (
        typeof value === 'object' && value !== null && !Array.isArray(value)
      );
    } catch {
      return false;
    }
  },
  { message: 'must be a string holding a JSON object' },
);

/** `@every 10m`, or six cron fields (seconds first), optionally CRON_TZ=. */
const cronExpression = z
  .string()
  .refine(
    (text) =>
      /^@every \d+[mh]$/.test(text) ||
      /^(CRON_TZ=[A-Za-z_/+-]+ )?(\S+ ){5}\S+$/.test(text),
    { message: 'must be "@every <n>m|h" or a six-field cron expression' },
  );

const triggerBase = {
  triggerName: name,
  qualifier: z.string().optional(),
  description: z.string().optional(),
};

const httpTrigger = z.strictObject({
  ...triggerBase,
  triggerType: z.literal('http'),
  triggerConfig: z.strictObject({
    authType: z.enum(['anonymous', 'function', 'jwt']),
    methods: z
      .array(
        z.enum(['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS']),
      )
      .nonempty(),
    disableURLInternet: z.boolean().optional(),
  }),
});

const timerTrigger = z.strictObject({
  ...triggerBase,
  triggerType: z.literal('timer'),
  triggerConfig: z.strictObject({
    cronExpression,
    enable: z.boolean(),
    // FC hands the payload over verbatim; an object here would arrive as
    // "[object Object]" or be refused, depending on the tool.
    payload: z.string({ message: 'must be a string (JSON text)' }),
  }),
});

const mnsSource = z.strictObject({
  QueueName: z.string().min(1),
  IsBase64Decode: z.boolean(),
  RegionId: region.optional(),
});

const eventSourceConfig = z
  .strictObject({
    eventSourceType: z.enum(['Default', 'MNS']),
    eventSourceParameters: z
      .strictObject({ sourceMNSParameters: mnsSource })
      .optional(),
  })
  .superRefine((config, ctx) => {
    const mns = config.eventSourceParameters?.sourceMNSParameters;
    if (config.eventSourceType === 'MNS' && mns === undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['eventSourceParameters', 'sourceMNSParameters'],
        message: 'is required for an MNS source',
      });
    }
    if (config.eventSourceType === 'Default' && mns !== undefined) {
      ctx.addIssue({
        code: 'custom',
        path: ['eventSourceParameters'],
        message: 'must be absent for the default event bus',
      });
    }
  });

const runOptions = z.strictObject({
  mode: z.enum(['event-driven', 'event-streaming']),
  errorsTolerance: z.enum(['ALL', 'NONE']),
  retryStrategy: z.strictObject({
    PushRetryStrategy: z.enum(['BACKOFF_RETRY', 'EXPONENTIAL_DECAY_RETRY']),
    MaximumEventAgeInSeconds: z.number().int().min(1).max(86_400).optional(),
    MaximumRetryAttempts: z.number().int().min(0).max(176).optional(),
  }),
  deadLetterQueue: z.strictObject({ Arn: mnsQueueArn }).optional(),
  batchWindow: z
    .strictObject({
      CountBasedWindow: z.number().int().min(1).max(10_000),
      TimeBasedWindow: z.number().int().min(0).max(15),
    })
    .optional(),
});

const eventbridgeTrigger = z
  .strictObject({
    ...triggerBase,
    triggerType: z.literal('eventbridge'),
    triggerConfig: z.strictObject({
      triggerEnable: z.boolean(),
      asyncInvocationType: z.boolean(),
      eventRuleFilterPattern: jsonObjectText,
      eventSourceConfig,
      eventSinkConfig: z
        .strictObject({
          deliveryOption: z.strictObject({
            mode: z.enum(['event-driven', 'event-streaming']),
            eventSchema: z.enum(['CloudEvents', 'RawData']),
          }),
        })
        .optional(),
      runOptions: runOptions.optional(),
    }),
  })
  .superRefine((trigger, ctx) => {
    const config = trigger.triggerConfig;
    const streaming = config.runOptions?.mode === 'event-streaming';
    if (config.eventSourceConfig.eventSourceType === 'MNS' && !streaming) {
      // Only event streams honour retries, tolerance and dead letters.
      ctx.addIssue({
        code: 'custom',
        path: ['triggerConfig', 'runOptions', 'mode'],
        message: 'must be event-streaming for a queue source',
      });
    }
    const dlq = config.runOptions?.deadLetterQueue;
    const tolerance = config.runOptions?.errorsTolerance;
    if (dlq !== undefined && tolerance !== 'ALL') {
      ctx.addIssue({
        code: 'custom',
        path: ['triggerConfig', 'runOptions', 'errorsTolerance'],
        message: 'must be ALL for failed events to reach the dead-letter queue',
      });
    }
    if (dlq === undefined && tolerance === 'ALL') {
      // ALL skips a message that keeps failing; without a dead-letter
      // queue it is gone, and so is the request it carried.
      ctx.addIssue({
        code: 'custom',
        path: ['triggerConfig', 'runOptions', 'deadLetterQueue'],
        message:
          'is required with errorsTolerance ALL, or a failing message is dropped',
      });
    }
  });

export const triggerSchema = z.discriminatedUnion('triggerType', [
  httpTrigger,
  timerTrigger,
  eventbridgeTrigger,
]);

const logConfig = z.strictObject({
  project: z.string().min(3),
  logstore: z.string().min(3),
  enableRequestMetrics: z.boolean(),
  enableInstanceMetrics: z.boolean(),
  logBeginRule: z.enum(['DefaultRegex', 'None']),
});

const ossMountConfig = z.strictObject({
  mountPoints: z
    .array(
      z.strictObject({
        bucketName: z.string().min(3),
        bucketPath: z.string().startsWith('/'),
        endpoint: z
          .string()
          .regex(/^https?:\/\/oss-[a-z0-9-]+\.aliyuncs\.com$/, {
            message: 'must be an OSS endpoint URL',
          }),
        mountDir: z.string().startsWith('/mnt/'),
        readOnly: z.boolean(),
      }),
    )
    .nonempty(),
});

const asyncInvokeConfig = z.strictObject({
  maxAsyncEventAgeInSeconds: z.number().int().min(1).max(86_400),
  maxAsyncRetryAttempts: z.number().int().min(0).max(8),
  destinationConfig: z.strictObject({
    onFailure: z.strictObject({ destination: destinationArn }),
    onSuccess: z.strictObject({ destination: destinationArn }).optional(),
  }),
});

const envName = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/);

const props = z
  .strictObject({
    region,
    functionName: name,
    description: z.string().max(256),
    runtime: z.literal('nodejs20'),
    code: z.string().regex(/^\.\/dist\/[a-z-]+\.zip$/, {
      message: 'must be a deployment zip under ./dist',
    }),
    handler: z.string().regex(/^[A-Za-z0-9_-]+\.[A-Za-z_$][A-Za-z0-9_$]*$/),
    memorySize: z.number().int().min(128).max(32_768).multipleOf(64),
    cpu: z.number().min(0.05).max(16),
    diskSize: z.union([z.literal(512), z.literal(10_240)]),
    timeout: z.number().int().min(1).max(86_400),
    internetAccess: z.boolean(),
    role: roleArn,
    environmentVariables: z.record(envName, z.string()),
    logConfig,
    ossMountConfig: ossMountConfig.optional(),
    concurrencyConfig: z
      .strictObject({ reservedConcurrency: z.number().int().min(0) })
      .optional(),
    asyncInvokeConfig,
    triggers: z.array(triggerSchema).nonempty(),
  })
  .superRefine((p, ctx) => {
    // FC 3.0: vCPUs in steps of 0.05, and 1-4 GB of memory per vCPU.
    if (Math.abs(p.cpu * 20 - Math.round(p.cpu * 20)) > 1e-9) {
      ctx.addIssue({
        code: 'custom',
        path: ['cpu'],
        message: 'must be a multiple of 0.05',
      });
    }
    const gbPerCpu = p.memorySize / 1024 / p.cpu;
    if (gbPerCpu < 1 || gbPerCpu > 4) {
      ctx.addIssue({
        code: 'custom',
        path: ['memorySize'],
        message: 'must be 1 to 4 GB per vCPU',
      });
    }
    const names = p.triggers.map((t) => t.triggerName);
    if (new Set(names).size !== names.length) {
      ctx.addIssue({
        code: 'custom',
        path: ['triggers'],
        message: 'names must be unique',
      });
    }
  });

export const sYamlSchema = z.strictObject({
  edition: z.literal('3.0.0'),
  name,
  access: z.string().min(1),
  vars: z.record(z.string(), z.unknown()),
  resources: z.record(
    z.string(),
    z.strictObject({ component: z.literal('fc3'), props }),
  ),
});

export type SYaml = z.infer<typeof sYamlSchema>;
export type FunctionProps = SYaml['resources'][string]['props'];
export type Trigger = z.infer<typeof triggerSchema>;
