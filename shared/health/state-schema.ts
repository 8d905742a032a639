import { z } from 'zod';
import { PROTECTIONS } from './binding.ts';

/**
 * The shapes of the state store's files. Each file carries a schema
 * version, and a file this version cannot read is reported, never
 * silently taken for something else. Binding and scan files are a cache:
 * one that cannot be read is read again from SLS and written anew. Alert
 * files are memory: see UnreadableAlerts in ./state-store.ts.
 */
export const BINDING_SCHEMA = 1;
export const SCAN_SCHEMA = 1;

const severity = z.enum(['critical', 'warning', 'unverified']);
const status = z.enum(['firing', 'resolved']);

export const bindingFile = z.object({
  schema: z.literal(BINDING_SCHEMA),
  binding: z.object({
    project: z.string().min(1),
    logstore: z.string().min(1),
    projectRegion: z.string().min(1),
    protection: z.enum(PROTECTIONS),
    encryptType: z.string().optional(),
    keyId: z.string().optional(),
    keyRegion: z.string().optional(),
    roleArn: z.string().optional(),
    readAt: z.number(),
  }),
});

const notice = z.object({
  alertId: z.string(),
  status,
  severity,
  title: z.string(),
  keyId: z.string().optional(),
  region: z.string().optional(),
  keyState: z.string().optional(),
  summary: z.string(),
  remedy: z.string(),
  logstores: z.array(z.string()),
  dates: z.array(
    z.object({ label: z.string(), utc: z.string(), local: z.string() }),
  ),
});

export const alertFile = z.object({
  schema: z.literal(1),
  alertId: z.string().min(1),
  status,
  severity,
  fingerprint: z.string(),
  muted: z.boolean(),
  firstSeenAt: z.number(),
  changedAt: z.number(),
  updatedAt: z.number(),
  notice,
  lastFiring: notice,
  keyId: z.string().optional(),
  keyRegion: z.string().optional(),
  channels: z.record(
    z.string(),
    z.object({
      status,
      severity,
      fingerprint: z.string(),
      sentAt: z.number(),
    }),
  ),
});

export const scanFile = z.object({
  schema: z.literal(SCAN_SCHEMA),
  /** Per region, when every binding there was last read afresh. */
  fullRefreshAt: z.record(z.string(), z.number()),
});

export type ScanState = Omit<z.infer<typeof scanFile>, 'schema'>;
