import { defineConfig, mergeConfig } from 'vitest/config';
import base from './vitest.config.js';

// The slow tests only (the pre-commit hook installed for real).
export default mergeConfig(base, defineConfig({ test: { include: ['fixtures/**/*.slow.test.ts'], exclude: ['**/node_modules/**'] } }));
