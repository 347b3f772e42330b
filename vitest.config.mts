import os from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts', 'tests/**/*.test.tsx'],
    environment: 'node',
    testTimeout: 30_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // The many temporary libraries share one folder of measured font data (named by the fonts'
    // content, so it cannot go stale); the tests of that cache use folders of their own.
    env: { QIKAN_FONT_METRICS_DIR: path.join(os.tmpdir(), 'qikan-test-font-metrics') },
    reporters: ['default', './tests/support/summary-reporter.ts'],
  },
});
