import react from '@vitejs/plugin-react';
import { defineConfig } from 'vitest/config';

// Three tiers: pure logic, the real app on SQLite, and the store suite on PostgreSQL
// (its own script, since it needs a server; it fails rather than skips without one).
// The console has its component tests (jsdom) and browser tests in real Chromium (own script).
export default defineConfig({
  test: {
    projects: [
      { test: { name: 'unit', include: ['test/unit/**/*.test.ts'] } },
      // The Wechaty adapter against wechaty-puppet-mock: needs `npm run install:wechaty` first.
      {
        test: {
          name: 'wechaty',
          include: ['test/wechaty/**/*.test.ts'],
          env: { TEST_DATABASE: 'sqlite' },
          testTimeout: 30000,
          hookTimeout: 30000,
        },
      },
      {
        test: {
          name: 'sqlite',
          include: ['test/integration/**/*.test.ts', 'test/store/**/*.test.ts', 'test/e2e/**/*.test.ts'],
          env: { TEST_DATABASE: 'sqlite' },
          testTimeout: 20000,
          hookTimeout: 30000,
        },
      },
      {
        test: {
          name: 'pg',
          include: ['test/store/**/*.test.ts', 'test/integration/**/*.test.ts'],
          env: { TEST_DATABASE: 'postgres' },
          testTimeout: 20000,
          hookTimeout: 30000,
          fileParallelism: false,
        },
      },
      {
        plugins: [react()],
        test: {
          name: 'console',
          environment: 'jsdom',
          include: ['console/src/**/*.test.{ts,tsx}'],
          setupFiles: ['console/src/test/setup.ts'],
          // jsdom start-up and React renders are slow on a busy 2-core machine.
          testTimeout: 15000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts'],
          testTimeout: 60000,
          hookTimeout: 90000,
          fileParallelism: false,
        },
      },
    ],
  },
});
