import { CfnStage, HttpApi, type HttpMethod, HttpStage, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Lazy, RemovalPolicy } from 'aws-cdk-lib';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { ROUTE_THROTTLES, type RouteThrottle, STAGE_THROTTLE } from '../../shared/schemas/route-throttling';

export interface ApiRoute {
  method: HttpMethod;
  path: string;
  handler: IFunction;
  /**
   * `public`: customers, partners' signed webhooks and shops (each checked in its function);
   * `staff`: a brand's staff, with a token the JWT authorizer verified.
   */
  access: 'public' | 'staff';
}

/**
 * The HTTP API of the platform: one route per operation, each with its own Lambda integration,
 * a default stage with JSON access logs that throttles each route to its limit of the route
 * contract (`shared/schemas/route-throttling.ts`).
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  private readonly stage: HttpStage;
  private readonly routeSettings = new Map<string, RouteThrottle>();

  constructor(scope: Construct, id: string, private readonly props: { staffAuthorizer: IHttpRouteAuthorizer }) {
    super(scope, id);
    this.httpApi = new HttpApi(this, 'HttpApi', {
      description: 'Kreislauf public API (v1)',
      createDefaultStage: false,
    });
    const accessLogs = new LogGroup(this, 'AccessLogs', { retention: RetentionDays.THREE_MONTHS, removalPolicy: RemovalPolicy.DESTROY });
    const stage = new HttpStage(this, 'DefaultStage', {
      httpApi: this.httpApi,
      stageName: '$default',
      autoDeploy: true,
      throttle: STAGE_THROTTLE,
    });
    this.stage = stage;
    const cfnStage = stage.node.defaultChild as CfnStage;
    cfnStage.routeSettings = Lazy.any({
      produce: () =>
        Object.fromEntries(
          [...this.routeSettings].map(([routeKey, limit]) => [
            routeKey,
            { ThrottlingRateLimit: limit.rateLimit, ThrottlingBurstLimit: limit.burstLimit },
          ]),
        ),
    });
    cfnStage.accessLogSettings = {
      destinationArn: accessLogs.logGroupArn,
      format: JSON.stringify({
        requestId: '$context.requestId',
        ip: '$context.identity.sourceIp',
        time: '$context.requestTime',
        method: '$context.httpMethod',
        route: '$context.routeKey',
        status: '$context.status',
        latencyMs: '$context.responseLatency',
        integrationError: '$context.integrationErrorMessage',
      }),
    };

  }

  /** Adds one operation of the API contract, served by its own function and throttled to the contract's limit. */
  addRoute(route: ApiRoute): void {
    const routeKey = `${route.method} ${route.path}`;
    const throttle = ROUTE_THROTTLES.get(routeKey);
    if (!throttle) throw new Error(`${routeKey} is not an operation of the API contract (shared/schemas/routes.ts)`);
    const routes = this.httpApi.addRoutes({
      path: route.path,
      methods: [route.method],
      integration: new HttpLambdaIntegration(`${route.method}${route.path}`.replace(/[^A-Za-z0-9]/g, ''), route.handler),
      ...(route.access === 'staff' ? { authorizer: this.props.staffAuthorizer } : {}),
    });
    this.routeSettings.set(routeKey, throttle);
    // CloudFormation refuses route settings for a route key the API does not have yet.
    for (const added of routes) this.stage.node.addDependency(added);
    if (route.access === 'public') {
      NagSuppressions.addResourceSuppressions(routes, [
        {
          id: 'AwsSolutions-APIG4',
          reason: 'A public route by design: customers have no accounts (tracking routes check a 128-bit token), partner webhooks are verified by signature and shop calls by API key inside the function; all routes are throttled.',
        },
      ]);
    }
  }

  /** The API's base URL, e.g. `https://abc123.execute-api.eu-central-1.amazonaws.com`. */
  get url(): string {
    return this.httpApi.apiEndpoint;
  }
}
