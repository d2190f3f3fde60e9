import type { TestProject } from 'vitest/node';
import { importOnce } from '../support/native-import';

/** One local cloud for the files of the `e2e` project, which run side by side against it. */
export default async function setup(project: TestProject) {
  const { startEndToEndPlatform } = await importOnce<typeof import('./start-platform')>('./start-platform.ts', import.meta.url);
  const platform = await startEndToEndPlatform();
  project.provide('platform', platform.context);
  return () => platform.stop();
}
