import type { Random } from '../shared/clock.ts';
import type { FaultAction, FaultSpec } from './fault-spec.ts';
import type { ServiceName } from './types.ts';

export interface FaultTarget {
  readonly service: ServiceName;
  readonly operation: string;
  /** Query parameters, lower-case headers, `project`, `logstore`. */
  readonly fields: Readonly<Record<string, string>>;
}

interface ActiveFault {
  readonly id: number;
  readonly spec: FaultSpec;
  fired: number;
}

export interface FaultView extends FaultSpec {
  readonly id: number;
  readonly fired: number;
}

/**
 * Injected faults, checked in the order they were added. A fault limited
 * by `times` stops firing once used up; `share` draws from the emulator's
 * seeded random source so a chaos run replays from its seed.
 */
export class FaultInjector {
  #faults: ActiveFault[] = [];
  #nextId = 1;

  constructor(private readonly random: Random) {}

  add(spec: FaultSpec): number {
    validate(spec);
    const id = this.#nextId++;
    this.#faults.push({ id, spec, fired: 0 });
    return id;
  }

  remove(id: number): void {
    this.#faults = this.#faults.filter((fault) => fault.id !== id);
  }

  clear(): void {
    this.#faults = [];
  }

  list(): FaultView[] {
    return this.#faults.map(({ id, spec, fired }) => ({ ...spec, id, fired }));
  }

  /** The action to apply to this request at this phase, if any. */
  decide(
    target: FaultTarget,
    phase: 'before' | 'after',
  ): FaultAction | undefined {
    for (const fault of this.#faults) {
      const { spec } = fault;
      if ((spec.phase ?? 'before') !== phase) continue;
      if (!applies(spec, target)) continue;
      if (spec.times !== undefined && fault.fired >= spec.times) continue;
      if (spec.share !== undefined && this.random.next() >= spec.share) {
        continue;
      }
      fault.fired += 1;
      return spec.action;
    }
    return undefined;
  }
}

const applies = (spec: FaultSpec, target: FaultTarget): boolean => {
  if (spec.service !== target.service) return false;
  if (spec.operation !== undefined && spec.operation !== target.operation) {
    return false;
  }
  return Object.entries(spec.match ?? {}).every(
    ([field, value]) => target.fields[field] === value,
  );
};

const validate = (spec: FaultSpec): void => {
  if (!['sls', 'kms', 'sink'].includes(spec.service)) {
    throw new Error('fault.service must be one of sls, kms, sink');
  }
  if (
    spec.times !== undefined &&
    !(Number.isInteger(spec.times) && spec.times > 0)
  ) {
    throw new Error('fault.times must be a positive whole number');
  }
  if (spec.share !== undefined && !(spec.share > 0 && spec.share <= 1)) {
    throw new Error('fault.share must be in (0, 1]');
  }
  const kinds = [
    'latency',
    'hang',
    'throttle',
    'server-error',
    'error',
    'drop',
    'reply',
  ];
  if (!kinds.includes(spec.action?.kind)) {
    throw new Error(`fault.action.kind must be one of ${kinds.join(', ')}`);
  }
  const action = spec.action as Partial<Record<string, unknown>>;
  const ms = action.ms;
  if (spec.action.kind === 'latency') {
    if (typeof ms !== 'number' || !(ms >= 0 && ms <= 600_000)) {
      throw new Error('fault.action.ms must be 0-600000 milliseconds');
    }
  }
  if (spec.action.kind === 'error' || spec.action.kind === 'reply') {
    const status = action.status;
    if (
      !Number.isInteger(status) ||
      (status as number) < 100 ||
      (status as number) > 599
    ) {
      throw new Error('fault.action.status must be an HTTP status 100-599');
    }
  }
  if (
    spec.action.kind === 'error' &&
    !(typeof action.code === 'string' && action.code !== '')
  ) {
    throw new Error('fault.action.code must name an error code');
  }
  if (spec.action.kind === 'reply' && typeof action.body !== 'string') {
    throw new Error('fault.action.body must be a string');
  }
};
