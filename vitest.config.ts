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
    include: ['packages/*/src/**/*.test.ts', 'fixtures/**/*.test.ts'],
    // Slow tests (minutes: the pre-commit hook's install) run with `npm run test:hook`, in .ci/run.
    exclude: ['**/node_modules/**', '**/*.slow.test.ts'],
    testTimeout: 20000,
  },
});
