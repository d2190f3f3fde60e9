import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { runInNewContext } from 'node:vm';
import { Match, type Template } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { pageRouterCode } from '../../infra/constructs/web';
import { buildWeb, WEB_DIST } from '../../infra/web-build';
import { SynthesizedStack } from '../support/stack-template';

describe('the web app in the stack', () => {
  let synthesized: SynthesizedStack;
  let template: Template;

  beforeAll(() => {
    synthesized = new SynthesizedStack();
    ({ template } = synthesized);
  });

  it('serves the pages from a private, encrypted bucket through CloudFront with origin access control', () => {
    // The web app's, and the grading photos' (tests/infra/photo-cdn.test.ts).
    template.resourceCountIs('AWS::CloudFront::Distribution', 2);
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 2);
    template.hasResourceProperties('AWS::CloudFront::OriginAccessControl', {
      OriginAccessControlConfig: Match.objectLike({ OriginAccessControlOriginType: 's3', SigningBehavior: 'always' }),
    });
    const [bucketId] = synthesized.ofType('AWS::S3::Bucket').find(([id]) => id.startsWith('WebBucket'))!;
    expect(synthesized.resources[bucketId]!.Properties).toMatchObject({
      PublicAccessBlockConfiguration: { BlockPublicAcls: true, BlockPublicPolicy: true, IgnorePublicAcls: true, RestrictPublicBuckets: true },
      BucketEncryption: { ServerSideEncryptionConfiguration: [{ ServerSideEncryptionByDefault: { SSEAlgorithm: 'AES256' } }] },
    });
    // Only CloudFront reads it, and only for this distribution.
    template.hasResourceProperties('AWS::S3::BucketPolicy', {
      Bucket: { Ref: bucketId },
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudfront.amazonaws.com' },
            Action: 's3:GetObject',
            Condition: { StringEquals: { 'AWS:SourceArn': Match.anyValue() } },
          }),
        ]),
      },
    });
  });

  it('routes /v1/* to the HTTP API with every method and header, uncached, and everything else to the bucket over HTTPS', () => {
    const [, distribution] = synthesized.ofType('AWS::CloudFront::Distribution').find(([id]) => id.startsWith('WebDistribution'))!;
    const config = distribution.Properties.DistributionConfig;
    const apiBehaviour = config.CacheBehaviors.find((behaviour: { PathPattern: string }) => behaviour.PathPattern === '/v1/*');
    expect(config.CacheBehaviors).toHaveLength(1);
    expect(apiBehaviour).toMatchObject({
      AllowedMethods: ['GET', 'HEAD', 'OPTIONS', 'PUT', 'PATCH', 'POST', 'DELETE'],
      CachePolicyId: { Ref: expect.stringMatching(/^WebApiCachePolicy/) },
      // CloudFront's managed AllViewerExceptHostHeader policy.
      OriginRequestPolicyId: 'b689b0a8-53d0-40ab-baf2-68738e2966ac',
      ViewerProtocolPolicy: 'https-only',
    });
    // Staff calls carry Authorization on GET too: CloudFront passes it on only as part of the cache key.
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        DefaultTTL: 0,
        MinTTL: 0,
        MaxTTL: 1,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
          HeadersConfig: { HeaderBehavior: 'whitelist', Headers: ['Authorization'] },
          QueryStringsConfig: { QueryStringBehavior: 'all' },
        }),
      }),
    });
    const apiOrigin = config.Origins.find((origin: { Id: string }) => origin.Id === apiBehaviour.TargetOriginId);
    expect(JSON.stringify(apiOrigin.DomainName)).toContain('HttpApi');
    expect(apiOrigin.CustomOriginConfig).toMatchObject({ OriginProtocolPolicy: 'https-only' });
    expect(config.DefaultCacheBehavior).toMatchObject({
      ViewerProtocolPolicy: 'redirect-to-https',
      FunctionAssociations: [{ EventType: 'viewer-request', FunctionARN: { 'Fn::GetAtt': [expect.stringMatching(/^WebPageRouter/), 'FunctionARN'] } }],
    });
  });

  it('deploys the built web app: hashed assets cached for good, the pages revalidated and invalidated on deploy', () => {
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      DestinationBucketKeyPrefix: 'assets/',
      SystemMetadata: { 'cache-control': 'public, max-age=31536000, immutable' },
    });
    template.hasResourceProperties('Custom::CDKBucketDeployment', {
      SystemMetadata: { 'cache-control': 'no-cache' },
      DistributionPaths: ['/customer.html', '/staff.html', '/dashboard.html', '/staff-sign-in.json'],
    });
  });

  it('links the e-mails to the web app: the label and e-mail functions know its origin', () => {
    for (const fragment of ['TakeBackWorkflowCreateLabel', 'TakeBackWorkflowSendLabelEmail', 'CustomerMessagesSendCustomerEmail']) {
      const id = synthesized.logicalIdOf('AWS::Lambda::Function', fragment);
      expect(synthesized.resources[id]!.Properties.Environment.Variables.WEB_BASE_URL, id).toEqual({
        'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [expect.stringMatching(/^WebDistribution/), 'DomainName'] }]],
      });
    }
  });
});

describe('the web build', () => {
  it('is not built again from an unchanged tree (the synthesis of this run built it)', async () => {
    const build = await buildWeb();
    expect(build.rebuilt).toBe(false);
    expect(readFileSync(join(WEB_DIST, '.kreislauf-web.sha256'), 'utf8')).toBe(build.key);
    for (const page of ['customer.html', 'staff.html', 'dashboard.html']) expect(readFileSync(join(WEB_DIST, page), 'utf8')).toContain('<script type="module"');
  });
});

describe('the page router (CloudFront Function)', () => {
  const route = (uri: string) => runInNewContext(`${pageRouterCode()}\nhandler(event)`, { event: { request: { uri } } });

  it('answers each page path with its page, leaves files as they are, and sends / to the demo trade-in form', () => {
    expect(route('/trade-in/demo').uri).toBe('/customer.html');
    expect(route('/track/01JQ3W8Z6E5R2T7Y9U1I4O6P8A').uri).toBe('/customer.html');
    expect(route('/staff').uri).toBe('/staff.html');
    expect(route('/staff/queues/RECEIVED').uri).toBe('/staff.html');
    expect(route('/dashboard/').uri).toBe('/dashboard.html');
    expect(route('/staffroom').uri).toBe('/staffroom');
    expect(route('/assets/customer-abc123.js').uri).toBe('/assets/customer-abc123.js');
    expect(route('/')).toEqual({ statusCode: 302, statusDescription: 'Found', headers: { location: { value: '/trade-in/demo' } } });
  });

  it('answers a page path that does not decode with its page too, as the local cloud does: the path is matched as sent', () => {
    for (const uri of ['/trade-in/%', '/trade-in/%E0%A4%A', '/track/%']) expect(route(uri).uri, uri).toBe('/customer.html');
    expect(route('/staff/%').uri).toBe('/staff.html');
    expect(route('/dashboard/%').uri).toBe('/dashboard.html');
  });
});
