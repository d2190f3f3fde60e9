/**
 * A buyer's order line as a channel sandbox shows it to tests (`orders()`): whether the seller
 * cancelled it is what tells a sold item from an oversold one.
 */
export interface SandboxOrderLine {
  orderId: string;
  sku: string;
  cancelled: boolean;
}
