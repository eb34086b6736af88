import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    // Generous: a test must pass on a loaded machine (several times slower); each wait inside is bounded too.
    testTimeout: 60_000,
    pool: 'forks',
  },
});
