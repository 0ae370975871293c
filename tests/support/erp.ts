import type { ErpRecord, ErpSettings, ErpStats } from "../../erp/simulator";

/** Test-side controls of the ERP simulator, over its HTTP API like any client. */
export const erpSimulator = (url: string) => ({
  control: async (settings: Partial<ErpSettings>) => {
    const response = await fetch(`${url}/control`, { method: "POST", body: JSON.stringify(settings), headers: { "content-type": "application/json" } });
    if (!response.ok) throw new Error(`ERP control refused: ${await response.text()}`);
  },
  stats: async (): Promise<ErpStats> => (await fetch(`${url}/stats`)).json(),
  records: async (): Promise<ErpRecord[]> => (await fetch(`${url}/orders`)).json(),
  order: async (reference: string) => {
    const response = await fetch(`${url}/orders/${reference}`);
    return response.ok ? ((await response.json()) as Record<string, unknown>) : null;
  },
});
