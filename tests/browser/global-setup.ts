import { existsSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { startLocalPlatform } from '../../local/platform';
import { TEST_ASSEMBLY_DIR } from '../support/synthesized-app';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The platform's origin: the web app and the API, as `npm start` serves them. */
    webUrl: string;
    /** The one Chromium of the run, which every test file connects to. */
    browserWsEndpoint: string;
  }
}

/** Debian's Chromium (`apt-get install chromium`); nothing is downloaded at test time. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';

/**
 * The platform as `npm start` starts it (the web app built, or found up to date, and served on the
 * API's origin), in a fresh data folder with fast retries and raised throttles, and one headless
 * Chromium for the whole run.
 */
export default async function setup(project: TestProject) {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`The browser tests need Chromium at ${CHROMIUM}: apt-get install chromium (Debian, Ubuntu), or set CHROMIUM_PATH to another Chromium.`);
  }
  const home = await mkdtemp(join(tmpdir(), 'kreislauf-browser-'));
  const [platform, browser] = await Promise.all([
    startLocalPlatform({ home, port: 0, assemblyDir: TEST_ASSEMBLY_DIR, ephemeral: true, timeScale: 0.01, throttleScale: 100, quiet: true }),
    chromium.launchServer({
      executablePath: CHROMIUM,
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        // Containers often give /dev/shm 64 MB, which Chromium outgrows with a few pages.
        '--disable-dev-shm-usage',
      ],
    }),
  ]);
  project.provide('webUrl', platform.apiUrl);
  project.provide('apiUrl', platform.apiUrl);
  project.provide('outboxDir', platform.outboxDir);
  project.provide('home', home);
  project.provide('browserWsEndpoint', browser.wsEndpoint());
  return async () => {
    await browser.close();
    await platform.stop();
    await rm(home, { recursive: true, force: true });
  };
}
