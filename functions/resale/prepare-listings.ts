import { ListingTaskSchema } from '../../shared/schemas/resale-api';
import { listingPreparation } from './compose';

const service = listingPreparation();

/** ListingWorkflow, first step: a resellable passport → LISTED with one listing per channel that takes it. */
export const handler = async (input: unknown) => service.prepareListings(ListingTaskSchema.parse(input).passportId);
