/**
 * The one key of the local cloud: its functions sign with it (their `AWS_ACCESS_KEY_ID` and
 * `AWS_SECRET_ACCESS_KEY`), the cloud's own clients too, and the S3 front checks presigned
 * addresses against it.
 */
export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' } as const;
