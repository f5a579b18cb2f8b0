/**
 * Lets V8 optimise hot functions less eagerly, for the rest of the process.
 *
 * Why: V8 reconsiders a function for TurboFan each time it has run through its interrupt budget
 * (132 KB of bytecode by default), and TurboFan compiles on background threads. When the main
 * thread shares the machine with other busy work (scan workers, or the `git log` a history scan
 * reads), those compiles take the cores that work needs: on a 1,500-commit history they cost
 * ~130 ms of CPU while git, competing for two cores, ran 0.42 s instead of 0.27 s. With a budget
 * of 300 KB they cost ~30 ms, and the scan ends ~7% sooner (docs/bench.md, ninth round). Alone
 * on its core (the hook, a small tree) the default is a little faster, so only those paths ask.
 *
 * The flag only moves when code is optimised, never what it computes. V8 reads it whenever a
 * function's budget restarts, so setting it mid-run applies from then on, in threads started
 * later too.
 */
export function optimiseLessEagerly(): void {
  if (applied) return;
  applied = true;
  // Loaded here, not imported: node:v8 costs ~2.7 ms at start-up on Node 20, which the hook
  // would pay for nothing. By process.getBuiltinModule: the launcher's CommonJS bundle has no
  // import.meta for createRequire (lazy-builtins.ts).
  process.getBuiltinModule('node:v8').setFlagsFromString(`--interrupt-budget=${INTERRUPT_BUDGET}`);
}

const INTERRUPT_BUDGET = 300_000;
let applied = false;
