import { createHash } from 'node:crypto';

/** A message attribute as the SQS JSON protocol carries it (binary values base64-encoded). */
export interface MessageAttributeValue {
  DataType: string;
  StringValue?: string;
  BinaryValue?: string;
}

/** The MD5 of a message body, hex: what the SDK checks `MD5OfMessageBody` against. */
export function md5OfBody(body: string): string {
  return createHash('md5').update(body, 'utf8').digest('hex');
}

function lengthPrefixed(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/**
 * The MD5 of message attributes the way SQS computes `MD5OfMessageAttributes`: attributes sorted
 * by name, each as length-prefixed name, length-prefixed data type, a transport byte (1 string
 * or number, 2 binary) and the length-prefixed value. `undefined` when there are none.
 *
 * @example
 * md5OfMessageAttributes({ channel: { DataType: 'String', StringValue: 'ebay' } });
 */
export function md5OfMessageAttributes(attributes: Record<string, MessageAttributeValue>): string | undefined {
  const names = Object.keys(attributes).sort();
  if (names.length === 0) return undefined;
  const hash = createHash('md5');
  for (const name of names) {
    const attribute = attributes[name]!;
    const binary = attribute.DataType.startsWith('Binary');
    hash.update(lengthPrefixed(Buffer.from(name, 'utf8')));
    hash.update(lengthPrefixed(Buffer.from(attribute.DataType, 'utf8')));
    hash.update(Buffer.from([binary ? 2 : 1]));
    hash.update(
      lengthPrefixed(binary ? Buffer.from(attribute.BinaryValue ?? '', 'base64') : Buffer.from(attribute.StringValue ?? '', 'utf8')),
    );
  }
  return hash.digest('hex');
}
