/** One sealed value as it is stored, with what the field cipher needs to open it. */
export interface SealedField {
  /** What the value is: the cipher's purpose (`SEALED_FIELD_PURPOSES`). */
  purpose: string;
  /** The record it is bound to: the cipher's context. */
  context: string;
  sealed: string;
  /** Where it is stored: the item's key and the attribute's path in the item. */
  at: { key: Record<string, string>; path: readonly string[] };
}

export interface SealedFieldsPage {
  fields: SealedField[];
  /** Items read for this page, with and without sealed values. */
  scanned: number;
  /** Where the next page starts; absent after the last. */
  cursor?: string;
}

/** Every sealed value of the table, page by page, for sealing them again under a new key. */
export interface SealedFields {
  page(cursor: string | undefined): Promise<SealedFieldsPage>;
  /** Stores `sealed` in the field's place if it still holds the value read; false when it changed meanwhile. */
  replace(field: SealedField, sealed: string): Promise<boolean>;
}
