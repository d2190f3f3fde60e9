// The single table's keys (DESIGN.md §5). Every key of the table is built here and nowhere else.

export const passportKey = (id: string) => ({ PK: `P#${id}`, SK: 'META' });
/** Events sort by their sequence number, zero-padded so that string order is numeric order. */
export const eventKey = (id: string, seq: number) => ({ PK: `P#${id}`, SK: `E#${String(seq).padStart(8, '0')}` });
export const EVENT_PREFIX = 'E#';
export const claimKey = (id: string, key: string) => ({ PK: `P#${id}`, SK: `ONCE#${key}` });
export const quoteKey = (quoteId: string) => ({ PK: `Q#${quoteId}`, SK: 'META' });

export const brandPartition = (brand: string) => `B#${brand}`;
export const BRAND_CONFIG_SK = 'CONFIG';
export const productSk = (sku: string) => `PRODUCT#${sku}`;
export const questionSk = (category: string, id: string) => `QUESTION#${category}#${id}`;

/** The brand's work queue of a state (GSI1), newest first by `updatedAt`. */
export const stateQueueKey = (brand: string, state: string, updatedAt: string) => ({
  GSI1PK: `B#${brand}#S#${state}`,
  GSI1SK: updatedAt,
});
