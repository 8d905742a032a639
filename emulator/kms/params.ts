import { invalidParameter, missingParameter } from './errors.ts';

/**
 * Reads an operation's parameters, answering a bad one as KMS does: a
 * missing one with `Missing<Name>`, a bad value with `InvalidParameter`
 * naming the field and the rule.
 */
export class Params {
  constructor(readonly values: Readonly<Record<string, string>>) {}

  optional(name: string): string | undefined {
    const value = this.values[name];
    return value === undefined || value === '' ? undefined : value;
  }

  required(name: string): string {
    const value = this.optional(name);
    if (value === undefined) throw missingParameter(name);
    return value;
  }

  integer(
    name: string,
    range: { readonly min: number; readonly max: number },
    fallback?: number,
  ): number {
    const text =
      fallback === undefined ? this.required(name) : this.optional(name);
    if (text === undefined) return fallback as number;
    const value = /^-?\d+$/.test(text) ? Number(text) : Number.NaN;
    if (!(value >= range.min && value <= range.max)) {
      throw invalidParameter(
        name,
        `an integer from ${range.min} to ${range.max}`,
      );
    }
    return value;
  }

  boolean(name: string): boolean {
    const text = this.required(name).toLowerCase();
    if (text !== 'true' && text !== 'false') {
      throw invalidParameter(name, 'true or false');
    }
    return text === 'true';
  }

  /**
   * A string map sent either as JSON text or flattened by the SDKs into
   * `Name.key=value` pairs.
   */
  map(name: string): Record<string, string> {
    const prefix = `${name}.`;
    const flat = Object.entries(this.values)
      .filter(([key]) => key.startsWith(prefix))
      .map(([key, value]) => [key.slice(prefix.length), value] as const);
    const text = this.optional(name);
    if (text === undefined) return Object.fromEntries(flat);
    try {
      const parsed: unknown = JSON.parse(text);
      if (
        typeof parsed !== 'object' ||
        parsed === null ||
        Array.isArray(parsed)
      ) {
        throw new Error('not an object');
      }
      return Object.fromEntries(
        Object.entries(parsed).map(([key, value]) => [key, String(value)]),
      );
    } catch {
      throw invalidParameter(name, 'a JSON object of strings');
    }
  }
}
