import { randomUUID } from "node:crypto";
import { DEFAULT_SETTINGS, type ErpRecord, type ErpSettings, type ErpStats } from "../../erp/simulator";
import type { OrderForErp } from "../../lib/erp/mapping";

/** Test-side controls of the ERP simulator, over its HTTP API like the admin, with the control token. */
export const erpSimulator = (url: string, token = process.env.ERP_CONTROL_TOKEN) => {
  const authorization = `Bearer ${token}`;
  const read = (path: string) => fetch(`${url}${path}`, { headers: { authorization } });
  const control = async (settings: Partial<ErpSettings>) => {
    const response = await fetch(`${url}/control`, { method: "POST", body: JSON.stringify(settings), headers: { "content-type": "application/json", authorization } });
    if (!response.ok) throw new Error(`ERP control refused: ${await response.text()}`);
  };
  return {
    control,
    /** Every setting back to the simulator's default, at `latencyMs` (the integration run's ERP answers at once). */
    asUsual: (latencyMs = 0) => control({ ...DEFAULT_SETTINGS, latencyMs }),
    stats: async (): Promise<ErpStats> => (await read("/stats")).json(),
    records: async (): Promise<ErpRecord[]> => (await read("/orders")).json(),
    order: async (reference: string) => {
      const response = await read(`/orders/${reference}`);
      return response.ok ? ((await response.json()) as Record<string, unknown>) : null;
    },
  };
};

/** An order as the ERP adapter takes it: a fresh id, one line, a valid address; `changes` on top. */
export function erpOrder(changes: Partial<OrderForErp> = {}): OrderForErp {
  return {
    id: randomUUID(),
    number: 1042,
    email: "ada@example.com",
    name: "Ada Lovelace",
    addressLine1: "1 Analytical Way",
    addressLine2: null,
    city: "London",
    postalCode: "N1 1AA",
    country: "GB",
    totalCents: 4900,
    currency: "EUR",
    items: [{ sku: "MUG-01", erpSku: null, productName: "Mug", quantity: 2, unitPriceCents: 2450 }],
    ...changes,
  };
}
