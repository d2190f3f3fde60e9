/** Where staff put grading photos: a short-lived address for one upload of one object. */
export interface PhotoUploads {
  /**
   * A presigned PUT address for `key` that accepts only a body of `contentType` and of `size` bytes,
   * valid for `expiresInSeconds`; and the object's own address, which is what a grading references.
   */
  uploadUrl(key: string, contentType: string, size: number, expiresInSeconds: number): Promise<{ uploadUrl: string; url: string }>;
}

/** Where staff view a photo the customer added: a short-lived address for reading one object. */
export interface PhotoViews {
  /** A presigned GET address for `key`, valid for `expiresInSeconds`. */
  viewUrl(key: string, expiresInSeconds: number): Promise<string>;
  /** The keys of the objects under `prefix`: the photos that were uploaded. */
  keysUnder(prefix: string): Promise<string[]>;
}
