import { fromEnv } from '@aws-sdk/credential-provider-env';

/**
 * The AWS SDK clients' default credential provider inside a function's bundle, in place of
 * `@aws-sdk/credential-provider-node` (the bundler's `alias` in `infra/function-bundles.ts`).
 *
 * Lambda hands every function its execution role's credentials in the environment
 * (`AWS_ACCESS_KEY_ID`, `AWS_SECRET_ACCESS_KEY`, `AWS_SESSION_TOKEN`), and the SDK's default chain
 * reads the environment first, so in Lambda it never gets further. The rest of the chain (profiles
 * and their files, SSO, credential processes, web identity, the container and instance metadata
 * endpoints, with the STS and SSO clients they call) cannot be tree-shaken: each client's runtime
 * configuration imports the chain whether or not it is given credentials. Left in, it is about
 * 130 KB of every function's bundle that each cold start loads and Lambda never runs.
 *
 * A client still takes explicit `credentials` as before; the local cloud sets the same three
 * variables for its functions (`local/runtime/lambda-pool.ts`), so the tests run this provider.
 * Without them, a call fails with the SDK's "Unable to find environment variable credentials."
 */
export const defaultProvider: typeof fromEnv = (init) => fromEnv(init);
