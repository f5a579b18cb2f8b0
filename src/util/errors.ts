// The scan bundle (dist/cli/scan.cjs) loads rarely used modules (the config schema, verification)
// from the split build, each with its own copy of this file, so `instanceof LeakguardError` can be
// false for a real one. A registered symbol is the same in every copy (scripts/bundle.mjs).
const LEAKGUARD_ERROR = Symbol.for('leakguard.error');

/**
 * Errors the user can act on. The CLI prints `message` as one line and exits with `exitCode`;
 * anything else is a bug and gets a stack trace only with `--debug`.
 */
export class LeakguardError extends Error {
  readonly exitCode: number;

  constructor(message: string, exitCode = 2) {
    super(message);
    this.name = 'LeakguardError';
    this.exitCode = exitCode;
    Object.defineProperty(this, LEAKGUARD_ERROR, { value: true });
  }
}

/** A LeakguardError from any copy of this module. */
export function isLeakguardError(error: unknown): error is LeakguardError {
  return error instanceof LeakguardError || (typeof error === 'object' && error !== null && LEAKGUARD_ERROR in error);
}

export class UsageError extends LeakguardError {
  override readonly name = 'UsageError';
}

export class ConfigError extends LeakguardError {
  override readonly name = 'ConfigError';
}

export class RuleError extends LeakguardError {
  override readonly name = 'RuleError';
}

/** Exit codes shared by every command. */
export const EXIT = {
  clean: 0,
  findings: 1,
  error: 2,
  /** migrate: refused because a file it would touch has uncommitted changes. */
  dirty: 3,
  /** migrate: SIGINT/SIGTERM arrived while the apply ran (it was finished). */
  interrupted: 130,
} as const;
