import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Rule, Schedule } from 'aws-cdk-lib/aws-events';
import { LambdaFunction } from 'aws-cdk-lib/aws-events-targets';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import { LATE_CUSTOMER_PHOTO_SWEEP_MINUTES } from '../../shared/domain/photos';
import { failingScheduleAlarm } from './count-alarm';
import { KreislaufFunction } from './kreislauf-function';

export interface LateCustomerPhotosProps {
  table: Table;
  bucket: Bucket;
}

/**
 * The scheduled deletion of the photos a customer uploaded after their data was erased, through an upload address
 * issued before (README, "A customer's personal data erased"): it reads the brands' recent erasures and deletes in the
 * customers' photo folders only.
 */
export class LateCustomerPhotos extends Construct {
  constructor(scope: Construct, id: string, props: LateCustomerPhotosProps) {
    super(scope, id);
    const interval = Duration.minutes(LATE_CUSTOMER_PHOTO_SWEEP_MINUTES);
    const deletion = new KreislaufFunction(this, 'DeleteLateCustomerPhotos', {
      entry: 'passports/delete-late-customer-photos',
      description: "Deletes the photos a customer uploaded after their data was erased, through an address issued before",
      environment: { TABLE_NAME: props.table.tableName, BUCKET_NAME: props.bucket.bucketName },
      timeout: Duration.minutes(1),
    });
    // It queries only: the brands' recent erasures on the table (their partitions alone) and the brand directory on GSI1.
    deletion.addToRolePolicy(
      new PolicyStatement({ actions: ['dynamodb:Query'], resources: [props.table.tableArn], conditions: { 'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': ['B#*#ERASED'] } } }),
    );
    deletion.addToRolePolicy(new PolicyStatement({ actions: ['dynamodb:Query'], resources: [`${props.table.tableArn}/index/GSI1`] }));
    props.bucket.grantDelete(deletion, 'photos/*/*/customer/*');
    // Listing needs s3:ListBucket on the bucket itself; the condition keeps the function to the customers' folders.
    deletion.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [props.bucket.bucketArn], conditions: { StringLike: { 's3:prefix': ['photos/*/*/customer/*'] } } }));

    new Rule(this, 'Schedule', {
      description: 'Runs the deletion of photos uploaded after an erasure',
      schedule: Schedule.rate(interval),
      targets: [new LambdaFunction(deletion, { retryAttempts: 2 })],
    });
    failingScheduleAlarm(this, 'LateCustomerPhotosFailing', deletion, {
      period: interval,
      periods: 3,
      description: "The deletion of photos uploaded after an erasure failed in each of its last three runs: such a photo stays in the bucket until a run succeeds within half an hour of the erasure, or the erasure is asked again. The function's log says why.",
    });
  }
}
