import { KEY_HEALTH_DEFAULTS } from '../shared/config/key-health.ts';
import type { ColdStartFigures } from './cold-start.ts';
import {
  coldScanFloor,
  idealWallMs,
  repeatScanFloor,
  type ScanFloor,
} from './floors.ts';
import type { ProvisioningFigures } from './provisioning.ts';
import type { ScanFigures } from './scan.ts';
import { totalCalls } from './scan.ts';
import { median } from './stats.ts';
import type { Row } from './table.ts';

/**
 * The benchmark's figures turned into table rows: each with its floor or
 * baseline from the same run, the ratio, and whether the goal was met.
 */
const int = (n: number): string => Math.round(n).toLocaleString('en-US');
const ms = (n: number): string =>
  n >= 10_000
    ? `${(n / 1_000).toFixed(1)} s`
    : `${n.toFixed(n < 10 ? 2 : 0)} ms`;
const kib = (bytes: number): string => `${(bytes / 1_024).toFixed(0)} KiB`;

const breakdown = (floor: ScanFloor): string =>
  `${int(floor.total)} calls (${floor.listProject} ListProject + ` +
  `${int(floor.listLogStores)} ListLogStores + ${int(floor.getLogStore)} ` +
  `GetLogStore + ${floor.describeKey} DescribeKey)`;

const counted = (counts: Record<string, number>): string => {
  const get = (key: string) => counts[key] ?? 0;
  const others = Object.entries(counts).filter(
    ([key]) =>
      ![
        'sls:ListProject',
        'sls:ListLogStores',
        'sls:GetLogStore',
        'kms:DescribeKey',
      ].includes(key),
  );
  const extra = others.map(([key, n]) => ` + ${n} ${key}`).join('');
  return (
    `${int(totalCalls(counts))} calls (${get('sls:ListProject')} + ` +
    `${int(get('sls:ListLogStores'))} + ${int(get('sls:GetLogStore'))} + ` +
    `${get('kms:DescribeKey')}${extra})`
  );
};

/**
 * One Node process cannot finish sooner than the CPU its calls need, and
 * the SDK's own work per call is part of that: this says how far the
 * latency ideal sits from that floor in the same run.
 */
const cpuFloorNote = (
  run: {
    readonly cpuMs: number;
    readonly wallMs: number;
    counts: Record<string, number>;
  },
  bareCpuMsPerCall: number,
  idealMs: number,
): string => {
  const calls = totalCalls(run.counts);
  const sdkCpuMs = calls * bareCpuMsPerCall;
  const floorMs = Math.max(idealMs, sdkCpuMs);
  return (
    `The scan process used ${ms(run.cpuMs)} of CPU ` +
    `(${ms(run.cpuMs / calls)} per call); the same calls made bare with ` +
    `the SDKs need ${ms(sdkCpuMs)} of CPU at this run's ` +
    `${ms(bareCpuMsPerCall)} per call, so with the SDK's work counted ` +
    `the floor is ${ms(floorMs)} and the wall time is ` +
    `${(run.wallMs / floorMs).toFixed(2)}× that.`
  );
};

export interface ScanShapeInput {
  readonly projects: number;
  readonly logstores: number;
  readonly keys: number;
  readonly perProjectBefore: readonly number[];
  readonly perProjectAfter: readonly number[];
}

export const scanRows = (
  scans: ScanFigures,
  shape: ScanShapeInput,
  bareCpuMsPerCall: number,
  latencyMs: number,
): Row[] => {
  const cold = coldScanFloor({
    logstoresPerProject: shape.perProjectBefore,
    distinctKeys: shape.keys,
  });
  const repeat = repeatScanFloor(
    { logstoresPerProject: shape.perProjectAfter, distinctKeys: shape.keys },
    scans.added,
  );
  const coldCalls = totalCalls(scans.cold.counts);
  const repeatCalls = totalCalls(scans.repeat.counts);
  const rows: Row[] = [
    {
      what:
        `Scan calls, first run (${shape.projects} projects × ` +
        `${int(shape.logstores / shape.projects)} Logstores, ` +
        `${shape.keys} keys)`,
      floor: breakdown(cold),
      keyguard: counted(scans.cold.counts),
      ratio: coldCalls / cold.total,
      goal: '≤ 1.00× (the floor)',
      met: coldCalls <= cold.total,
    },
    {
      what: `Scan calls, repeat run after ${scans.added} new Logstores`,
      floor: breakdown(repeat),
      keyguard: counted(scans.repeat.counts),
      ratio: repeatCalls / repeat.total,
      goal: '≤ 1.00× (the floor)',
      met: repeatCalls <= repeat.total,
    },
  ];
  const cpuPerCall = scans.cold.cpuMs / coldCalls;
  rows.push({
    what: 'Scan CPU per vendor call (first run, whole run included)',
    floor: `${ms(bareCpuMsPerCall)} (one bare SDK call, same run)`,
    keyguard: ms(cpuPerCall),
    ratio: cpuPerCall / bareCpuMsPerCall,
    goal: '—',
    met: null,
  });
  const latency = scans.latency;
  if (latency !== undefined) {
    const d = KEY_HEALTH_DEFAULTS;
    const ideal = idealWallMs({
      slsCalls: totalCalls(latency.counts, 'sls'),
      kmsCalls: totalCalls(latency.counts, 'kms'),
      latencyMs,
      concurrency: d.concurrency,
      kmsQps: d.kmsQps,
    });
    const ratio = latency.wallMs / ideal;
    const inFlight = (totalCalls(latency.counts) * latencyMs) / latency.wallMs;
    rows.push({
      what:
        `Scan wall time, ${latencyMs} ms per call, defaults ` +
        `(${d.concurrency} in flight, ${d.projectConcurrency} per project, ` +
        `${d.kmsQps} DescribeKey/s)`,
      floor:
        `${ms(ideal)} (calls × ${latencyMs} ms ÷ ${d.concurrency}, ` +
        `KMS at ${d.kmsQps}/s)`,
      keyguard: ms(latency.wallMs),
      ratio,
      goal: '≤ 1.25×',
      met: ratio <= 1.25,
      note:
        `On average ${inFlight.toFixed(1)} calls were in flight (calls × ` +
        `${latencyMs} ms ÷ wall time) of the ${d.concurrency} allowed. ` +
        cpuFloorNote(latency, bareCpuMsPerCall, ideal) +
        (d.concurrency < 32
          ? ` The defaults allow fewer than the 32 in flight the issue ` +
            `asks for; the floor is computed at ${d.concurrency}.`
          : ''),
    });
  }
  const peak = Math.max(
    scans.cold.maxRssMiB,
    scans.repeat.maxRssMiB,
    latency?.maxRssMiB ?? 0,
  );
  const each = [
    `first run ${scans.cold.maxRssMiB.toFixed(0)}`,
    `repeat ${scans.repeat.maxRssMiB.toFixed(0)}`,
    ...(latency === undefined
      ? []
      : [`${latencyMs} ms run ${latency.maxRssMiB.toFixed(0)}`]),
  ].join(', ');
  rows.push({
    what: `Scan peak memory (${int(shape.logstores)} Logstores, whole process)`,
    floor: '256 MiB budget',
    keyguard: `${peak.toFixed(0)} MiB`,
    ratio: peak / 256,
    goal: '< 256 MiB',
    met: peak < 256,
    note: `Peak resident memory per scan process, in MiB: ${each}.`,
  });
  return rows;
};

export const coldStartRows = (figures: readonly ColdStartFigures[]): Row[] =>
  figures.flatMap((f) => {
    const ratio = f.readyMs.bundle / f.readyMs.unbundled;
    return [
      {
        what:
          `Cold start to first answer, ${f.name} (median of ${f.samples}; ` +
          `tsx ${ms(f.readyMs.tsx)})`,
        floor: `${ms(f.readyMs.unbundled)} unbundled`,
        keyguard: `${ms(f.readyMs.bundle)} bundled`,
        ratio,
        goal: '≤ 0.65×',
        met: ratio <= 0.65,
      },
      {
        what: `Deployment zip, ${f.name} (bundle ${kib(f.bundleBytes)})`,
        floor: '1,000,000 B limit',
        keyguard: `${int(f.zipBytes)} B`,
        ratio: f.zipBytes / 1_000_000,
        goal: '< 1.00×',
        met: f.zipBytes < 1_000_000,
      },
    ];
  });

export const provisioningRows = (p: ProvisioningFigures): Row[] => {
  const ratio = p.handlerMedianMs / p.bareMedianMs;
  const batchRatio = p.batchMs / p.bareBatchMs;
  const perSecond = (count: number, elapsed: number) =>
    `${((count * 1_000) / elapsed).toFixed(0)}/s`;
  return [
    {
      what: `Provisioning through the handler, median of ${p.requests}`,
      floor: `${ms(p.bareMedianMs)} (the 4 calls bare with the SDKs)`,
      keyguard: ms(p.handlerMedianMs),
      ratio,
      goal: '≤ 1.20×',
      met: ratio <= 1.2,
    },
    {
      what: `Queue batch of ${p.batchSize} messages, one invocation`,
      floor:
        `${ms(p.bareBatchMs)}, ` +
        `${perSecond(p.batchSize, p.bareBatchMs)} bare`,
      keyguard: `${ms(p.batchMs)}, ${perSecond(p.batchSize, p.batchMs)}`,
      ratio: batchRatio,
      goal: '—',
      met: null,
    },
    {
      what: 'Provisioning CPU per vendor call',
      floor: `${ms(p.bareCpuMsPerCall)} bare`,
      keyguard: ms(p.handlerCpuMsPerCall),
      ratio: p.handlerCpuMsPerCall / p.bareCpuMsPerCall,
      goal: '—',
      met: null,
    },
  ];
};

export const alertRow = (
  allMs: readonly number[],
  deployedTimerSeconds: number,
): Row => {
  const m = median(allMs);
  const every =
    deployedTimerSeconds % 60 === 0
      ? `${deployedTimerSeconds / 60} min`
      : `${deployedTimerSeconds} s`;
  return {
    what:
      `Time to alert, DisableKey to all 5 channels via ActionTrail ` +
      `(median of ${allMs.length})`,
    floor: `deployed timer, every ${every} (s.yaml)`,
    keyguard: ms(m),
    ratio: m / (deployedTimerSeconds * 1_000),
    goal: '< 5 s',
    met: m < 5_000,
  };
};
