import { defineConfig, globalIgnores } from 'eslint/config';
import nextVitals from 'eslint-config-next/core-web-vitals';
import nextTs from 'eslint-config-next/typescript';

export default defineConfig([
  ...nextVitals,
  ...nextTs,
  {
    rules: {
      // Rule 6 of ARCHITECTURE.md: lib/env.ts is the only reader of process.env.
      'no-restricted-properties': ['error', { object: 'process', property: 'env', message: 'Read settings through lib/env.ts (getEnv()).' }],
    },
  },
  {
    files: ['lib/env.ts', 'instrumentation.ts', 'test/**', 'scripts/**', 'playwright.config.ts', '*.config.*'],
    rules: { 'no-restricted-properties': 'off' },
  },
  {
    // Tests contain no React components; helpers named use* there are vitest setup, not hooks.
    files: ['test/**'],
    rules: { 'react-hooks/rules-of-hooks': 'off' },
  },
  globalIgnores(['.next/**', 'node_modules/**', 'lib/generated/**', 'data/**', 'test-results/**', 'coverage/**', 'next-env.d.ts']),
]);
