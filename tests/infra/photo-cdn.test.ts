import { runInNewContext } from 'node:vm';
import { ResponseHeadersPolicy } from 'aws-cdk-lib/aws-cloudfront';
import { beforeAll, describe, expect, it } from 'vitest';
import { photoGateCode } from '../../infra/constructs/photo-cdn';
import { customerPhotoKey, photoKey } from '../../shared/domain/photos';
import { SynthesizedStack } from '../support/stack-template';

const PASSPORT = '01JD3V6Q8Z5W4X2Y1T0S9R8P7N';
const PHOTO = '01JD3V6Q8Z5W4X2Y1T0S9R8P7M';

describe('the grading photos in the stack', () => {
  let synthesized: SynthesizedStack;
  let distributionId: string;
  let dataBucketId: string;

  beforeAll(() => {
    synthesized = new SynthesizedStack();
    distributionId = synthesized.logicalIdOf('AWS::CloudFront::Distribution', 'PhotosDistribution');
    dataBucketId = synthesized.logicalIdOf('AWS::S3::Bucket', 'DataBucket');
  });

  it('serves them from the private data bucket through a distribution of their own, every path through the gate first', () => {
    const config = synthesized.resources[distributionId]!.Properties.DistributionConfig;
    const origins = config.Origins as { Id: string; DomainName: unknown; OriginAccessControlId?: unknown }[];
    expect(origins).toHaveLength(1);
    expect(origins[0]!.DomainName).toEqual({ 'Fn::GetAtt': [dataBucketId, 'RegionalDomainName'] });
    expect(origins[0]!.OriginAccessControlId).toBeDefined();
    const gate = { EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [expect.stringMatching(/^PhotosGate/), 'FunctionARN'] } };
    for (const behaviour of [config.DefaultCacheBehavior, ...config.CacheBehaviors]) {
      expect(behaviour).toMatchObject({ TargetOriginId: origins[0]!.Id, ViewerProtocolPolicy: 'redirect-to-https', FunctionAssociations: [gate] });
      // Sent with nosniff among them, so an upload whose bytes look like a page is never run as one (the local cloud adds the same).
      expect(behaviour.ResponseHeadersPolicyId).toBe(ResponseHeadersPolicy.SECURITY_HEADERS.responseHeadersPolicyId);
      // CloudFront's default when none are named: nothing can be written through it.
      expect(behaviour.AllowedMethods ?? ['GET', 'HEAD']).toEqual(['GET', 'HEAD']);
    }
    expect(config.CacheBehaviors.map((behaviour: { PathPattern: string }) => behaviour.PathPattern)).toEqual(['/photos/*']);
    const bucket = synthesized.resources[dataBucketId]!.Properties;
    expect(bucket.PublicAccessBlockConfiguration).toMatchObject({ BlockPublicPolicy: true, RestrictPublicBuckets: true });
  });

  it('lets the bucket give CloudFront, for this distribution, the grading photos and nothing else', () => {
    const [, policy] = synthesized.ofType('AWS::S3::BucketPolicy').find(([, resource]) => resource.Properties.Bucket?.Ref === dataBucketId)!;
    const statements = policy.Properties.PolicyDocument.Statement as Record<string, unknown>[];
    const cloudFront = statements.filter((statement) => JSON.stringify(statement.Principal) === JSON.stringify({ Service: 'cloudfront.amazonaws.com' }));
    const objects = (pattern: string) => ({ 'Fn::Join': ['', [{ 'Fn::GetAtt': [dataBucketId, 'Arn'] }, pattern]] });

    expect(cloudFront).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          Effect: 'Allow',
          Action: 's3:GetObject',
          Condition: { StringEquals: { 'AWS:SourceArn': expect.objectContaining({ 'Fn::Join': ['', expect.arrayContaining([{ Ref: distributionId }])] }) } },
        }),
        expect.objectContaining({ Effect: 'Deny', Action: 's3:GetObject', NotResource: objects('/photos/*') }),
        expect.objectContaining({ Effect: 'Deny', Action: 's3:GetObject', Resource: objects('/photos/*/*/customer/*') }),
      ]),
    );
    expect(cloudFront).toHaveLength(3);
  });

  it("gives the functions that hand out and take grading photo addresses the distribution's origin, and the customer's none", () => {
    for (const fragment of ['ReceiptAndGradingRequestPhotoUpload', 'ReceiptAndGradingGradeItem', 'ReceiptAndGradingRejectParcel']) {
      const id = synthesized.logicalIdOf('AWS::Lambda::Function', fragment);
      expect(synthesized.resources[id]!.Properties.Environment.Variables.PHOTO_BASE_URL, fragment).toEqual({
        'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]],
      });
    }
    const customer = synthesized.logicalIdOf('AWS::Lambda::Function', 'RequestCustomerPhotoUpload');
    expect(synthesized.resources[customer]!.Properties.Environment.Variables.PHOTO_BASE_URL).toBeUndefined();
  });
});

describe('the photo gate (CloudFront Function)', () => {
  const answer = (uri: string) => runInNewContext(`${photoGateCode()}\nhandler(event)`, { event: { request: { uri } } });

  it('passes the path of a grading photo of any brand, as it is', () => {
    for (const type of ['image/jpeg', 'image/png', 'image/webp'] as const) {
      const uri = `/${photoKey('demo', PASSPORT, PHOTO, type)}`;
      expect(answer(uri)).toEqual({ uri });
    }
    expect(answer(`/${photoKey('outdoor-co-2', PASSPORT, PHOTO, 'image/png')}`)).toMatchObject({ uri: expect.any(String) });
  });

  it("answers 404 to a customer's photo and to every other object or path of the bucket", () => {
    for (const uri of [
      `/${customerPhotoKey('demo', PASSPORT, PHOTO, 'image/jpeg')}`,
      `/labels/demo/${PASSPORT}/label.pdf`,
      '/payout-exports/demo/01JD3V6Q8Z5W4X2Y1T0S9R8P7N.xml',
      `/photos/demo/${PASSPORT}/${PHOTO}.gif`,
      `/photos/demo/${PASSPORT}/${PHOTO.toLowerCase()}.jpg`,
      `/photos/demo/${PASSPORT}/../../labels/${PHOTO}.jpg`,
      `/photos/demo/${PASSPORT}/${PHOTO}.jpg/extra`,
      `/photos/Demo/${PASSPORT}/${PHOTO}.jpg`,
      '/photos/',
      '/',
    ]) {
      expect(answer(uri), uri).toEqual({ statusCode: 404, statusDescription: 'Not Found' });
    }
  });
});
