import { createHash } from 'node:crypto';
import { ResourceType } from './template';

/** A template resource as it exists locally: its invented name and ARN. */
export interface PhysicalResource {
  logicalId: string;
  type: string;
  /** CloudFormation's physical resource id: what `Ref` returns (a name, or an ARN for state machines and secrets). */
  physicalId: string;
  /** The resource's name where it has one, else its physical id. */
  name: string;
  arn: string;
  /** The values `Fn::GetAtt` returns, by attribute name. */
  attributes: Record<string, string>;
}

/** What naming one resource needs: where it lives and its own (resolved) name properties. */
export interface NamingContext {
  stackName: string;
  region: string;
  account: string;
  /** The local HTTP origin serving the template's HTTP API. */
  apiOrigin?: string;
  /** The local AWS endpoint, which queue URLs point at. */
  awsEndpoint?: string;
  property(name: string): unknown;
}

function digest(seed: string): Buffer {
  return createHash('sha256').update(seed).digest();
}

function suffix(seed: string, length: number, alphabet: string): string {
  return [...digest(seed).subarray(0, length)].map((byte) => alphabet[byte % alphabet.length]).join('');
}

const LOWER_ALNUM = 'abcdefghijklmnopqrstuvwxyz0123456789';
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** Keeps names within a service's length limit, keeping them unique with a hash of the full name. */
function limited(name: string, max: number): string {
  return name.length <= max ? name : `${name.slice(0, max - 9)}-${suffix(name, 8, LOWER_ALNUM)}`;
}

function dnsSafe(name: string, max: number): string {
  const safe = name
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/-+/g, '-')
    .replace(/^-|-$/g, '');
  return limited(safe, max).replace(/-$/, '');
}

function stringProperty(context: NamingContext, name: string): string | undefined {
  const value = context.property(name);
  return value === undefined ? undefined : String(value);
}

/** The id API Gateway would give an HTTP API, stable for one stack and logical id. */
export function httpApiId(stackName: string, logicalId: string): string {
  return suffix(`${stackName}/${logicalId}`, 10, LOWER_ALNUM);
}

/** The domain CloudFront would give a distribution, stable for one stack and logical id. */
export function distributionDomain(stackName: string, logicalId: string): string {
  return `d${suffix(`${stackName}/${logicalId}`, 13, LOWER_ALNUM)}.cloudfront.net`;
}

/**
 * Invents the physical name and ARN of one template resource, the same way every time for the
 * same stack and logical id, so persisted data keeps matching the template between runs.
 */
export function describePhysicalResource(logicalId: string, type: string, context: NamingContext): PhysicalResource {
  const { stackName, region, account } = context;
  const seed = `${stackName}/${logicalId}`;
  const defaultName = `${stackName}-${logicalId}`;
  const named = (name: string, arn: string, attributes: Record<string, string> = {}): PhysicalResource => ({
    logicalId,
    type,
    physicalId: name,
    name,
    arn,
    attributes: { Arn: arn, ...attributes },
  });

  switch (type) {
    case ResourceType.table: {
      const name = stringProperty(context, 'TableName') ?? limited(defaultName, 255);
      const arn = `arn:aws:dynamodb:${region}:${account}:table/${name}`;
      return named(name, arn, { StreamArn: `${arn}/stream/1970-01-01T00:00:00.000` });
    }
    case ResourceType.bucket: {
      const name = stringProperty(context, 'BucketName') ?? dnsSafe(defaultName, 63);
      return named(name, `arn:aws:s3:::${name}`, {
        DomainName: `${name}.s3.amazonaws.com`,
        RegionalDomainName: `${name}.s3.${region}.amazonaws.com`,
        DualStackDomainName: `${name}.s3.dualstack.${region}.amazonaws.com`,
        WebsiteURL: `http://${name}.s3-website.${region}.amazonaws.com`,
      });
    }
    case ResourceType.function: {
      const name = stringProperty(context, 'FunctionName') ?? limited(defaultName, 64);
      return named(name, `arn:aws:lambda:${region}:${account}:function:${name}`);
    }
    case ResourceType.eventBus: {
      const name = stringProperty(context, 'Name') ?? limited(defaultName, 256);
      return named(name, `arn:aws:events:${region}:${account}:event-bus/${name}`, { Name: name });
    }
    case ResourceType.rule: {
      const name = stringProperty(context, 'Name') ?? limited(defaultName, 64);
      const bus = (stringProperty(context, 'EventBusName') ?? 'default').split('/').pop();
      const path = bus === 'default' ? name : `${bus}/${name}`;
      return named(name, `arn:aws:events:${region}:${account}:rule/${path}`);
    }
    case ResourceType.stateMachine: {
      const name = stringProperty(context, 'StateMachineName') ?? limited(defaultName, 80);
      const arn = `arn:aws:states:${region}:${account}:stateMachine:${name}`;
      return { ...named(name, arn, { Name: name, StateMachineRevisionId: 'INITIAL' }), physicalId: arn };
    }
    case ResourceType.secret: {
      const name = stringProperty(context, 'Name') ?? limited(defaultName, 256);
      const arn = `arn:aws:secretsmanager:${region}:${account}:secret:${name}-${suffix(seed, 6, ALNUM)}`;
      return { ...named(name, arn, { Id: arn }), physicalId: arn };
    }
    case ResourceType.httpApi: {
      const apiId = httpApiId(stackName, logicalId);
      const endpoint = context.apiOrigin ?? `https://${apiId}.execute-api.${region}.amazonaws.com`;
      return named(apiId, `arn:aws:apigateway:${region}::/apis/${apiId}`, { ApiId: apiId, ApiEndpoint: endpoint });
    }
    case ResourceType.stage:
      return named(stringProperty(context, 'StageName') ?? '$default', `arn:aws:apigateway:${region}::/stages/${logicalId}`);
    case ResourceType.eventSourceMapping: {
      const hex = digest(seed).toString('hex');
      const uuid = `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20, 32)}`;
      return named(uuid, `arn:aws:lambda:${region}:${account}:event-source-mapping:${uuid}`, { Id: uuid });
    }
    case ResourceType.queue: {
      const fifo = context.property('FifoQueue') === true || context.property('FifoQueue') === 'true';
      const name = stringProperty(context, 'QueueName') ?? `${limited(defaultName, fifo ? 75 : 80)}${fifo ? '.fifo' : ''}`;
      const url = `${context.awsEndpoint ?? `https://sqs.${region}.amazonaws.com`}/${account}/${name}`;
      return { ...named(name, `arn:aws:sqs:${region}:${account}:${name}`, { QueueName: name, QueueUrl: url }), physicalId: url };
    }
    case ResourceType.authorizer: {
      const id = suffix(seed, 6, LOWER_ALNUM);
      return named(id, `arn:aws:apigateway:${region}::/authorizers/${id}`, { AuthorizerId: id });
    }
    case ResourceType.schedule: {
      const name = stringProperty(context, 'Name') ?? limited(defaultName, 64);
      const group = stringProperty(context, 'GroupName') ?? 'default';
      return named(name, `arn:aws:scheduler:${region}:${account}:schedule/${group}/${name}`);
    }
    case ResourceType.scheduleGroup: {
      const name = stringProperty(context, 'Name') ?? limited(defaultName, 64);
      return named(name, `arn:aws:scheduler:${region}:${account}:schedule-group/${name}`);
    }
    case 'AWS::Cognito::UserPool': {
      const id = `${region}_${suffix(seed, 9, ALNUM)}`;
      return named(id, `arn:aws:cognito-idp:${region}:${account}:userpool/${id}`, {
        UserPoolId: id,
        ProviderName: `cognito-idp.${region}.amazonaws.com/${id}`,
        ProviderURL: `https://cognito-idp.${region}.amazonaws.com/${id}`,
      });
    }
    case 'AWS::Cognito::UserPoolClient': {
      const id = suffix(seed, 26, LOWER_ALNUM);
      return named(id, `arn:aws:cognito-idp:${region}:${account}:userpoolclient/${id}`, {
        ClientId: id,
        Name: stringProperty(context, 'ClientName') ?? logicalId,
      });
    }
    case 'AWS::CloudFront::Distribution': {
      const id = suffix(seed, 14, ALNUM).toUpperCase();
      return named(id, `arn:aws:cloudfront::${account}:distribution/${id}`, { Id: id, DomainName: distributionDomain(stackName, logicalId) });
    }
    case 'AWS::IAM::Role': {
      const name = stringProperty(context, 'RoleName') ?? limited(defaultName, 64);
      return named(name, `arn:aws:iam::${account}:role/${name}`, { RoleId: `AROA${suffix(seed, 17, ALNUM).toUpperCase()}` });
    }
    default: {
      const service = type.split('::')[1]?.toLowerCase() ?? 'unknown';
      const name = limited(defaultName, 64);
      return named(name, `arn:aws:${service}:${region}:${account}:${logicalId.toLowerCase()}/${name}`);
    }
  }
}
