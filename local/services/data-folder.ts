import { mkdirSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * Where the local platform keeps what must outlive one run in its data folder (`KREISLAUF_HOME`,
 * default `.kreislauf`), so that the platform, the token CLI and the tests find the same files.
 */
export function dataFolder(home: string) {
  return {
    /** DynamoDB Local's database files. */
    dynamodbDir: join(home, 'dynamodb'),
    /** The platform clock's offset from real time. */
    clockFile: join(home, 'clock.json'),
    /** The local issuer's private signing key (JWK), readable by the owner only. */
    issuerKeyFile: join(home, 'local-issuer-key.json'),
    /** The issuer and audience the template's JWT authorizer trusts: `{ issuer, audience }`. */
    issuerConfigFile: join(home, 'local-issuer.json'),
  };
}

/**
 * Writes a file of the data folder whole: into a temporary file beside it, then renamed over it,
 * so a crash or `kill -9` leaves the old contents or the new ones, never a half-written file.
 */
export function writeDataFile(file: string, contents: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.tmp`;
  writeFileSync(temporary, contents);
  renameSync(temporary, file);
}
