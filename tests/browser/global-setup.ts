import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { TestProject } from 'vitest/node';
import { importOnce } from '../support/native-import';

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
  const { startEndToEndPlatform } = await importOnce<typeof import('../e2e/start-platform')>('../e2e/start-platform.ts', import.meta.url);
  const [platform, browser] = await Promise.all([
    // The pages call about half of the functions (30 of 64 on 4 December): loading all ahead cost the project 5–10 s of CPU (two runs each way).
    startEndToEndPlatform({ warmFunctions: false }),
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
  // The e2e helpers (`call`, staff tokens, the outbox) read the platform from `platform()`.
  project.provide('platform', platform.context);
  project.provide('webUrl', platform.context.apiUrl);
  project.provide('browserWsEndpoint', browser.wsEndpoint());
  return async () => {
    await browser.close();
    await platform.stop();
  };
}
