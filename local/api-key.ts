import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { staffToken } from './services/local-issuer';

// `npm run api-key -- --brand demo [--name "Shop checkout"]`: creates an API key for the brand's
// shop on the running local platform and prints it, alone on one line. It asks the platform's own
// admin route (POST /v1/api-keys) with an admin token of the local issuer, so the key is made and
// stored (hashed) exactly as in AWS. The platform is found at KREISLAUF_API_URL, else
// http://localhost:$PORT (default 3000); its data folder at KREISLAUF_HOME (default .kreislauf).

const USAGE = 'usage: npm run api-key -- --brand <brand> [--name <what the key is for>]';

function readArguments(): { brand: string; name: string } {
  let values;
  try {
    ({ values } = parseArgs({ options: { brand: { type: 'string' }, name: { type: 'string' } }, strict: true, allowPositionals: false }));
  } catch (error) {
    throw new Error(`${(error as Error).message}. ${USAGE}`);
  }
  if (!values.brand || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(values.brand)) {
    throw new Error(`--brand needs a brand id (lowercase letters, digits and dashes). ${USAGE}`);
  }
  return { brand: values.brand, name: values.name ?? 'Brand shop' };
}

try {
  const { brand, name } = readArguments();
  const apiUrl = process.env.KREISLAUF_API_URL ?? `http://localhost:${process.env.PORT ?? 3000}`;
  const token = await staffToken(resolve(process.env.KREISLAUF_HOME ?? '.kreislauf'), { brand, roles: ['admin'] });
  const response = await fetch(`${apiUrl}/v1/api-keys`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ name }),
  }).catch((error: unknown) => {
    throw new Error(`no platform answers at ${apiUrl} (${(error as Error).message}); start it with npm start`);
  });
  const body = (await response.json()) as { apiKey?: string; detail?: string };
  if (response.status !== 201 || !body.apiKey) throw new Error(`the platform refused the key (${response.status}): ${body.detail ?? 'no details'}`);
  process.stdout.write(`${body.apiKey}\n`);
} catch (error) {
  process.stderr.write(`api-key: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
