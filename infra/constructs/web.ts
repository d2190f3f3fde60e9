import { Duration, Fn, RemovalPolicy } from 'aws-cdk-lib';
import {
  AllowedMethods,
  CacheCookieBehavior,
  CacheHeaderBehavior,
  CachePolicy,
  CacheQueryStringBehavior,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  Function as CloudFrontFunction,
  HttpVersion,
  OriginProtocolPolicy,
  OriginRequestPolicy,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
} from 'aws-cdk-lib/aws-cloudfront';
import { HttpOrigin, S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { BlockPublicAccess, Bucket, BucketEncryption, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { BucketDeployment, CacheControl, Source } from 'aws-cdk-lib/aws-s3-deployment';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { STAFF_SIGN_IN_CONFIG_PATH, type StaffSignInConfig } from '../../shared/schemas/staff-sign-in';
import { LANDING_PATH, WEB_PAGES } from '../../web/pages';

export interface WebProps {
  /** The built web app (`web/dist`, `infra/web-build.ts`). */
  directory: string;
  /** The HTTP API's base URL, e.g. `https://abc123.execute-api.eu-central-1.amazonaws.com`. */
  apiUrl: string;
  /** How the staff console and the dashboard sign in, published as `/staff-sign-in.json`. */
  staffSignIn: StaffSignInConfig;
}

/**
 * The CloudFront Function that gives each page path its page's HTML (the SPA fallback of
 * `web/pages.ts`, as the local cloud's `serveWebApp` does) and sends `/` to the landing page.
 */
export function pageRouterCode(): string {
  const pages = WEB_PAGES.map((page) => ({ file: `/${page.entry}.html`, prefixes: page.prefixes }));
  return `var PAGES = ${JSON.stringify(pages)};
function owns(uri, prefix) {
  if (prefix.charAt(prefix.length - 1) === '/') return uri.indexOf(prefix) === 0;
  return uri === prefix || uri.indexOf(prefix + '/') === 0;
}
function handler(event) {
  var request = event.request;
  if (request.uri === '/') {
    return { statusCode: 302, statusDescription: 'Found', headers: { location: { value: ${JSON.stringify(LANDING_PATH)} } } };
  }
  for (var i = 0; i < PAGES.length; i++) {
    for (var j = 0; j < PAGES[i].prefixes.length; j++) {
      if (owns(request.uri, PAGES[i].prefixes[j])) {
        request.uri = PAGES[i].file;
        return request;
      }
    }
  }
  return request;
}`;
}

/** cdk-nag's finding on a distribution with CloudFront's default certificate, and why it stands. */
export const DEFAULT_CERTIFICATE_FINDING = {
  id: 'AwsSolutions-CFR4',
  reason: 'The default CloudFront certificate (*.cloudfront.net) allows TLSv1 by AWS design; an operator with their own domain sets a certificate and TLSv1.2_2021 as the minimum.',
};

/**
 * The web app on one origin with the API: a private bucket behind CloudFront (origin access
 * control) for the pages and their assets, and `/v1/*` passed to the HTTP API uncached, so the
 * pages call the API without CORS.
 */
export class Web extends Construct {
  readonly distribution: Distribution;
  /** `https://{distribution domain}`: the customer pages' origin, which the e-mails link to. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: WebProps) {
    super(scope, id);
    const bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      // Everything in it is rebuilt from the repository by the next deploy.
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const pageRouter = new CloudFrontFunction(this, 'PageRouter', {
      code: FunctionCode.fromInline(pageRouterCode()),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Answers each page path with its page HTML; / goes to the landing page',
    });
    // `https://{id}.execute-api.{region}.amazonaws.com` → its host.
    const apiDomain = Fn.select(2, Fn.split('/', props.apiUrl));
    // CloudFront passes Authorization on GET only when the cache key has it, and a cache key can
    // name headers only when something may be cached: at most a second, and only what the API
    // itself marks cacheable (it marks nothing), per token and query.
    const apiCachePolicy = new CachePolicy(this, 'ApiCachePolicy', {
      comment: 'Kreislauf API: not cached unless the API says so, for one second at most; keyed by Authorization and the query',
      minTtl: Duration.seconds(0),
      defaultTtl: Duration.seconds(0),
      maxTtl: Duration.seconds(1),
      headerBehavior: CacheHeaderBehavior.allowList('Authorization'),
      queryStringBehavior: CacheQueryStringBehavior.all(),
      cookieBehavior: CacheCookieBehavior.none(),
    });
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Kreislauf web app and API',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      defaultBehavior: {
        origin: S3BucketOrigin.withOriginAccessControl(bucket),
        viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
        cachePolicy: CachePolicy.CACHING_OPTIMIZED,
        responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
        compress: true,
        functionAssociations: [{ function: pageRouter, eventType: FunctionEventType.VIEWER_REQUEST }],
      },
      additionalBehaviors: {
        '/v1/*': {
          origin: new HttpOrigin(apiDomain, { protocolPolicy: OriginProtocolPolicy.HTTPS_ONLY }),
          viewerProtocolPolicy: ViewerProtocolPolicy.HTTPS_ONLY,
          allowedMethods: AllowedMethods.ALLOW_ALL,
          cachePolicy: apiCachePolicy,
          // API Gateway routes by its own Host header; every other header (Idempotency-Key, signatures, API keys) and the query go on.
          originRequestPolicy: OriginRequestPolicy.ALL_VIEWER_EXCEPT_HOST_HEADER,
          compress: true,
        },
      },
    });
    this.url = `https://${this.distribution.distributionDomainName}`;

    // Hashed assets never change under their name; the pages' HTML is checked on every visit.
    new BucketDeployment(this, 'Assets', {
      sources: [Source.asset(`${props.directory}/assets`)],
      destinationBucket: bucket,
      destinationKeyPrefix: 'assets/',
      cacheControl: [CacheControl.fromString('public, max-age=31536000, immutable')],
      // Pages still open in a browser keep loading the assets of the build they came with.
      prune: false,
      memoryLimit: 512,
    });
    new BucketDeployment(this, 'Pages', {
      sources: [
        Source.asset(props.directory, { exclude: ['assets', 'assets/**', '.*'] }),
        Source.jsonData(STAFF_SIGN_IN_CONFIG_PATH.slice(1), props.staffSignIn),
      ],
      destinationBucket: bucket,
      exclude: ['assets/*'],
      cacheControl: [CacheControl.fromString('no-cache')],
      distribution: this.distribution,
      distributionPaths: [...WEB_PAGES.map((page) => `/${page.entry}.html`), STAFF_SIGN_IN_CONFIG_PATH],
      memoryLimit: 512,
    });

    NagSuppressions.addResourceSuppressions(bucket, [
      {
        id: 'AwsSolutions-S1',
        reason: 'The bucket holds only the built web app, read by CloudFront alone (origin access control); its access is what CloudFront serves, and every object comes from the repository.',
      },
    ]);
    NagSuppressions.addResourceSuppressions(this.distribution, [
      { id: 'AwsSolutions-CFR1', reason: 'Customers of a brand may live anywhere; there is no country to block.' },
      {
        id: 'AwsSolutions-CFR2',
        reason: 'The API behind /v1/* is throttled per route at API Gateway and validates every request; a WAF web ACL is a per-deployment choice of the operator (associate one by its ARN).',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason: 'API requests are logged by API Gateway access logs and the functions; the static pages hold no personal data, so CloudFront access logs would add a log bucket without telling more.',
      },
      DEFAULT_CERTIFICATE_FINDING,
    ]);
  }
}
