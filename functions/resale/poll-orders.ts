import { resaleService } from './compose';

const service = resaleService();

/** Every minute: the orders of the channels that do not push them (and Shopify's, as a fallback for a missed webhook). */
export const handler = async () => service.pollOrders();
