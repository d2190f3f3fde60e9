import type { TestProject } from 'vitest/node';
import { startEndToEndPlatform } from './start-platform';

/** One local cloud for the files of the `e2e` project, which run side by side against it. */
export default async function setup(project: TestProject) {
  const platform = await startEndToEndPlatform();
  project.provide('platform', platform.context);
  return () => platform.stop();
}
