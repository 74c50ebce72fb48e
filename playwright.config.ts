import { defineConfig } from '@playwright/test';
import os from 'node:os';
import path from 'node:path';

// One fresh data directory per run (set once here; workers inherit the environment).
process.env.E2E_DATA_DIR ??= path.join(os.tmpdir(), `facexai-e2e-${Date.now()}`);
const port = Number(process.env.E2E_PORT ?? 3100);

export default defineConfig({
  testDir: 'test/e2e',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  timeout: 60_000,
  reporter: [['list']],
  use: {
    baseURL: `http://127.0.0.1:${port}`,
    trace: 'retain-on-failure',
    launchOptions: {
      // Debian's Chromium: Playwright's own browser download is impossible offline.
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
    },
  },
  webServer: {
    // The production server, exactly as `npm start` runs it, on its own database.
    command: 'npm run build && npm start',
    url: `http://127.0.0.1:${port}/api/health`,
    timeout: 240_000,
    reuseExistingServer: false,
    stdout: 'pipe',
    // Small explanation parameters and one worker thread keep generation to about a minute here.
    env: { PORT: String(port), DATA_DIR: process.env.E2E_DATA_DIR, PUBLIC_URL: `http://127.0.0.1:${port}`, NEXT_TELEMETRY_DISABLED: '1', STIMULUS_QUALITY: 'draft', EXPLANATION_WORKERS: '1' },
  },
});
