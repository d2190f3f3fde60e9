import { CfnStage, HttpApi, HttpMethod, HttpStage, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { Duration, Lazy, RemovalPolicy } from 'aws-cdk-lib';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { routeKeyOf, type RouteThrottle, STAGE_THROTTLE, THROTTLE_TIERS, throttleTierOf } from '../../shared/schemas/route-throttling';
import { API_ROUTES, type RouteContract } from '../../shared/schemas/routes';
import { alarmAtFirst } from './count-alarm';

/**
 * The HTTP API of the platform, built from the route contract (`shared/schemas/routes.ts`): one
 * route per operation with its own Lambda integration to the function the operation names, the
 * JWT authorizer on the staff operations, and a default stage with JSON access logs that throttles
 * each route to its limit (`shared/schemas/route-throttling.ts`). The area constructs create the
 * functions, with their grants and environment, and hand them over with `serve`.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;
  private readonly stage: HttpStage;
  private readonly routeSettings = new Map<string, RouteThrottle>();
  private readonly served = new Set<string>();

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
    // By the API's contract bad input is a 4xx and a 5xx is a defect (or an outage of what a function calls):
    // an operator hears of the first (the stack's alarm topic, AlarmNotifications).
    alarmAtFirst(
      this,
      'ServerErrors',
      stage.metricServerError({ period: Duration.minutes(5), statistic: 'Sum' }),
      'The API answered 5xx: a function failed or timed out; its log group and the access log say which route and why',
    );
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

    this.node.addValidation({
      validate: () =>
        API_ROUTES.filter((route) => !this.served.has(route.handler)).map(
          (route) => `${routeKeyOf(route)} names ${route.handler}, which no construct handed to the API`,
        ),
    });
  }

  /**
   * Routes every operation of the contract that names `entry` (a function's entry under
   * `functions/`) to `handler`; answers the handler. Every operation's function must be served
   * once, and only functions of operations may be.
   */
  serve<F extends IFunction>(entry: string, handler: F): F {
    const operations = API_ROUTES.filter((route) => route.handler === entry);
    if (operations.length === 0) throw new Error(`no operation of the API contract (shared/schemas/routes.ts) names ${entry}`);
    if (this.served.has(entry)) throw new Error(`${entry} is already served`);
    this.served.add(entry);
    for (const operation of operations) this.addRoute(operation, handler);
    return handler;
  }

  private addRoute(route: RouteContract, handler: IFunction): void {
    const routes = this.httpApi.addRoutes({
      path: route.path,
      methods: [HttpMethod[route.method]],
      integration: new HttpLambdaIntegration(`${route.method}${route.path}`.replace(/[^A-Za-z0-9]/g, ''), handler),
      ...(typeof route.access === 'object' ? { authorizer: this.props.staffAuthorizer } : {}),
    });
    this.routeSettings.set(routeKeyOf(route), THROTTLE_TIERS[throttleTierOf(route)]);
    // CloudFormation refuses route settings for a route key the API does not have yet.
    for (const added of routes) this.stage.node.addDependency(added);
    if (typeof route.access !== 'object') {
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
