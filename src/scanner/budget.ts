import type { ScanNote } from '../types/index.js';
import { Script, createContext } from 'node:vm';

/**
 * The last line of defence against a slow regex: a time budget per fragment. Built-in rules are
 * proven linear (test/redos.test.ts) and user rules are checked when the config loads, so this
 * should never fire; if it does, the fragment ends with a note instead of hanging a commit.
 *
 * Proven rules are only timed between rules (a clock read per rule). Rules the checker could not
 * prove run under `vm`'s timeout, which interrupts a RegExp mid-match; that costs about 0.15 ms
 * per call, so it is kept to those rules.
 */
export const DEFAULT_FILE_BUDGET_MS = 5_000;

export class Budget {
  readonly deadline: number;
  /** The rule that ran out of time, once one has. */
  exceededBy: string | undefined;

  constructor(readonly limitMs: number = DEFAULT_FILE_BUDGET_MS) {
    this.deadline = performance.now() + limitMs;
  }

  get exceeded(): boolean {
    return this.exceededBy !== undefined;
  }

  /** Called after each rule: past the deadline, charge it to that rule. */
  charge(ruleId: string): boolean {
    if (this.exceededBy === undefined && performance.now() > this.deadline) this.exceededBy = ruleId;
    return this.exceeded;
  }

  remainingMs(): number {
    return Math.max(1, Math.floor(this.deadline - performance.now()));
  }

  note(path: string, commit?: string | null): ScanNote | undefined {
    if (this.exceededBy === undefined) return undefined;
    const where = commit ? ` in ${commit.slice(0, 7)}` : '';
    return { path, reason: 'budget-exceeded', ruleId: this.exceededBy, detail: `scan stopped after ${this.limitMs} ms${where}; the rest of this file was not scanned` };
  }
}

// Made on first use: a vm context is a new V8 context (~5–25 ms), and only a config with
// unproven user rules ever needs one.
let guard: { context: object; runTask: Script } | undefined;

/**
 * Runs `task` so that it is interrupted after `timeoutMs`. Returns false when it was: whatever
 * the task had collected until then stays valid.
 */
export function runInterruptible(task: () => void, timeoutMs: number): boolean {
  guard ??= { context: createContext({ task: undefined }), runTask: new Script('task()') };
  const { context, runTask } = guard;
  (context as { task: (() => void) | undefined }).task = task;
  try {
    runTask.runInContext(context, { timeout: timeoutMs });
    return true;
  } catch (error) {
    if ((error as { code?: string }).code === 'ERR_SCRIPT_EXECUTION_TIMEOUT') return false;
    throw error;
  } finally {
    (context as { task: (() => void) | undefined }).task = undefined;
  }
}
