import { isRegionId } from '../endpoints.ts';
import { isSeverity, type Severity } from './severity.ts';

/**
 * What one run is asked to do, from a timer's payload or a direct invoke.
 * A bad field never stops a run: it falls back to its default and the
 * warning names the field, so a typo in a timer payload still leaves the
 * keys watched.
 */
export interface RunOptions {
  /** Alerts below this severity are left as they are this run. */
  readonly minSeverity: Severity;
  /** Regions to scan; the configured ones when absent. */
  readonly regions?: readonly string[];
  /** Evaluate and report, but send nothing and write nothing. */
  readonly dryRun: boolean;
  /** Read every binding again, as if the cache were empty. */
  readonly fullRefresh: boolean;
}

export const DEFAULT_RUN_OPTIONS: RunOptions = {
  minSeverity: 'unverified',
  dryRun: false,
  fullRefresh: false,
};

export interface ParsedOptions {
  readonly options: RunOptions;
  readonly warnings: readonly string[];
}

const KNOWN = ['minSeverity', 'regions', 'dryRun', 'fullRefresh'];

const regionsOf = (value: unknown): string[] | undefined => {
  const list =
    typeof value === 'string'
      ? value.split(',').map((part) => part.trim())
      : value;
  if (!Array.isArray(list) || list.length === 0) return undefined;
  return list.every((r) => typeof r === 'string' && isRegionId(r))
    ? (list as string[])
    : undefined;
};

export const optionsFromObject = (input: unknown): ParsedOptions => {
  if (typeof input !== 'object' || input === null || Array.isArray(input)) {
    return {
      options: DEFAULT_RUN_OPTIONS,
      warnings: ['run options must be a JSON object; using defaults'],
    };
  }
  const record = input as Record<string, unknown>;
  const warnings: string[] = [];
  let options: RunOptions = DEFAULT_RUN_OPTIONS;
  for (const field of Object.keys(record)) {
    if (!KNOWN.includes(field)) {
      warnings.push(`run option "${field}" is unknown and was ignored`);
    }
  }
  const { minSeverity, regions, dryRun, fullRefresh } = record;
  if (minSeverity !== undefined) {
    if (isSeverity(minSeverity)) options = { ...options, minSeverity };
    else warnings.push('minSeverity must be critical, warning or unverified');
  }
  if (regions !== undefined) {
    const list = regionsOf(regions);
    if (list === undefined) {
      warnings.push('regions must be a list of region ids such as cn-hangzhou');
    } else options = { ...options, regions: list };
  }
  // A dryRun that is not a boolean still asks for a dry run: falling back
  // to a real one would send and save what the caller meant to preview.
  if (dryRun !== undefined) {
    if (typeof dryRun === 'boolean') options = { ...options, dryRun };
    else {
      options = { ...options, dryRun: true };
      warnings.push('dryRun must be true or false; running dry to be safe');
    }
  }
  if (fullRefresh !== undefined) {
    if (typeof fullRefresh === 'boolean') options = { ...options, fullRefresh };
    else warnings.push('fullRefresh must be true or false');
  }
  return { options, warnings };
};

/** A timer payload or invoke body: empty means defaults. */
export const optionsFromText = (text: string): ParsedOptions => {
  if (text.trim() === '') return { options: DEFAULT_RUN_OPTIONS, warnings: [] };
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    return {
      options: DEFAULT_RUN_OPTIONS,
      warnings: ['run options are not JSON; using defaults'],
    };
  }
  return optionsFromObject(parsed);
};
