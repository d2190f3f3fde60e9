import { resaleService } from './compose';

const service = resaleService();

/** Every fifteen minutes: what the channels show against our listings; a drifted listing is synced again. */
export const handler = async () => service.reconcile();
