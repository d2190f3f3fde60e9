import { dynamoDbClient } from '../../shared/adapters/dynamodb/client';
import { DynamoDbStaffDirectory } from '../../shared/adapters/dynamodb/staff-directory';
import { requiredEnv } from '../../shared/config';
import { StaffDirectoryService } from '../../shared/services/staff-directory';
import { now } from '../commons/stores';

// The brands' staff directories.

export const staffDirectory = () => new StaffDirectoryService({ directory: new DynamoDbStaffDirectory(requiredEnv('TABLE_NAME'), dynamoDbClient()), now });
