import type { Random } from '../shared/clock.ts';
import { parseFault } from './fault-schema.ts';
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

  /** Throws InvalidFaultError, naming the field, for a fault that could
   * never fire as meant. */
  add(spec: FaultSpec): number {
    const checked = parseFault(spec);
    const id = this.#nextId++;
    this.#faults.push({ id, spec: checked, fired: 0 });
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
