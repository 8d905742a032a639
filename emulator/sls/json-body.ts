import { invalidBody, invalidParameter } from './errors.ts';

/**
 * Request bodies are JSON objects. A body that is not JSON, or JSON that is
 * not an object, is refused as SLS does: 400 PostBodyInvalid.
 */
export type JsonObject = Record<string, unknown>;

export const isJsonObject = (value: unknown): value is JsonObject =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

export const parseJsonObject = (body: Buffer): JsonObject => {
  const text = body.toString('utf8');
  if (text.trim() === '') throw invalidBody('the request body is empty');
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw invalidBody('The body is not valid json string.');
  }
  if (!isJsonObject(parsed)) {
    throw invalidBody('the request body must be a JSON object');
  }
  return parsed;
};

/** Type checks shared by the body validators: a wrong type is a
 * ParameterInvalid naming the field and the type it must have. */
export const expectInteger = (value: unknown, field: string): number => {
  if (typeof value !== 'number' || !Number.isInteger(value)) {
    throw invalidParameter(`${field} must be an integer`);
  }
  return value;
};

export const expectBoolean = (value: unknown, field: string): boolean => {
  if (typeof value !== 'boolean') {
    throw invalidParameter(`${field} must be true or false`);
  }
  return value;
};

export const expectString = (value: unknown, field: string): string => {
  if (typeof value !== 'string') {
    throw invalidParameter(`${field} must be a string`);
  }
  return value;
};

export const expectObject = (value: unknown, field: string): JsonObject => {
  if (!isJsonObject(value)) {
    throw invalidParameter(`${field} must be an object`);
  }
  return value;
};
