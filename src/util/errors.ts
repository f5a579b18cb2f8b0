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
  }
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
