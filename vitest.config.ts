import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  resolve: {
    // Node loads graphql's CommonJS build for Yoga and Pothos; Vite would pick index.mjs for our
    // sources, and two graphql copies break instanceof checks (errors get masked, schemas clash).
    alias: [{ find: /^graphql$/, replacement: 'graphql/index.js' }],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: real servers and browsers in parallel files starve each other.
    fileParallelism: true,
    maxWorkers: 2,
    // Commands the tests start keep their load cache out of the user's home folder, in a folder
    // of this run's own (removed at the end): a cache left by another run or version would add
    // a warning to their output.
    env: { NEWSGRAPH_CACHE_DIR: mkdtempSync(path.join(tmpdir(), 'newsgraph-test-cache-')) },
    globalSetup: ['tests/fixtures/test-cache.ts'],
  },
});
