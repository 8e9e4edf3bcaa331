import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // Two cores: real servers and browsers in parallel files starve each other.
    fileParallelism: true,
    maxWorkers: 2,
  },
});
