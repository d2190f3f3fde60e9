import type { Table } from 'aws-cdk-lib/aws-dynamodb';
import { Construct } from 'constructs';
import type { Api } from './api';
import { KreislaufFunction } from './kreislauf-function';

export interface StaffDirectoryProps {
  table: Table;
  api: Api;
}

/** The brands' staff directories: the console records who signed in, every page reads who is who, an admin removes a person. */
export class StaffDirectory extends Construct {
  constructor(scope: Construct, id: string, props: StaffDirectoryProps) {
    super(scope, id);
    const environment = { TABLE_NAME: props.table.tableName };
    const serve = (id: string, entry: string, description: string, access: 'read' | 'write') => {
      const fn = new KreislaufFunction(this, id, { entry, description, environment });
      if (access === 'read') props.table.grantReadData(fn);
      else props.table.grantWriteData(fn);
      props.api.serve(entry, fn);
    };
    serve('RecordStaffMember', 'staff/record-staff-member', "Records a staff member's e-mail address and roles for their token's subject", 'write');
    serve('ListStaff', 'staff/list-staff', "Lists a brand's staff directory", 'read');
    serve('RemoveStaffMember', 'staff/remove-staff-member', "Removes a person from a brand's staff directory", 'write');
  }
}
