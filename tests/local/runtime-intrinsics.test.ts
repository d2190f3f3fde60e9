import { describe, expect, it } from 'vitest';
import { TemplateResolver } from '../../local/runtime/intrinsics';
import type { CfnTemplate } from '../../local/runtime/template';

const template: CfnTemplate = {
  Parameters: {
    Stage: { Type: 'String', Default: 'dev', AllowedValues: ['dev', 'prod'] },
    Zones: { Type: 'CommaDelimitedList', Default: 'a, b' },
  },
  Mappings: { Sizes: { dev: { memory: '256' } } },
  Conditions: {
    IsProd: { 'Fn::Equals': [{ Ref: 'Stage' }, 'prod'] },
    IsDev: { 'Fn::Not': [{ Condition: 'IsProd' }] },
  },
  Resources: {
    Table1A2B: { Type: 'AWS::DynamoDB::Table', Properties: {} },
    NamedTable: { Type: 'AWS::DynamoDB::Table', Properties: { TableName: { 'Fn::Sub': '${AWS::StackName}-orders' } } },
    Uploads9F8E: { Type: 'AWS::S3::Bucket' },
    Handler77AA: { Type: 'AWS::Lambda::Function', Properties: {} },
    ProdOnlyQueue: { Type: 'AWS::SQS::Queue', Condition: 'IsProd' },
    HttpApiF5A9: { Type: 'AWS::ApiGatewayV2::Api', Properties: { ProtocolType: 'HTTP' } },
    Workflow5E3B: { Type: 'AWS::StepFunctions::StateMachine', Properties: {} },
    Secret0C1D: { Type: 'AWS::SecretsManager::Secret', Properties: {} },
    Bus4D2C: { Type: 'AWS::Events::EventBus', Properties: { Name: 'kreislauf' } },
    WebDistribution9A1B: { Type: 'AWS::CloudFront::Distribution', Properties: {} },
  },
};

function resolver(parameters?: Record<string, string>): TemplateResolver {
  return new TemplateResolver(template, { stackName: 'Kreislauf_Dev', parameters, apiOrigin: 'http://localhost:4000' });
}

describe('TemplateResolver', () => {
  it('invents stack-prefixed names and ARNs in eu-central-1 / 000000000000', () => {
    const resolve = resolver();

    expect(resolve.resolve({ Ref: 'Table1A2B' })).toBe('Kreislauf_Dev-Table1A2B');
    expect(resolve.resolve({ 'Fn::GetAtt': ['Table1A2B', 'Arn'] })).toBe(
      'arn:aws:dynamodb:eu-central-1:000000000000:table/Kreislauf_Dev-Table1A2B',
    );
    expect(resolve.resolve({ 'Fn::GetAtt': 'Table1A2B.StreamArn' })).toMatch(
      /^arn:aws:dynamodb:eu-central-1:000000000000:table\/Kreislauf_Dev-Table1A2B\/stream\//,
    );
    expect(resolve.resolve({ Ref: 'Handler77AA' })).toBe('Kreislauf_Dev-Handler77AA');
    expect(resolve.resolve({ Ref: 'Workflow5E3B' })).toBe(
      'arn:aws:states:eu-central-1:000000000000:stateMachine:Kreislauf_Dev-Workflow5E3B',
    );
    expect(resolve.resolve({ Ref: 'Secret0C1D' })).toMatch(
      /^arn:aws:secretsmanager:eu-central-1:000000000000:secret:Kreislauf_Dev-Secret0C1D-[A-Za-z0-9]{6}$/,
    );
    expect(resolve.resolve({ 'Fn::GetAtt': ['Bus4D2C', 'Name'] })).toBe('kreislauf');
  });

  it('names buckets in lower case and DNS-safe', () => {
    expect(resolver().resolve({ Ref: 'Uploads9F8E' })).toBe('kreislauf-dev-uploads9f8e');
  });

  it('uses a name property when the template sets one, resolving it first', () => {
    expect(resolver().resolve({ Ref: 'NamedTable' })).toBe('Kreislauf_Dev-orders');
  });

  it('gives the same names on every run', () => {
    expect(resolver().resolve({ Ref: 'Secret0C1D' })).toBe(resolver().resolve({ Ref: 'Secret0C1D' }));
    expect(resolver().resolve({ Ref: 'HttpApiF5A9' })).toBe(resolver().resolve({ Ref: 'HttpApiF5A9' }));
  });

  it('resolves pseudo parameters', () => {
    expect(
      resolver().resolve({
        'Fn::Join': [
          '|',
          [{ Ref: 'AWS::Region' }, { Ref: 'AWS::AccountId' }, { Ref: 'AWS::Partition' }, { Ref: 'AWS::URLSuffix' }, { Ref: 'AWS::StackName' }],
        ],
      }),
    ).toBe('eu-central-1|000000000000|aws|amazonaws.com|Kreislauf_Dev');
  });

  it('takes region and account from the options', () => {
    const resolve = new TemplateResolver(template, { stackName: 'S', region: 'us-east-1', account: '123456789012' });

    expect(resolve.resolve({ 'Fn::GetAtt': ['Handler77AA', 'Arn'] })).toBe('arn:aws:lambda:us-east-1:123456789012:function:S-Handler77AA');
  });

  it('substitutes names, attributes and variables in Fn::Sub, keeping ${!Literal} literal', () => {
    expect(
      resolver().resolve({
        'Fn::Sub': [
          '${Table1A2B}/${Table1A2B.Arn}/${AWS::Region}/${Extra}/${!Literal}',
          { Extra: { 'Fn::Select': [1, { 'Fn::Split': [',', 'x,y,z'] }] } },
        ],
      }),
    ).toBe(
      'Kreislauf_Dev-Table1A2B/arn:aws:dynamodb:eu-central-1:000000000000:table/Kreislauf_Dev-Table1A2B/eu-central-1/y/${Literal}',
    );
  });

  it('uses parameter defaults, passed values and lists', () => {
    expect(resolver().resolve({ Ref: 'Stage' })).toBe('dev');
    expect(resolver({ Stage: 'prod' }).resolve({ Ref: 'Stage' })).toBe('prod');
    expect(resolver().resolve({ Ref: 'Zones' })).toEqual(['a', 'b']);
    expect(resolver().resolve({ 'Fn::FindInMap': ['Sizes', { Ref: 'Stage' }, 'memory'] })).toBe('256');
  });

  it('refuses a missing required parameter and a value outside AllowedValues', () => {
    const required: CfnTemplate = { Parameters: { Greeting: { Type: 'String' } }, Resources: {} };

    expect(() => new TemplateResolver(required, { stackName: 'S' })).toThrow(/Greeting/);
    expect(() => resolver({ Stage: 'staging' })).toThrow(/dev, prod/);
  });

  it('evaluates conditions in Fn::If and leaves out resources whose condition is false', () => {
    const dev = resolver();
    const prod = resolver({ Stage: 'prod' });

    expect(dev.resolve({ 'Fn::If': ['IsDev', 'small', 'large'] })).toBe('small');
    expect(prod.resolve({ 'Fn::If': ['IsDev', 'small', 'large'] })).toBe('large');
    expect(dev.logicalIds('AWS::SQS::Queue')).toEqual([]);
    expect(prod.logicalIds('AWS::SQS::Queue')).toEqual(['ProdOnlyQueue']);
    expect(() => dev.resolve({ Ref: 'ProdOnlyQueue' })).toThrow(/condition IsProd/);
  });

  it('drops properties and list items that resolve to AWS::NoValue', () => {
    expect(
      resolver().resolve({
        Kept: 1,
        Dropped: { 'Fn::If': ['IsProd', 'x', { Ref: 'AWS::NoValue' }] },
        List: ['a', { Ref: 'AWS::NoValue' }, 'b'],
      }),
    ).toEqual({ Kept: 1, List: ['a', 'b'] });
  });

  it('points the HTTP API endpoint and the URL CDK builds for it at the local origin', () => {
    const resolve = resolver();
    const cdkUrl = {
      'Fn::Join': ['', ['https://', { Ref: 'HttpApiF5A9' }, '.execute-api.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }, '/']],
    };

    expect(resolve.resolve({ 'Fn::GetAtt': ['HttpApiF5A9', 'ApiEndpoint'] })).toBe('http://localhost:4000');
    expect(resolve.resolve(cdkUrl)).toBe('http://localhost:4000/');
  });

  it('points the web app URL CDK builds from the CloudFront distribution at the local origin, which serves the pages too', () => {
    const resolve = resolver();
    const domain = resolve.resolve({ 'Fn::GetAtt': ['WebDistribution9A1B', 'DomainName'] });
    expect(domain).toMatch(/^d[a-z0-9]{13}\.cloudfront\.net$/);
    expect(resolve.resolve({ 'Fn::Join': ['', ['https://', { 'Fn::GetAtt': ['WebDistribution9A1B', 'DomainName'] }]] })).toBe('http://localhost:4000');
    // Another distribution's address is left as it is.
    expect(resolve.resolve({ 'Fn::Join': ['', ['https://', 'd111111abcdef8.cloudfront.net']] })).toBe('https://d111111abcdef8.cloudfront.net');
  });

  it('points queue URLs at the local AWS endpoint, with the ARN and name as attributes', () => {
    const queues: CfnTemplate = {
      Resources: {
        Jobs1A2B: { Type: 'AWS::SQS::Queue', Properties: {} },
        Sync3C4D: { Type: 'AWS::SQS::Queue', Properties: { FifoQueue: true } },
      },
    };
    const resolve = new TemplateResolver(queues, { stackName: 'Kreislauf', awsEndpoint: 'http://127.0.0.1:4566' });

    expect(resolve.resolve({ Ref: 'Jobs1A2B' })).toBe('http://127.0.0.1:4566/000000000000/Kreislauf-Jobs1A2B');
    expect(resolve.resolve({ 'Fn::GetAtt': ['Jobs1A2B', 'Arn'] })).toBe('arn:aws:sqs:eu-central-1:000000000000:Kreislauf-Jobs1A2B');
    expect(resolve.resolve({ 'Fn::GetAtt': ['Jobs1A2B', 'QueueName'] })).toBe('Kreislauf-Jobs1A2B');
    expect(resolve.resolve({ 'Fn::GetAtt': ['Sync3C4D', 'QueueName'] })).toBe('Kreislauf-Sync3C4D.fifo');
  });

  it('refuses Fn::ImportValue, unknown attributes and unknown resources with a message naming them', () => {
    const resolve = resolver();

    expect(() => resolve.resolve({ 'Fn::ImportValue': 'SharedVpcId' })).toThrow(/ImportValue.*SharedVpcId/);
    expect(() => resolve.resolve({ 'Fn::GetAtt': ['Table1A2B', 'Colour'] })).toThrow(/Colour/);
    expect(() => resolve.resolve({ Ref: 'Nowhere' })).toThrow(/Nowhere/);
  });
});
