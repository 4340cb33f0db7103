// A small kit for checking a request's params at the boundary: each check
// takes an unknown value and returns it typed, or throws an LSP InvalidParams
// error whose message names the field in plain words. A record's shape is
// typed from the protocol interface it checks (every field needs a check), so
// the validator and shared/protocol.ts cannot drift apart silently.
import { ErrorCodes, ResponseError } from 'vscode-languageserver';
import { PARAM_ERRORS } from '../../core/vocabulary';

export type Check<T> = (value: unknown, field: string) => T;

export function invalidParams(message: string): ResponseError<void> {
  return new ResponseError(ErrorCodes.InvalidParams, message);
}

export const text: Check<string> = (v, field) => {
  if (typeof v !== 'string') throw invalidParams(PARAM_ERRORS.notString(field));
  return v;
};

export const nonEmptyText: Check<string> = (v, field) => {
  if (text(v, field) === '') throw invalidParams(PARAM_ERRORS.empty(field));
  return v as string;
};

export const flag: Check<boolean> = (v, field) => {
  if (typeof v !== 'boolean') throw invalidParams(PARAM_ERRORS.notBoolean(field));
  return v;
};

export const finiteNumber: Check<number> = (v, field) => {
  if (typeof v !== 'number' || !Number.isFinite(v)) throw invalidParams(PARAM_ERRORS.notNumber(field));
  return v;
};

export function oneOf<T extends string>(values: readonly T[]): Check<T> {
  return (v, field) => {
    if (typeof v !== 'string' || !(values as readonly string[]).includes(v)) throw invalidParams(PARAM_ERRORS.notOneOf(field, values));
    return v as T;
  };
}

/** Absent (undefined or null) is fine; present must pass `check`. */
export function optional<T>(check: Check<T>): Check<T | undefined> {
  return (v, field) => (v === undefined || v === null ? undefined : check(v, field));
}

type Shape<T> = { [K in keyof T]-?: Check<T[K]> };

/** An object with these fields (others are ignored and dropped). */
export function record<T>(shape: Shape<T>): (params: unknown) => T {
  return (params) => {
    if (params === null || typeof params !== 'object' || Array.isArray(params)) throw invalidParams(PARAM_ERRORS.notObject);
    const raw = params as Record<string, unknown>;
    const out: Partial<T> = {};
    for (const key of Object.keys(shape) as (keyof T & string)[]) {
      const value = shape[key](raw[key], key);
      if (value !== undefined) out[key] = value;
    }
    return out as T;
  };
}

/** Like record, but absent params (undefined or null) stand for `{}` (every field optional). */
export function optionalRecord<T>(shape: Shape<T>): (params: unknown) => T {
  const check = record(shape);
  return (params) => check(params === undefined || params === null ? {} : params);
}
