import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import { AttributeType, BillingMode, StreamViewType, Table, TableEncryption } from 'aws-cdk-lib/aws-dynamodb';
import { BlockPublicAccess, Bucket, BucketEncryption, HttpMethods, ObjectOwnership } from 'aws-cdk-lib/aws-s3';
import { NagSuppressions } from 'cdk-nag';
import { Construct } from 'constructs';

/** The single table (DESIGN.md §5) and the private bucket for labels, photos and exports. */
export class Data extends Construct {
  readonly table: Table;
  readonly bucket: Bucket;

  constructor(scope: Construct, id: string) {
    super(scope, id);
    this.table = new Table(this, 'Table', {
      partitionKey: { name: 'PK', type: AttributeType.STRING },
      sortKey: { name: 'SK', type: AttributeType.STRING },
      billingMode: BillingMode.PAY_PER_REQUEST,
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      deletionProtection: true,
      encryption: TableEncryption.AWS_MANAGED,
      stream: StreamViewType.NEW_AND_OLD_IMAGES,
      timeToLiveAttribute: 'ttl',
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.table.addGlobalSecondaryIndex({
      indexName: 'GSI1',
      partitionKey: { name: 'GSI1PK', type: AttributeType.STRING },
      sortKey: { name: 'GSI1SK', type: AttributeType.STRING },
    });

    this.bucket = new Bucket(this, 'Bucket', {
      encryption: BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: true,
      // A replaced or deleted object (a customer's label or photo erased) keeps its old version for 30
      // days, to undo a mistake, and is gone after: erasure must not end in the versions.
      lifecycleRules: [{ id: 'ExpireNoncurrentVersions', noncurrentVersionExpiration: Duration.days(30) }],
      blockPublicAccess: BlockPublicAccess.BLOCK_ALL,
      objectOwnership: ObjectOwnership.BUCKET_OWNER_ENFORCED,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    NagSuppressions.addResourceSuppressions(this.bucket, [
      {
        id: 'AwsSolutions-S1',
        reason: 'Objects are written and read by the API Lambdas, whose requests are logged and traced, or uploaded by a photo URL one of them signed for one key, one content type and minutes (the signing is logged); S3 server access logs would add a second bucket without telling more.',
      },
    ]);
  }

  /**
   * Lets pages of `origin` PUT to the addresses the API presigns (the staff console's grading
   * photos): a browser asks the bucket first (CORS), since the page and the bucket are two origins.
   * The signature still decides what may be written; this only lets the browser send it.
   */
  acceptUploadsFrom(origin: string): void {
    this.bucket.addCorsRule({ allowedMethods: [HttpMethods.PUT], allowedOrigins: [origin], allowedHeaders: ['content-type'], maxAge: 600 });
  }
}
