/** The part of `@20minutes/s3rver` (a CommonJS package without typings) that the local cloud uses. */
declare module '@20minutes/s3rver' {
  import type { AddressInfo } from 'node:net';

  interface S3rverOptions {
    address?: string;
    port?: number;
    silent?: boolean;
    directory?: string;
    resetOnClose?: boolean;
    allowMismatchedSignatures?: boolean;
    vhostBuckets?: boolean;
  }

  export default class S3rver {
    constructor(options: S3rverOptions);
    run(): Promise<AddressInfo>;
    close(): Promise<void>;
  }
}

/** The account registry s3rver checks access keys against. */
declare module '@20minutes/s3rver/lib/models/account.js' {
  interface AWSAccount {
    id: number;
  }
  const AWSAccount: { registry: Map<string, AWSAccount>; DUMMY_ACCOUNT: AWSAccount };
  export default AWSAccount;
}
