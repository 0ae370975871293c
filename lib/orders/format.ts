/** The short number a shopper quotes on the phone: DSP-001042. */
export function formatOrderNumber(number: number): string {
  return `DSP-${String(number).padStart(6, "0")}`;
}

export function formatMoney(cents: number, currency: string): string {
  return new Intl.NumberFormat("en-IE", { style: "currency", currency }).format(cents / 100);
}
