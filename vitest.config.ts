import { defineConfig } from 'vitest/config';

// Many tests spawn git and the CLI; on a loaded 2-core machine one such test can take several
// seconds, so the defaults (5 s, 10 s) fail healthy tests. Slower suites still set their own.
export default defineConfig({
  test: {
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
