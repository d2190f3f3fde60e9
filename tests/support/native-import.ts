import { register, type NamespacedUnregister } from 'tsx/esm/api';

const shared = globalThis as typeof globalThis & { kreislaufGlobalSetupImport?: NamespacedUnregister };

/**
 * Imports a TypeScript module for a global setup through Node.js itself (with tsx's loader, in a
 * namespace of its own), instead of through the project's vitest module runner. Every project has
 * a runner of its own, so the `e2e` and `browser` setups each used to load the local platform's
 * code again (about 4–5 s apiece, one after the other: vitest runs the global setups in turn);
 * loaded natively, a module is loaded once for the whole run, by whichever setup asks first.
 *
 * @example
 * const { startEndToEndPlatform } = await importOnce<typeof import('./start-platform')>('./start-platform.ts', import.meta.url);
 */
export async function importOnce<T>(specifier: string, parentUrl: string): Promise<T> {
  shared.kreislaufGlobalSetupImport ??= register({ namespace: 'kreislauf-global-setup' });
  return (await shared.kreislaufGlobalSetupImport.import(specifier, parentUrl)) as T;
}
