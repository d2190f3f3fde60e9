import { Duration } from 'aws-cdk-lib';
import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { PolicyStatement } from 'aws-cdk-lib/aws-iam';
import type { Bucket } from 'aws-cdk-lib/aws-s3';
import type { ISecret } from 'aws-cdk-lib/aws-secretsmanager';
import { Construct } from 'constructs';
import type { Api } from './api';
import { KreislaufFunction } from './kreislauf-function';

export interface ReceiptAndGradingProps {
  table: Table;
  /** Holds the grading photos under `photos/`. */
  bucket: Bucket;
  api: Api;
  trackingSecret: ISecret;
  /** DHL's credentials and the base URL of its Parcel DE Shipping API v2: the parcels that take items back to customers. */
  dhlCredentials: ISecret;
  dhlShippingApiBaseUrl: string;
  /** The web origin, which serves the grading photos under `/photos/` (`Web`); the photos' `url`s start with it. */
  photoBaseUrl: string;
}

interface StaffRoute {
  id: string;
  entry: string;
  description: string;
  writes: boolean;
  readsTrackingSecret?: boolean;
  signsPhotoUploads?: boolean;
  /** Makes DHL parcel labels and keeps them under `return-labels/`. */
  shipsParcels?: boolean;
  /** Reads the parcel labels kept under `return-labels/`. */
  readsParcelLabels?: boolean;
  /** Deletes the files that show a customer: the labels and the photos they added, which it lists to find them all. */
  erasesCustomerFiles?: boolean;
  /** Presigns addresses to view the photos a customer added, which the bucket keeps private. */
  viewsCustomerPhotos?: boolean;
  /** Hands out or takes grading photo addresses, which are at the photos' origin. */
  knowsPhotoOrigin?: boolean;
  /** Takes only the grading photos that were uploaded, which it lists in the bucket (`photos/`). */
  listsPhotos?: boolean;
}

/**
 * The warehouse's routes (staff, behind the JWT authorizer): receipt, grading, route override and
 * the work queues, grading photo uploads, a take-back cancelled for its customer, the parcel that
 * takes an item back to its customer, a customer's personal data erased; and the customer's answer to a counter-offer on the tracking link. The
 * RoutingWorkflow picks up what grading decided from the events these routes write.
 */
export class ReceiptAndGrading extends Construct {
  constructor(scope: Construct, id: string, props: ReceiptAndGradingProps) {
    super(scope, id);
    // Listing needs s3:ListBucket on the bucket itself; the condition keeps each function to the keys its job lists.
    const grantList = (handler: KreislaufFunction, prefix: string) =>
      handler.addToRolePolicy(new PolicyStatement({ actions: ['s3:ListBucket'], resources: [props.bucket.bucketArn], conditions: { StringLike: { 's3:prefix': [prefix] } } }));
    // Each function serves the operations of the route contract that name its entry.
    const serve = (fn: StaffRoute) => {
      const handler = new KreislaufFunction(this, fn.id, {
        entry: fn.entry,
        description: fn.description,
        environment: {
          TABLE_NAME: props.table.tableName,
          ...(fn.readsTrackingSecret ? { TRACKING_SECRET_ARN: props.trackingSecret.secretArn } : {}),
          ...(fn.signsPhotoUploads || fn.shipsParcels || fn.readsParcelLabels || fn.erasesCustomerFiles || fn.viewsCustomerPhotos || fn.listsPhotos ? { BUCKET_NAME: props.bucket.bucketName } : {}),
          ...(fn.signsPhotoUploads || fn.knowsPhotoOrigin ? { PHOTO_BASE_URL: props.photoBaseUrl } : {}),
          ...(fn.shipsParcels ? { DHL_SHIPPING_API_BASE_URL: props.dhlShippingApiBaseUrl, DHL_SECRET_ARN: props.dhlCredentials.secretArn } : {}),
        },
        // DHL may take its whole 10 s to answer; API Gateway waits 30 s at most.
        timeout: Duration.seconds(fn.shipsParcels ? 25 : 10),
      });
      if (fn.writes) props.table.grantReadWriteData(handler);
      else props.table.grantReadData(handler);
      if (fn.readsTrackingSecret) props.trackingSecret.grantRead(handler);
      // A presigned upload acts with the signer's rights: this one may put grading photos and nothing else.
      if (fn.signsPhotoUploads) props.bucket.grantPut(handler, 'photos/*');
      if (fn.shipsParcels) {
        props.bucket.grantPut(handler, 'return-labels/*');
        props.dhlCredentials.grantRead(handler);
      }
      if (fn.readsParcelLabels) props.bucket.grantRead(handler, 'return-labels/*');
      // A presigned read acts with the signer's rights: this one may read the customers' photos and nothing else.
      if (fn.viewsCustomerPhotos) {
        props.bucket.grantRead(handler, 'photos/*/*/customer/*');
        // Only the photos that were uploaded are shown: the passport records each address when it is issued.
        grantList(handler, 'photos/*/*/customer/*');
      }
      if (fn.erasesCustomerFiles) {
        for (const files of ['labels/*', 'return-labels/*', 'photos/*/*/customer/*']) props.bucket.grantDelete(handler, files);
        grantList(handler, 'photos/*/*/customer/*');
      }
      if (fn.listsPhotos) grantList(handler, 'photos/*');
      props.api.serve(fn.entry, handler);
    };

    serve({
      id: 'ReceiveParcel',
      entry: 'receipt/receive-parcel',
      description: 'Receives a scanned parcel at the warehouse',
      writes: true,
    });
    serve({
      id: 'GradeItem',
      entry: 'grading/grade-item',
      description: 'Grades an item, fixes its payout and decides its route',
      writes: true,
      knowsPhotoOrigin: true,
      listsPhotos: true,
    });
    serve({
      id: 'RejectParcel',
      entry: 'grading/reject-parcel',
      description: 'Rejects a received parcel that held no item or another item than the one traded in',
      writes: true,
      knowsPhotoOrigin: true,
      listsPhotos: true,
    });
    serve({
      id: 'RequestPhotoUpload',
      entry: 'grading/request-photo-upload',
      description: 'Gives staff a presigned address to upload a grading photo',
      writes: false,
      signsPhotoUploads: true,
    });
    serve({
      id: 'OverrideRoute',
      entry: 'routing/override-route',
      description: "Overrides a graded item's route, taking an item in repair back from its partner",
      writes: true,
    });
    serve({
      id: 'ListPassports',
      entry: 'passports/list-passports',
      description: "Lists a brand's passports in one state, newest first",
      writes: false,
    });
    serve({
      id: 'GetPassport',
      entry: 'passports/get-passport',
      description: 'Shows a passport with its timeline, ledger and repair jobs to staff',
      writes: false,
      viewsCustomerPhotos: true,
    });
    serve({
      id: 'CancelTakeBackForCustomer',
      entry: 'passports/cancel-take-back',
      description: 'Cancels a take-back for its customer, by staff',
      writes: true,
    });
    serve({
      id: 'ShipReturnToCustomer',
      entry: 'passports/ship-return',
      description: 'Makes the DHL parcel label that takes an item back to its customer',
      writes: true,
      shipsParcels: true,
    });
    serve({
      id: 'GetReturnParcelLabel',
      entry: 'passports/get-return-label',
      description: 'Serves the label of the parcel that took an item back to its customer',
      writes: false,
      readsParcelLabels: true,
    });
    serve({
      id: 'ErasePersonalData',
      entry: 'passports/erase-personal-data',
      description: "Erases a customer's personal data from a passport, by a brand admin",
      writes: true,
      erasesCustomerFiles: true,
    });
    serve({
      id: 'EraseCustomer',
      entry: 'passports/erase-customer',
      description: "Erases a customer's personal data from each of their take-backs, by a brand admin",
      writes: true,
      erasesCustomerFiles: true,
    });
    serve({
      id: 'AnswerCounterOffer',
      entry: 'grading/answer-counter-offer',
      description: "Records the customer's answer to a counter-offer",
      writes: true,
      readsTrackingSecret: true,
    });
  }
}
