/**
 * Runs the DHL sandbox on its own for manual use: `PORT=4010 tsx local/sandboxes/dhl/main.ts`
 * (no PORT: a free port). Prints the base URL and the sandbox's fixed, public test credentials.
 */
import { SANDBOX_CREDENTIALS, startDhlSandbox } from './sandbox';

const sandbox = await startDhlSandbox({ port: Number(process.env.PORT ?? 0), ...(process.env.HOST ? { host: process.env.HOST } : {}) });
console.log(`DHL Parcel DE Returns sandbox: ${sandbox.baseUrl}`);
console.log(`  dhl-api-key: ${SANDBOX_CREDENTIALS.apiKey}  user: ${SANDBOX_CREDENTIALS.username}  password: ${SANDBOX_CREDENTIALS.password}`);

for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void sandbox.stop().then(() => process.exit(0));
  });
}
