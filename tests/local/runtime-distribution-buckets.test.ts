import { mkdtemp, rm } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CreateBucketCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { ResponseHeadersPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bucketBehaviors, serveDistributionBuckets } from '../../local/runtime/distribution-buckets';
import type { CfnTemplate } from '../../local/runtime/template';
import { startS3Server, type S3Server } from '../../local/services/s3-server';

const BUCKET = 'data';

/** A distribution as the photo CDN's: `/photos/*` from the bucket, with the given response headers policy. */
function templateWith(policy: Record<string, unknown>): CfnTemplate {
  return {
    Resources: {
      Data: { Type: 'AWS::S3::Bucket' },
      Photos: {
        Type: 'AWS::CloudFront::Distribution',
        Properties: {
          DistributionConfig: {
            Origins: [{ Id: 'bucket', DomainName: { 'Fn::GetAtt': ['Data', 'RegionalDomainName'] } }],
            CacheBehaviors: [{ PathPattern: '/photos/*', TargetOriginId: 'bucket', ...policy }],
          },
        },
      },
    },
  } as CfnTemplate;
}

describe('the local distribution in front of a bucket (the grading photos)', () => {
  let directory: string;
  let s3Server: S3Server;
  let s3: S3Client;
  let origin: Server;
  let url: string;

  beforeAll(async () => {
    directory = await mkdtemp(join(tmpdir(), 'kreislauf-cdn-'));
    s3Server = await startS3Server({ directory });
    s3 = new S3Client({ endpoint: s3Server.endpoint, region: 'eu-central-1', forcePathStyle: true, credentials: { accessKeyId: 'local', secretAccessKey: 'local' } });
    await s3.send(new CreateBucketCommand({ Bucket: BUCKET }));
    const serve = serveDistributionBuckets(templateWith({ ResponseHeadersPolicyId: ResponseHeadersPolicy.SECURITY_HEADERS.responseHeadersPolicyId }), { bucketName: () => BUCKET, s3 });
    origin = createServer((request, response) => {
      void Promise.resolve(serve(request, response)).then((served) => (served ? undefined : response.writeHead(418).end()));
    });
    await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(origin.address() as AddressInfo).port}`;
  });

  afterAll(async () => {
    await new Promise<void>((resolve) => origin.close(() => resolve()));
    await s3Server.stop();
    await rm(directory, { recursive: true, force: true });
  });

  it('sends an upload whose bytes look like a page as the type it was stored with, and nosniff, whatever the request asks for', async () => {
    const page = '<!doctype html><html><script>alert(document.domain)</script></html>';
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'photos/demo/P1/photo.jpg', Body: page, ContentType: 'image/jpeg' }));

    for (const path of ['/photos/demo/P1/photo.jpg', '/photos/demo/P1/photo.jpg?response-content-type=text/html']) {
      const answer = await fetch(`${url}${path}`, { headers: { accept: 'text/html' } });
      expect(answer.status).toBe(200);
      expect(answer.headers.get('content-type')).toBe('image/jpeg');
      expect(answer.headers.get('x-content-type-options')).toBe('nosniff');
      expect(await answer.text()).toBe(page);
    }
    const head = await fetch(`${url}/photos/demo/P1/photo.jpg`, { method: 'HEAD' });
    expect(head.headers.get('content-type')).toBe('image/jpeg');
    expect(head.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it("adds the rest of the SecurityHeadersPolicy's headers, also to the bucket's own refusal", async () => {
    await s3.send(new PutObjectCommand({ Bucket: BUCKET, Key: 'photos/demo/P2/photo.png', Body: 'png', ContentType: 'image/png' }));
    const answer = await fetch(`${url}/photos/demo/P2/photo.png`);
    expect(Object.fromEntries(['referrer-policy', 'strict-transport-security', 'x-frame-options', 'x-xss-protection'].map((name) => [name, answer.headers.get(name)]))).toEqual({
      'referrer-policy': 'strict-origin-when-cross-origin',
      'strict-transport-security': 'max-age=31536000',
      'x-frame-options': 'SAMEORIGIN',
      'x-xss-protection': '1; mode=block',
    });
    const missing = await fetch(`${url}/photos/demo/P2/none.png`);
    expect(missing.status).toBe(404);
    expect(missing.headers.get('x-content-type-options')).toBe('nosniff');
  });

  it('adds nothing for a behaviour without a response headers policy, and stops at one it does not know', () => {
    expect(bucketBehaviors(templateWith({}), () => BUCKET)).toEqual([expect.objectContaining({ responseHeaders: {} })]);
    expect(() => bucketBehaviors(templateWith({ ResponseHeadersPolicyId: { Ref: 'CustomPolicy' } }), () => BUCKET)).toThrow(/does not know the response headers policy/);
  });
});
