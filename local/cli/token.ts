import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { STAFF_ROLES } from '../../shared/http/staff';
import { staffToken } from '../services/local-issuer';

// `npm run token -- --brand demo --role ops [--role analyst] [--subject id] [--email a@b] [--expires-in 3600]`:
// prints a staff token of the local issuer, alone on one line, for the platform on KREISLAUF_HOME (default .kreislauf).

const USAGE = 'usage: npm run token -- --brand <brand> --role <ops|analyst|admin> [--role …] [--subject id] [--email address] [--expires-in seconds]';

function readArguments(): { brand: string; roles: string[]; subject?: string; email?: string; expiresInSeconds?: number } {
  let values;
  try {
    ({ values } = parseArgs({
      options: {
        brand: { type: 'string' },
        role: { type: 'string', multiple: true },
        subject: { type: 'string' },
        email: { type: 'string' },
        'expires-in': { type: 'string' },
      },
      strict: true,
      allowPositionals: false,
    }));
  } catch (error) {
    throw new Error(`${(error as Error).message}. ${USAGE}`);
  }
  if (!values.brand || !/^[a-z0-9][a-z0-9-]{0,62}$/.test(values.brand)) {
    throw new Error(`--brand needs a brand id (lowercase letters, digits and dashes). ${USAGE}`);
  }
  const roles = values.role ?? [];
  const unknown = roles.find((role) => !(STAFF_ROLES as readonly string[]).includes(role));
  if (roles.length === 0 || unknown !== undefined) {
    throw new Error(`${unknown === undefined ? '--role is missing' : `unknown role ${unknown}`}: use ${STAFF_ROLES.join(', ')}. ${USAGE}`);
  }
  const expiresIn = values['expires-in'];
  if (expiresIn !== undefined && !/^[1-9]\d*$/.test(expiresIn)) throw new Error(`--expires-in needs a number of seconds. ${USAGE}`);
  return {
    brand: values.brand,
    roles,
    ...(values.subject ? { subject: values.subject } : {}),
    ...(values.email ? { email: values.email } : {}),
    ...(expiresIn ? { expiresInSeconds: Number(expiresIn) } : {}),
  };
}

try {
  const token = await staffToken(resolve(process.env.KREISLAUF_HOME ?? '.kreislauf'), readArguments());
  process.stdout.write(`${token}\n`);
} catch (error) {
  process.stderr.write(`token: ${error instanceof Error ? error.message : String(error)}\n`);
  process.exitCode = 1;
}
