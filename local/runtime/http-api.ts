import type { ThrottleLimit } from './http-throttle';
import type { TemplateResolver } from './intrinsics';
import { isRecord, ResourceType } from './template';

/** One route of the HTTP API and the Lambda behind it. */
export interface ApiRoute {
  routeKey: string;
  /** The integration's function ARN; `undefined` when the integration is not a Lambda proxy (answered with 500). */
  functionArn: string | undefined;
  payloadFormatVersion: string;
  integrationType: string;
  /** `NONE`, `JWT`, `AWS_IAM` or `CUSTOM`; the local cloud runs JWT authorizers and refuses the others. */
  authorizationType: string;
  authorizerId: string | undefined;
  /** `AuthorizationScopes`: a token needs at least one of them. */
  authorizationScopes: string[];
  /** The stage's `RouteSettings` for this route key, else its `DefaultRouteSettings`; `undefined` when neither throttles. */
  throttle: ThrottleLimit | undefined;
}

/** An `AWS::ApiGatewayV2::Authorizer` of the API, resolved. */
export interface ApiAuthorizer {
  authorizerId: string;
  name: string;
  /** `JWT` or `REQUEST` (a Lambda authorizer). */
  type: string;
  /** Where the token is, e.g. `$request.header.Authorization`. */
  identitySource: string[];
  /** `JwtConfiguration.Issuer`. */
  issuer: string | undefined;
  /** `JwtConfiguration.Audience`. */
  audience: string[];
}

/** The API's CORS configuration (`CorsConfiguration`), which API Gateway applies itself. */
export interface CorsConfiguration {
  allowOrigins: string[];
  allowMethods: string[];
  allowHeaders: string[];
  exposeHeaders: string[];
  allowCredentials: boolean;
  maxAge: number | undefined;
}

/** The HTTP API of the template, as the local server serves it. */
export interface HttpApiDefinition {
  logicalId: string;
  apiId: string;
  /** `$default`, or the one stage's name, which then prefixes every path. */
  stage: string;
  routes: ApiRoute[];
  authorizers: ApiAuthorizer[];
  cors: CorsConfiguration | undefined;
}

function strings(value: unknown): string[] {
  return Array.isArray(value) ? value.map(String) : [];
}

function readCors(value: unknown): CorsConfiguration | undefined {
  if (!isRecord(value)) return undefined;
  return {
    allowOrigins: strings(value.AllowOrigins),
    allowMethods: strings(value.AllowMethods).map((method) => method.toUpperCase()),
    allowHeaders: strings(value.AllowHeaders).map((header) => header.toLowerCase()),
    exposeHeaders: strings(value.ExposeHeaders).map((header) => header.toLowerCase()),
    allowCredentials: value.AllowCredentials === true || value.AllowCredentials === 'true',
    maxAge: value.MaxAge === undefined ? undefined : Number(value.MaxAge),
  };
}

// A setting without both limits leaves the route to the stage's default.
function readThrottle(settings: unknown): ThrottleLimit | undefined {
  if (!isRecord(settings)) return undefined;
  const rateLimit = Number(settings.ThrottlingRateLimit);
  const burstLimit = Number(settings.ThrottlingBurstLimit);
  if (settings.ThrottlingRateLimit === undefined || settings.ThrottlingBurstLimit === undefined) return undefined;
  if (!Number.isFinite(rateLimit) || !Number.isFinite(burstLimit)) return undefined;
  return { rateLimit, burstLimit };
}

// An integration URI is the function ARN, or API Gateway's invocation path around it.
function functionArnOf(integrationUri: unknown): string | undefined {
  if (typeof integrationUri !== 'string') return undefined;
  const wrapped = /:lambda:path\/[^/]+\/functions\/(arn:[^/]+)\/invocations$/.exec(integrationUri);
  return wrapped?.[1] ?? (integrationUri.includes(':lambda:') ? integrationUri : undefined);
}

/**
 * Reads the template's HTTP API (`AWS::ApiGatewayV2::Api` with protocol HTTP) with its routes,
 * integrations and stage. A template with several HTTP APIs names the one to serve.
 */
export function readHttpApi(resolver: TemplateResolver, logicalId?: string): HttpApiDefinition | undefined {
  const apis = resolver
    .logicalIds(ResourceType.httpApi)
    .filter((id) => resolver.properties(id).ProtocolType === 'HTTP');
  if (logicalId !== undefined && !apis.includes(logicalId)) throw new Error(`the template has no HTTP API ${logicalId}`);
  if (logicalId === undefined && apis.length > 1) {
    throw new Error(`the template has several HTTP APIs (${apis.join(', ')}): name the one to serve with httpApi`);
  }
  const chosen = logicalId ?? apis[0];
  if (chosen === undefined) return undefined;
  const apiId = resolver.resource(chosen).physicalId;
  const ofThisApi = (type: string): string[] =>
    resolver.logicalIds(type).filter((id) => resolver.properties(id).ApiId === apiId);

  const integrations = new Map(
    ofThisApi(ResourceType.integration).map((id) => [resolver.resource(id).physicalId, resolver.properties(id)]),
  );
  const stageIds = ofThisApi(ResourceType.stage);
  const stages = stageIds.map((id) => String(resolver.properties(id).StageName));
  const stage = stages.includes('$default') || stages.length !== 1 ? '$default' : (stages[0] ?? '$default');
  const servedStage = stageIds.find((id) => resolver.properties(id).StageName === stage);
  const stageProperties = servedStage === undefined ? {} : resolver.properties(servedStage);
  const defaultThrottle = readThrottle(stageProperties.DefaultRouteSettings);
  const routeSettings = isRecord(stageProperties.RouteSettings) ? stageProperties.RouteSettings : {};
  const throttleOf = (routeKey: string): ThrottleLimit | undefined =>
    (Object.hasOwn(routeSettings, routeKey) ? readThrottle(routeSettings[routeKey]) : undefined) ?? defaultThrottle;

  const routes = ofThisApi(ResourceType.route).map((id): ApiRoute => {
    const properties = resolver.properties(id);
    const target = typeof properties.Target === 'string' ? properties.Target.replace(/^integrations\//, '') : undefined;
    const integration = target === undefined ? undefined : integrations.get(target);
    const routeKey = String(properties.RouteKey);
    return {
      routeKey,
      functionArn: integration?.IntegrationType === 'AWS_PROXY' ? functionArnOf(integration.IntegrationUri) : undefined,
      payloadFormatVersion: String(integration?.PayloadFormatVersion ?? '2.0'),
      integrationType: String(integration?.IntegrationType ?? 'NONE'),
      authorizationType: String(properties.AuthorizationType ?? 'NONE'),
      authorizerId: properties.AuthorizerId === undefined ? undefined : String(properties.AuthorizerId),
      authorizationScopes: strings(properties.AuthorizationScopes),
      throttle: throttleOf(routeKey),
    };
  });
  const authorizers = ofThisApi(ResourceType.authorizer).map((id): ApiAuthorizer => {
    const properties = resolver.properties(id);
    const jwt = isRecord(properties.JwtConfiguration) ? properties.JwtConfiguration : {};
    return {
      authorizerId: resolver.resource(id).physicalId,
      name: String(properties.Name ?? id),
      type: String(properties.AuthorizerType ?? 'JWT'),
      identitySource: strings(properties.IdentitySource),
      issuer: typeof jwt.Issuer === 'string' ? jwt.Issuer : undefined,
      audience: strings(jwt.Audience),
    };
  });
  return { logicalId: chosen, apiId, stage, routes, authorizers, cors: readCors(resolver.properties(chosen).CorsConfiguration) };
}
