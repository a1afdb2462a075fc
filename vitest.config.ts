import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // End-to-end tests open DuckDB files and read real workbooks; they are not fast.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
