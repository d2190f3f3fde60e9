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
    const record = new KreislaufFunction(this, 'RecordStaffMember', {
      entry: 'staff/record-staff-member',
      description: "Records a staff member's e-mail address and roles for their token's subject",
      environment,
    });
    props.table.grantWriteData(record);
    props.api.serve('staff/record-staff-member', record);
    const list = new KreislaufFunction(this, 'ListStaff', { entry: 'staff/list-staff', description: "Lists a brand's staff directory", environment });
    props.table.grantReadData(list);
    props.api.serve('staff/list-staff', list);
    const remove = new KreislaufFunction(this, 'RemoveStaffMember', {
      entry: 'staff/remove-staff-member',
      description: "Removes a person from a brand's staff directory",
      environment,
    });
    props.table.grantWriteData(remove);
    props.api.serve('staff/remove-staff-member', remove);
  }
}
