import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const source = (pkg: string) => fileURLToPath(new URL(`./packages/${pkg}/src/index.ts`, import.meta.url));

// Tests import the workspace packages from their TypeScript sources; the CLI tests run the built bin.
export default defineConfig({
  resolve: {
    alias: {
      '@preflight/core': source('core'),
      '@preflight/python': source('python'),
      '@preflight/reporters': source('reporters'),
      '@preflight/cli': source('cli'),
      '@preflight/testkit': source('testkit'),
    },
  },
  test: {
    // Slow tests (minutes: the pre-commit hook installed for real) run alone with `npm run test:hook`
    // (PREFLIGHT_SLOW_TESTS=1), which .ci/run runs after `npm test`.
    include: process.env.PREFLIGHT_SLOW_TESTS ? ['fixtures/**/*.slow.test.ts'] : ['packages/*/src/**/*.test.ts', 'fixtures/**/*.test.ts'],
    exclude: ['**/node_modules/**', ...(process.env.PREFLIGHT_SLOW_TESTS ? [] : ['**/*.slow.test.ts'])],
    testTimeout: 20000,
  },
});
