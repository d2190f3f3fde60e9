import {
  CachePolicy,
  Distribution,
  FunctionCode,
  FunctionEventType,
  FunctionRuntime,
  Function as CloudFrontFunction,
  HttpVersion,
  PriceClass,
  ResponseHeadersPolicy,
  ViewerProtocolPolicy,
  type BehaviorOptions,
} from 'aws-cdk-lib/aws-cloudfront';
import { S3BucketOrigin } from 'aws-cdk-lib/aws-cloudfront-origins';
import { Effect, PolicyStatement, ServicePrincipal } from 'aws-cdk-lib/aws-iam';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';
import { PUBLISHED_PHOTO_PATH } from '../../shared/domain/photos';
import { DEFAULT_CERTIFICATE_FINDING } from './web';

export interface PhotoCdnProps {
  /** The private data bucket, which keeps the grading photos under `photos/{brand}/{passport}/{photo}`. */
  bucket: Bucket;
}

/**
 * The CloudFront Function in front of the photos: only a grading photo's path reaches the bucket
 * (`PUBLISHED_PHOTO_PATH`); any other, a customer's photos among them, is a 404.
 */
export function photoGateCode(): string {
  return `var PUBLISHED = ${PUBLISHED_PHOTO_PATH.toString()};
function handler(event) {
  if (PUBLISHED.test(event.request.uri)) return event.request;
  return { statusCode: 404, statusDescription: 'Not Found' };
}`;
}

/**
 * Where the grading photos are public, for the listings that show them and the marketplaces that
 * fetch them (eBay's `imageUrls`, Shopify's media): a CloudFront distribution of its own in front
 * of the private data bucket, reading with origin access control, at `https://{domain}/photos/...`.
 * Its own, because the data bucket lets the web app's origin upload (CORS) and so depends on that
 * distribution, which therefore cannot read the bucket too.
 */
export class PhotoCdn extends Construct {
  readonly distribution: Distribution;
  /** `https://{distribution domain}`: a photo's `url` is this and its key. */
  readonly url: string;

  constructor(scope: Construct, id: string, props: PhotoCdnProps) {
    super(scope, id);
    const gate = new CloudFrontFunction(this, 'Gate', {
      code: FunctionCode.fromInline(photoGateCode()),
      runtime: FunctionRuntime.JS_2_0,
      comment: 'Lets only grading photo paths through to the data bucket',
    });
    const photos: BehaviorOptions = {
      origin: S3BucketOrigin.withOriginAccessControl(props.bucket),
      viewerProtocolPolicy: ViewerProtocolPolicy.REDIRECT_TO_HTTPS,
      cachePolicy: CachePolicy.CACHING_OPTIMIZED,
      responseHeadersPolicy: ResponseHeadersPolicy.SECURITY_HEADERS,
      functionAssociations: [{ function: gate, eventType: FunctionEventType.VIEWER_REQUEST }],
    };
    this.distribution = new Distribution(this, 'Distribution', {
      comment: 'Kreislauf grading photos',
      httpVersion: HttpVersion.HTTP2_AND_3,
      priceClass: PriceClass.PRICE_CLASS_100,
      // Everything but /photos/* meets the gate first, which answers 404.
      defaultBehavior: photos,
      additionalBehaviors: { '/photos/*': photos },
    });
    this.url = `https://${this.distribution.distributionDomainName}`;

    // The origin access control may read every object of the bucket; the bucket refuses CloudFront
    // all but the grading photos, whatever got past the gate.
    const denyCloudFront = (objects: { notResources: string[] } | { resources: string[] }) =>
      props.bucket.addToResourcePolicy(
        new PolicyStatement({ effect: Effect.DENY, principals: [new ServicePrincipal('cloudfront.amazonaws.com')], actions: ['s3:GetObject'], ...objects }),
      );
    denyCloudFront({ notResources: [props.bucket.arnForObjects('photos/*')] });
    denyCloudFront({ resources: [props.bucket.arnForObjects('photos/*/*/customer/*')] });

    NagSuppressions.addResourceSuppressions(this.distribution, [
      { id: 'AwsSolutions-CFR1', reason: 'Grading photos are published to marketplaces worldwide; no country is kept out.' },
      {
        id: 'AwsSolutions-CFR2',
        reason: 'Static images behind a gate that passes only photo paths, cached at the edge; a WAF web ACL is a per-deployment choice of the operator (associate one by its ARN).',
      },
      {
        id: 'AwsSolutions-CFR3',
        reason: 'The photos are public images of items for sale, no personal data; CloudFront access logs would add a log bucket without telling more.',
      },
      DEFAULT_CERTIFICATE_FINDING,
    ]);
  }
}
