import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { openApiDocument } from '../../docs/openapi';

describe('the OpenAPI document', () => {
  it('is up to date with the zod schemas (regenerate with `npm run docs`)', () => {
    const committed = JSON.parse(readFileSync(new URL('../../docs/openapi.json', import.meta.url), 'utf8'));
    expect(committed).toEqual(JSON.parse(JSON.stringify(openApiDocument())));
  });

  it('describes the request body of a take-back with its required fields', () => {
    const document = openApiDocument() as any;
    const body = document.paths['/v1/brands/{brand}/take-backs'].post.requestBody.content['application/json'].schema;
    expect(body.required).toEqual(expect.arrayContaining(['quoteId', 'customer', 'address', 'payout']));
    expect(document.paths['/v1/brands/{brand}/take-backs'].post.parameters).toEqual(
      expect.arrayContaining([expect.objectContaining({ name: 'Idempotency-Key', in: 'header' })]),
    );
  });
});
