import type { APIGatewayProxyEventV2, APIGatewayProxyStructuredResultV2, Context } from 'aws-lambda';
import { describe, expect, it, vi } from 'vitest';

// The customer's take-back request and photo upload with their services replaced: what is under test is that their
// 201s, which carry a secret (the tracking token; an upload address signed for the take-back), tell every cache on
// the way to keep none of it, as the tracking page, the labels and the vouchers do.
const services = vi.hoisted(() => ({
  takeBack: { request: async () => ({ id: '01M7ZXYPY22CD95WFK5GDM66AR', trackingToken: 'qPQV1vEJ06ZaaeqZDtvT2w', status: 'REQUESTED' }) },
  photos: {
    authenticate: async () => undefined,
    requestUpload: async () => ({ uploadUrl: 'https://bucket.example.org/photos/upload?X-Amz-Signature=abc', url: 'https://bucket.example.org/photos/1.jpg', expiresAt: '2026-12-07T06:00:00.000Z' }),
  },
}));
vi.mock('../../functions/take-back/compose', () => ({ takeBackService: () => services.takeBack }));
vi.mock('../../shared/services/photo-upload-service', () => ({ CustomerPhotoUploadService: class { constructor() { return services.photos; } } }));
vi.stubEnv('TABLE_NAME', 'table');
vi.stubEnv('BUCKET_NAME', 'bucket');

const { handler: requestTakeBack } = await import('../../functions/take-back/request-take-back');
const { handler: requestPhotoUpload } = await import('../../functions/take-back/request-customer-photo-upload');

const context = { functionName: 'test', awsRequestId: 'req-1', getRemainingTimeInMillis: () => 10_000 } as unknown as Context;

function aPost(rawPath: string, pathParameters: Record<string, string>, body: unknown, query: Record<string, string> = {}): APIGatewayProxyEventV2 {
  return {
    version: '2.0',
    routeKey: `POST ${rawPath}`,
    rawPath,
    rawQueryString: new URLSearchParams(query).toString(),
    queryStringParameters: query,
    headers: { 'content-type': 'application/json', host: 'api.example.org', 'x-forwarded-proto': 'https' },
    pathParameters,
    requestContext: { domainName: 'api.example.org', http: { method: 'POST' } } as APIGatewayProxyEventV2['requestContext'],
    body: JSON.stringify(body),
    isBase64Encoded: false,
  };
}

describe('the answers that hand the customer a secret', () => {
  it('answers a take-back, with its tracking token, with cache-control: no-store', async () => {
    const request = {
      quoteId: '01M7ZXYPY22CD95WFK5GDM66AR',
      customer: { name: 'Erika Mustermann', email: 'erika@example.org' },
      address: { street: 'Hauptstraße', houseNumber: '5', postalCode: '10115', city: 'Berlin', country: 'DE' },
      payout: { method: 'VOUCHER' },
    };
    const response = (await requestTakeBack(aPost('/v1/brands/demo/take-backs', { brand: 'demo' }, request), context)) as APIGatewayProxyStructuredResultV2;

    expect(response.statusCode).toBe(201);
    expect(JSON.parse(response.body!)).toMatchObject({ trackingToken: 'qPQV1vEJ06ZaaeqZDtvT2w' });
    expect(response.headers).toMatchObject({ 'cache-control': 'no-store', location: 'https://api.example.org/v1/take-backs/01M7ZXYPY22CD95WFK5GDM66AR' });
  });

  it('answers a customer photo upload, with its signed address, with cache-control: no-store', async () => {
    const event = aPost('/v1/take-backs/01M7ZXYPY22CD95WFK5GDM66AR/photos', { id: '01M7ZXYPY22CD95WFK5GDM66AR' }, { contentType: 'image/jpeg', size: 1000 }, { token: 'qPQV1vEJ06ZaaeqZDtvT2w' });
    const response = (await requestPhotoUpload(event, context)) as APIGatewayProxyStructuredResultV2;

    expect(response.statusCode).toBe(201);
    expect(JSON.parse(response.body!)).toMatchObject({ uploadUrl: expect.stringContaining('X-Amz-Signature') });
    expect(response.headers).toMatchObject({ 'cache-control': 'no-store' });
  });
});
