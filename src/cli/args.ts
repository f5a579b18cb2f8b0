import { parseArgs, type ParseArgsConfig } from 'node:util';
import { UsageError } from '../util/errors.js';

export type Options = NonNullable<ParseArgsConfig['options']>;

/** Shared by every command: unknown flags and missing values become one-line usage errors. */
type Parsed<T extends Options> = ReturnType<
  typeof parseArgs<{ args: string[]; options: T; allowPositionals: true; strict: true; allowNegative: true }>
>;

export function parseCommandArgs<T extends Options>(command: string, argv: string[], options: T): Parsed<T> {
  try {
    return parseArgs({ args: argv, options, allowPositionals: true, strict: true, allowNegative: true });
  } catch (error) {
    const message = (error as Error).message.split('\n')[0]?.replace(/\.\s*To specify.*$/, '') ?? 'invalid arguments';
    throw new UsageError(`${command}: ${message} (see leakguard ${command} --help)`);
  }
}

export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if ((allowed as readonly string[]).includes(value)) return value as T;
  throw new UsageError(`--${flag} must be one of ${allowed.join(', ')} (got "${value}")`);
}

export function positiveInt(flag: string, value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  const number = Number(value);
  if (!Number.isInteger(number) || number < 1) throw new UsageError(`--${flag} must be a positive whole number (got "${value}")`);
  return number;
}
