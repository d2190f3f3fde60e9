/** Private binary objects: label PDFs, QR codes, photos, report exports. S3 in AWS and locally. */
export interface BlobStore {
  put(key: string, body: Uint8Array, contentType: string): Promise<void>;
  /** The object's bytes and content type, or `undefined` when there is no such object. */
  get(key: string): Promise<{ body: Uint8Array; contentType: string } | undefined>;
  /**
   * The keys of every object whose key starts with `prefix`, however many: what is in the bucket,
   * whoever put it there (an upload to a presigned address included).
   */
  keysUnder(prefix: string): Promise<string[]>;
  /** Deletes the object; nothing when there is none. */
  delete(key: string): Promise<void>;
}
