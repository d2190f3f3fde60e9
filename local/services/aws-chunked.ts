/**
 * The payload of an `aws-chunked` body with unsigned chunks and trailing checksums
 * (`x-amz-content-sha256: STREAMING-UNSIGNED-PAYLOAD-TRAILER`), which the AWS SDK sends for a
 * streamed S3 upload: `<hex size>\r\n<bytes>\r\n` per chunk, a zero-size chunk, then trailer lines.
 *
 * @throws Error when the body is not well-formed.
 * @example
 * decodeAwsChunked(Buffer.from('3\r\nabc\r\n0\r\nx-amz-checksum-crc32:NSRBwg==\r\n\r\n')); // 'abc'
 */
export function decodeAwsChunked(body: Buffer): Buffer {
  const chunks: Buffer[] = [];
  let position = 0;
  for (;;) {
    const lineEnd = body.indexOf('\r\n', position);
    if (lineEnd < 0) throw new Error('aws-chunked body ends inside a chunk header');
    const size = parseInt(body.subarray(position, lineEnd).toString('latin1').split(';')[0]!, 16);
    if (Number.isNaN(size)) throw new Error('aws-chunked body has a chunk header without a size');
    if (size === 0) return Buffer.concat(chunks);
    const start = lineEnd + 2;
    if (start + size + 2 > body.length || body.toString('latin1', start + size, start + size + 2) !== '\r\n') {
      throw new Error('aws-chunked body ends inside a chunk');
    }
    chunks.push(body.subarray(start, start + size));
    position = start + size + 2;
  }
}
