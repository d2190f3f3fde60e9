import { CfnStage, HttpApi, type HttpMethod, HttpStage, type IHttpRouteAuthorizer } from 'aws-cdk-lib/aws-apigatewayv2';
import { HttpLambdaIntegration } from 'aws-cdk-lib/aws-apigatewayv2-integrations';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import { LogGroup, RetentionDays } from 'aws-cdk-lib/aws-logs';
import { RemovalPolicy } from 'aws-cdk-lib';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';

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

/** Requests per second (and burst) a stage serves before it answers 429. */
const THROTTLE = { rateLimit: 50, burstLimit: 100 };

/**
 * The HTTP API of the platform: one route per operation, each with its own Lambda integration,
 * a throttled default stage with JSON access logs.
 */
export class Api extends Construct {
  readonly httpApi: HttpApi;

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
      throttle: THROTTLE,
    });
    (stage.node.defaultChild as CfnStage).accessLogSettings = {
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

  /** Adds one operation of the API, served by its own function. */
  addRoute(route: ApiRoute): void {
    const routes = this.httpApi.addRoutes({
      path: route.path,
      methods: [route.method],
      integration: new HttpLambdaIntegration(`${route.method}${route.path}`.replace(/[^A-Za-z0-9]/g, ''), route.handler),
      ...(route.access === 'staff' ? { authorizer: this.props.staffAuthorizer } : {}),
    });
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
