/** DOMAIN §0: money is Int cents; line total = price × quantity, order total = Σ line totals. */
export interface PricedQuantity {
  price: number;
  quantity: number;
}

export const lineTotal = (line: PricedQuantity): number => line.price * line.quantity;

export const orderTotalOf = (lines: readonly PricedQuantity[]): number => lines.reduce((total, line) => total + lineTotal(line), 0);
