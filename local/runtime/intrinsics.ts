import { describePhysicalResource, distributionDomain, httpApiId, type PhysicalResource } from './physical-names';
import { isRecord, ResourceType, type CfnTemplate } from './template';

/** Where the template is "deployed": the values of its pseudo parameters and parameters. */
export interface ResolverOptions {
  stackName: string;
  region?: string;
  account?: string;
  /** Template parameter values; a parameter not given takes its `Default`. */
  parameters?: Record<string, string>;
  /** The local HTTP origin (`http://localhost:PORT`) the template's HTTP API resolves to. */
  apiOrigin?: string;
  /** The local AWS endpoint (`http://127.0.0.1:PORT`) the template's queue URLs point at. */
  awsEndpoint?: string;
}

/** `AWS::NoValue`: removes the property or list element that resolves to it. */
const NO_VALUE = Symbol('AWS::NoValue');

const DEFAULT_REGION = 'eu-central-1';
const DEFAULT_ACCOUNT = '000000000000';

function parameterValue(type: string, raw: string): string | string[] {
  return type.startsWith('List<') || type === 'CommaDelimitedList' ? raw.split(',').map((part) => part.trim()) : raw;
}

function expectArray(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${what} expects a list, got ${JSON.stringify(value)}`);
  return value;
}

function asText(value: unknown, what: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  throw new Error(`${what} expects a string, got ${JSON.stringify(value)}`);
}

/**
 * Resolves CloudFormation intrinsic functions against locally invented physical names.
 * Everything is resolved on demand, so an unsupported construct in a resource the local cloud
 * ignores never gets in the way.
 *
 * @example
 * const resolver = new TemplateResolver(template, { stackName: 'Kreislauf', parameters: { Stage: 'local' } });
 * const tableName = resolver.resolve({ Ref: 'DataTable1234ABCD' });
 */
export class TemplateResolver {
  readonly stackName: string;
  readonly region: string;
  readonly account: string;
  private readonly parameters = new Map<string, string | string[]>();
  private readonly physical = new Map<string, PhysicalResource>();
  private readonly naming = new Set<string>();
  private readonly conditions = new Map<string, boolean>();
  private readonly apiHostRewrites: [string, string][] = [];
  private readonly apiOrigin: string | undefined;
  private readonly awsEndpoint: string | undefined;

  constructor(
    private readonly template: CfnTemplate,
    options: ResolverOptions,
  ) {
    this.stackName = options.stackName;
    this.region = options.region ?? DEFAULT_REGION;
    this.account = options.account ?? DEFAULT_ACCOUNT;
    this.apiOrigin = options.apiOrigin;
    this.awsEndpoint = options.awsEndpoint;
    const missing: string[] = [];
    for (const [name, parameter] of Object.entries(template.Parameters ?? {})) {
      const raw = options.parameters?.[name] ?? (parameter.Default === undefined ? undefined : String(parameter.Default));
      if (raw === undefined) {
        missing.push(name);
        continue;
      }
      if (parameter.AllowedValues && !parameter.AllowedValues.includes(raw)) {
        throw new Error(`parameter ${name} must be one of ${parameter.AllowedValues.join(', ')}, got ${raw}`);
      }
      this.parameters.set(name, parameterValue(parameter.Type, raw));
    }
    if (missing.length > 0) {
      throw new Error(`the template needs values for the parameters ${missing.join(', ')} (pass them in parameters)`);
    }
    if (options.apiOrigin) {
      for (const logicalId of this.logicalIds(ResourceType.httpApi)) {
        const apiId = httpApiId(this.stackName, logicalId);
        this.apiHostRewrites.push([`https://${apiId}.execute-api.${this.region}.amazonaws.com`, options.apiOrigin]);
      }
      // The local cloud serves the web app on the API's origin, as CloudFront serves both in AWS.
      for (const logicalId of this.logicalIds('AWS::CloudFront::Distribution')) {
        this.apiHostRewrites.push([`https://${distributionDomain(this.stackName, logicalId)}`, options.apiOrigin]);
      }
    }
  }

  /** The logical ids of the resources that exist (their `Condition`, if any, holds), optionally of one type. */
  logicalIds(type?: string): string[] {
    return Object.entries(this.template.Resources)
      .filter(([, resource]) => (type === undefined || resource.Type === type) && this.exists(resource.Condition))
      .map(([logicalId]) => logicalId);
  }

  /** A resource's properties, resolved. */
  properties(logicalId: string): Record<string, unknown> {
    const resolved = this.resolve(this.template.Resources[logicalId]?.Properties ?? {});
    return isRecord(resolved) ? resolved : {};
  }

  /** The invented physical name, ARN and attributes of one resource. */
  resource(logicalId: string): PhysicalResource {
    const known = this.physical.get(logicalId);
    if (known) return known;
    const resource = this.template.Resources[logicalId];
    if (!resource) throw new Error(`the template has no resource ${logicalId}`);
    if (!this.exists(resource.Condition)) throw new Error(`${logicalId} is not created: its condition ${resource.Condition} is false`);
    if (this.naming.has(logicalId)) throw new Error(`circular reference while naming ${logicalId}`);
    this.naming.add(logicalId);
    try {
      const described = describePhysicalResource(logicalId, resource.Type, {
        stackName: this.stackName,
        region: this.region,
        account: this.account,
        apiOrigin: this.apiOrigin,
        awsEndpoint: this.awsEndpoint,
        property: (name) => this.resolve(resource.Properties?.[name]),
      });
      this.physical.set(logicalId, described);
      return described;
    } finally {
      this.naming.delete(logicalId);
    }
  }

  /** Whether a named condition of the template holds. */
  conditionHolds(name: string): boolean {
    const known = this.conditions.get(name);
    if (known !== undefined) return known;
    const definition = this.template.Conditions?.[name];
    if (definition === undefined) throw new Error(`the template has no condition ${name}`);
    const holds = this.evaluateCondition(definition);
    this.conditions.set(name, holds);
    return holds;
  }

  /** Resolves every intrinsic function in a template value; `AWS::NoValue` comes back as `undefined`. */
  resolve(value: unknown): unknown {
    const resolved = this.resolveValue(value);
    return resolved === NO_VALUE ? undefined : resolved;
  }

  private exists(condition: string | undefined): boolean {
    return condition === undefined || this.conditionHolds(condition);
  }

  private resolveValue(value: unknown): unknown {
    if (Array.isArray(value)) return value.map((item) => this.resolveValue(item)).filter((item) => item !== NO_VALUE);
    if (!isRecord(value)) return value;
    const keys = Object.keys(value);
    const [key] = keys;
    if (keys.length === 1 && key !== undefined && (key === 'Ref' || key.startsWith('Fn::'))) {
      return this.intrinsic(key, value[key]);
    }
    const result: Record<string, unknown> = {};
    for (const [name, item] of Object.entries(value)) {
      const resolved = this.resolveValue(item);
      if (resolved !== NO_VALUE) result[name] = resolved;
    }
    return result;
  }

  private intrinsic(name: string, argument: unknown): unknown {
    switch (name) {
      case 'Ref':
        return this.ref(asText(this.resolveValue(argument), 'Ref'));
      case 'Fn::GetAtt': {
        const [logicalId = '', ...path] =
          typeof argument === 'string'
            ? argument.split('.')
            : expectArray(this.resolveValue(argument), 'Fn::GetAtt').map((part) => asText(part, 'Fn::GetAtt'));
        return this.getAtt(logicalId, path.join('.'));
      }
      case 'Fn::Join': {
        const [delimiter, list] = expectArray(argument, 'Fn::Join');
        const parts = expectArray(this.resolveValue(list), 'Fn::Join');
        return this.localizeApiUrls(parts.map((part) => asText(part, 'Fn::Join')).join(asText(delimiter, 'Fn::Join')));
      }
      case 'Fn::Sub':
        return this.localizeApiUrls(this.substitute(argument));
      case 'Fn::Select': {
        const [index, list] = expectArray(argument, 'Fn::Select');
        const items = expectArray(this.resolveValue(list), 'Fn::Select');
        const position = Number(this.resolveValue(index));
        if (!Number.isInteger(position) || position < 0 || position >= items.length) {
          throw new Error(`Fn::Select index ${String(index)} is outside a list of ${items.length}`);
        }
        return items[position];
      }
      case 'Fn::Split': {
        const [delimiter, source] = expectArray(argument, 'Fn::Split');
        return asText(this.resolveValue(source), 'Fn::Split').split(asText(delimiter, 'Fn::Split'));
      }
      case 'Fn::If': {
        const [condition, whenTrue, whenFalse] = expectArray(argument, 'Fn::If');
        return this.resolveValue(this.conditionHolds(asText(condition, 'Fn::If')) ? whenTrue : whenFalse);
      }
      case 'Fn::FindInMap': {
        const [map, topKey, secondKey] = expectArray(this.resolveValue(argument), 'Fn::FindInMap').map((part) =>
          asText(part, 'Fn::FindInMap'),
        );
        const found = this.template.Mappings?.[map ?? '']?.[topKey ?? '']?.[secondKey ?? ''];
        if (found === undefined) throw new Error(`Fn::FindInMap found nothing at ${map}.${topKey}.${secondKey}`);
        return found;
      }
      case 'Fn::Base64':
        return Buffer.from(asText(this.resolveValue(argument), 'Fn::Base64')).toString('base64');
      case 'Fn::GetAZs':
        return ['a', 'b', 'c'].map((zone) => `${this.region}${zone}`);
      case 'Fn::ImportValue':
        throw new Error(
          `Fn::ImportValue ${JSON.stringify(argument)}: the local cloud runs one stack and cannot import another stack's exports`,
        );
      default:
        throw new Error(`the local cloud does not support the intrinsic function ${name}`);
    }
  }

  private ref(name: string): unknown {
    switch (name) {
      case 'AWS::Region':
        return this.region;
      case 'AWS::AccountId':
        return this.account;
      case 'AWS::Partition':
        return 'aws';
      case 'AWS::URLSuffix':
        return 'amazonaws.com';
      case 'AWS::StackName':
        return this.stackName;
      case 'AWS::StackId':
        return `arn:aws:cloudformation:${this.region}:${this.account}:stack/${this.stackName}/00000000-0000-4000-8000-000000000000`;
      case 'AWS::NotificationARNs':
        return [];
      case 'AWS::NoValue':
        return NO_VALUE;
    }
    const parameter = this.parameters.get(name);
    if (parameter !== undefined) return parameter;
    return this.resource(name).physicalId;
  }

  private getAtt(logicalId: string, attribute: string): string {
    const resource = this.resource(logicalId);
    const value = resource.attributes[attribute];
    if (value === undefined) {
      throw new Error(`Fn::GetAtt ${logicalId}.${attribute}: the local cloud knows no attribute ${attribute} of ${resource.type}`);
    }
    return value;
  }

  private substitute(argument: unknown): string {
    const [template, variables] = typeof argument === 'string' ? [argument, {}] : expectArray(argument, 'Fn::Sub');
    const values = this.resolveValue(variables ?? {});
    if (!isRecord(values)) throw new Error('Fn::Sub variables must be a map');
    return asText(template, 'Fn::Sub').replace(/\$\{([^}]*)\}/g, (_match, expression: string) => {
      if (expression.startsWith('!')) return `\${${expression.slice(1)}}`;
      if (expression in values) return asText(values[expression], `Fn::Sub \${${expression}}`);
      const dot = expression.indexOf('.');
      const value = dot > 0 ? this.getAtt(expression.slice(0, dot), expression.slice(dot + 1)) : this.ref(expression);
      return asText(value, `Fn::Sub \${${expression}}`);
    });
  }

  /** CDK builds an HTTP API's URL from its id and region (a distribution's from its domain); locally that host is the local origin. */
  private localizeApiUrls(text: string): string {
    return this.apiHostRewrites.reduce((result, [from, to]) => result.split(from).join(to), text);
  }

  private evaluateCondition(definition: unknown): boolean {
    if (!isRecord(definition)) throw new Error(`a condition must be a condition function, got ${JSON.stringify(definition)}`);
    const [name, argument] = Object.entries(definition)[0] ?? [];
    switch (name) {
      case 'Fn::Equals': {
        const [left, right] = expectArray(argument, 'Fn::Equals').map((side) => this.resolve(side));
        return JSON.stringify(left) === JSON.stringify(right);
      }
      case 'Fn::And':
        return expectArray(argument, 'Fn::And').every((part) => this.evaluateCondition(part));
      case 'Fn::Or':
        return expectArray(argument, 'Fn::Or').some((part) => this.evaluateCondition(part));
      case 'Fn::Not':
        return !this.evaluateCondition(expectArray(argument, 'Fn::Not')[0]);
      case 'Condition':
        return this.conditionHolds(asText(argument, 'Condition'));
      default:
        throw new Error(`the local cloud does not support the condition function ${String(name)}`);
    }
  }
}
