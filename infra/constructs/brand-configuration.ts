import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { Api } from './api';
import { KreislaufFunction } from './kreislauf-function';

export interface BrandConfigurationProps {
  table: Table;
  api: Api;
  /** "true" where plain HTTP to this machine may be sent to (the local cloud): a voucher issuer's sandbox shop. */
  allowLocalHttpWebhooks: string;
}

/**
 * The brand configuration API: its admins read the whole configuration, replace it on top of the
 * version they read, and list who changed what. Only the save writes to the table.
 */
export class BrandConfiguration extends Construct {
  constructor(scope: Construct, id: string, props: BrandConfigurationProps) {
    super(scope, id);
    const environment = { TABLE_NAME: props.table.tableName };
    const serve = (id: string, entry: string, description: string, grant: (fn: KreislaufFunction) => void, more: Record<string, string> = {}) => {
      const fn = new KreislaufFunction(this, id, { entry, description, environment: { ...environment, ...more } });
      grant(fn);
      props.api.serve(entry, fn);
    };
    serve('GetBrandConfig', 'brand-config/get-brand-config', "Returns a brand's whole configuration with its version's ETag", (fn) =>
      props.table.grantReadData(fn),
    );
    serve(
      'SaveBrandConfig',
      'brand-config/save-brand-config',
      "Replaces a brand's configuration on top of the version the admin read",
      (fn) => props.table.grantReadWriteData(fn),
      // The voucher issuer's address is checked with the policy its token is sent with.
      { ALLOW_LOCAL_HTTP_WEBHOOKS: props.allowLocalHttpWebhooks },
    );
    serve('ListBrandConfigHistory', 'brand-config/list-brand-config-history', "Lists the versions of a brand's configuration", (fn) =>
      props.table.grantReadData(fn),
    );
  }
}
