import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import type { BlobStore } from '../../shared/ports/blob-store';

// What a kill-harness worker (`tests/support/kill-harness.ts`) keeps in its folder, which outlives
// it as S3 and time outlive a Lambda's execution environment.

/** The objects, kept in `folder` as S3 keeps them. */
export function folderBlobs(folder: string): BlobStore {
  const file = (key: string) => join(folder, key);
  return {
    put: async (key, body, contentType) => {
      mkdirSync(dirname(file(key)), { recursive: true });
      writeFileSync(file(key), body);
      writeFileSync(`${file(key)}.type`, contentType);
    },
    get: async (key) => (existsSync(file(key)) ? { body: readFileSync(file(key)), contentType: readFileSync(`${file(key)}.type`, 'utf8') } : undefined),
    keysUnder: async (prefix) =>
      existsSync(folder)
        ? readdirSync(folder, { recursive: true, withFileTypes: true })
            .filter((entry) => entry.isFile() && !entry.name.endsWith('.type'))
            .map((entry) => relative(folder, join(entry.parentPath, entry.name)).split(sep).join('/'))
            .filter((key) => key.startsWith(prefix))
        : [],
    delete: async (key) => {
      rmSync(file(key), { force: true });
      rmSync(`${file(key)}.type`, { force: true });
    },
  };
}

/** Each worker's clock runs 61 s ahead of its predecessor's: past a lease of 60 s its predecessor died holding. */
export function workerClock(folder: string): () => Date {
  mkdirSync(folder, { recursive: true });
  const file = join(folder, 'workers');
  const started = existsSync(file) ? Number(readFileSync(file, 'utf8')) + 1 : 0;
  writeFileSync(file, String(started));
  return () => new Date(Date.now() + started * 61_000);
}
