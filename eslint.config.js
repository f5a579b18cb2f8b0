// Lint: typescript-eslint's strict set, plus import direction between the layers of
// DESIGN.md — lower layers never reach up (the scanner stays pure, the CLI stays the only shell).
import tseslint from 'typescript-eslint';

// One git module (src/git/): nothing else spawns git, so inherited env, error wording and pinned
// options stay in one place. `spawns` marks the few files that run something else.
const ONE_GIT = { group: ['node:child_process'], message: 'Run git through src/git/ (commands.ts, process.ts, sync.ts); no other module spawns processes.' };

const layer = (files, forbidden, message, { spawns = false } = {}) => ({
  files,
  rules: {
    'no-restricted-imports': [
      'error',
      { patterns: [...forbidden.map((group) => ({ group: [group], message })), ...(spawns ? [] : [ONE_GIT])] },
    ],
  },
});

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'coverage/**', 'bench/corpus/**', 'fixtures/**', 'demo-out/**'] },
  ...tseslint.configs.strict,
  {
    files: ['src/**/*.ts', 'test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
    },
  },
  layer(['src/types/**', 'src/util/**'], ['**/git/**', '**/cli/**', '**/engine*', '**/reporters/**', '**/migrate/**', '**/sources/**', '**/scanner/**', '**/findings/**', '**/config/**', '**/rules/**', '**/check/**', '**/verify/**'], 'types/ and util/ are leaves: they import nothing of ours above them.'),
  layer(['src/scanner/**', 'src/findings/**'], ['**/cli/**', '**/engine*', '**/reporters/**', '**/migrate/**', '**/sources/**', '**/config/**', '**/check/**', '**/verify/**', 'node:fs', 'node:child_process', 'node:worker_threads'], 'scanner/ and findings/ are pure: no I/O, no upper layers.'),
  layer(['src/git/**'], ['**/cli/**', '**/engine*', '**/reporters/**', '**/migrate/**', '**/sources/**', '**/scanner/**', '**/findings/**', '**/config/**', '**/rules/**', '**/check/**', '**/verify/**', '**/audit/**', '**/hook/**', '**/workers/**'], 'git/ is the one way to run git: it sits just above util/ and imports nothing of ours above it.', { spawns: true }),
  layer(['src/config/**', 'src/rules/**'], ['**/cli/**', '**/engine*', '**/reporters/**', '**/migrate/**', '**/sources/**', '**/check/**', '**/verify/**'], 'config/ and rules/ sit below the engine.'),
  layer(['src/sources/**'], ['**/cli/**', '**/engine*', '**/reporters/**', '**/migrate/**'], 'sources/ yield fragments; they do not report or migrate.'),
  layer(['src/reporters/**'], ['**/cli/**', '**/engine*', '**/migrate/**', '**/sources/**', 'node:fs', 'node:child_process'], 'reporters/ turn findings into strings, nothing else.'),
  layer(['src/migrate/**', 'src/check/**', 'src/verify/**', 'src/engine.ts', 'src/workers/**', 'src/audit/**', 'src/hook/**'], ['**/cli/**'], 'Only the CLI layer touches argv and exit codes.'),
  layer(['src/cli/**'], [], 'The CLI may import any layer.'),
  // The shell rewriter validates its output with `bash -n`: a process, but not git.
  layer(['src/migrate/languages/shell/index.ts'], ['**/cli/**'], 'Only the CLI layer touches argv and exit codes.', { spawns: true }),
);
