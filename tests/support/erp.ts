import type { ErpRecord, ErpSettings, ErpStats } from "../../erp/simulator";

/** Test-side controls of the ERP simulator, over its HTTP API like the admin, with the control token. */
export const erpSimulator = (url: string, token = process.env.ERP_CONTROL_TOKEN) => {
  const authorization = `Bearer ${token}`;
  const read = (path: string) => fetch(`${url}${path}`, { headers: { authorization } });
  return {
    control: async (settings: Partial<ErpSettings>) => {
      const response = await fetch(`${url}/control`, { method: "POST", body: JSON.stringify(settings), headers: { "content-type": "application/json", authorization } });
      if (!response.ok) throw new Error(`ERP control refused: ${await response.text()}`);
    },
    stats: async (): Promise<ErpStats> => (await read("/stats")).json(),
    records: async (): Promise<ErpRecord[]> => (await read("/orders")).json(),
    order: async (reference: string) => {
      const response = await read(`/orders/${reference}`);
      return response.ok ? ((await response.json()) as Record<string, unknown>) : null;
    },
  };
};
