import { Match } from 'aws-cdk-lib/assertions';
import { beforeAll, describe, expect, it } from 'vitest';
import { SynthesizedStack } from '../support/stack-template';

describe("the staff console's sign-in in the stack", () => {
  let synthesized: SynthesizedStack;

  beforeAll(() => {
    synthesized = new SynthesizedStack();
  });

  it('lets the console sign in through the Hosted UI with the code flow only, as a public client, back to /staff/ or /dashboard/ on the distribution', () => {
    const [, client] = synthesized.ofType('AWS::Cognito::UserPoolClient').find(([id]) => id.includes('ConsoleClient'))!;
    const [distributionId] = synthesized.ofType('AWS::CloudFront::Distribution')[0]!;
    const pages = ['/staff/', '/dashboard/'].map((page) => ({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }, page]] }));

    expect(client.Properties).toMatchObject({
      GenerateSecret: false,
      AllowedOAuthFlowsUserPoolClient: true,
      AllowedOAuthFlows: ['code'],
      AllowedOAuthScopes: expect.arrayContaining(['openid']),
      CallbackURLs: pages,
      LogoutURLs: pages,
    });
    expect(client.Properties.AllowedOAuthFlows).not.toContain('implicit');
  });

  it("lets only the web app's origin PUT to the data bucket's presigned addresses (the console's grading photos)", () => {
    const [, bucket] = synthesized.ofType('AWS::S3::Bucket').find(([id]) => id.startsWith('DataBucket'))!;
    const [distributionId] = synthesized.ofType('AWS::CloudFront::Distribution')[0]!;

    expect(bucket.Properties.CorsConfiguration.CorsRules).toEqual([
      {
        AllowedMethods: ['PUT'],
        AllowedOrigins: [{ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': [distributionId, 'DomainName'] }]] }],
        AllowedHeaders: ['content-type'],
        MaxAge: 600,
      },
    ]);
  });

  it('gives the staff user pool a Hosted UI domain', () => {
    synthesized.template.hasResourceProperties('AWS::Cognito::UserPoolDomain', { Domain: Match.anyValue(), UserPoolId: Match.anyValue() });
  });
});
