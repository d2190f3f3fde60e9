import { inject } from 'vitest';

/** What an end-to-end test needs to know of the platform it runs against. */
export interface PlatformContext {
  apiUrl: string;
  outboxDir: string;
  dhlBaseUrl: string;
  dynamodbEndpoint: string;
  /** The local AWS endpoint (Secrets Manager among others). */
  awsEndpoint: string;
  /** The ARN of the `FieldKey` secret, which seals bank accounts and webhook secrets (docs/field-keys.md). */
  fieldKeySecretArn: string;
  tableName: string;
  /** The Admin GraphQL endpoint of the local Shopify sandbox shop. */
  shopifyAdminApiUrl: string;
  /** The platform's data folder: where the local issuer signs staff tokens. */
  home: string;
  /** The repair-partner sandbox, e.g. `http://127.0.0.1:PORT`. */
  repairPartnersUrl: string;
  /** Each function's local ARN, by its logical id. */
  functionArns: Record<string, string>;
}

declare module 'vitest' {
  export interface ProvidedContext {
    /** The platform the `e2e` project's files share, started by its global setup. */
    platform: PlatformContext;
  }
}

let own: PlatformContext | undefined;

/** The platform of the running test file: one it started for itself, or else the one the `e2e` files share. */
export function platform(): PlatformContext {
  return own ?? inject('platform');
}

/** Makes `platform()` answer with the file's own platform (`undefined`: the shared one again). */
export function useOwnPlatform(context: PlatformContext | undefined): void {
  own = context;
}
