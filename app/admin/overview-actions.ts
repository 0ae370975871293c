"use server";

import { z } from "zod";
import { requireStaff } from "@/lib/staff/session";
import { erpSimulatorCall } from "@/lib/admin/overview";
import type { ActionResult } from "@/lib/orders/merchant-actions";
import { getQueue, QueueName } from "@/lib/queue";

const queueName = z.enum([QueueName.erpSync, QueueName.email]);

/** Pause or resume a queue: workers finish what they hold and take nothing new while paused. */
export async function setQueuePausedAction(name: string, paused: boolean): Promise<ActionResult> {
  await requireStaff("operator");
  const parsed = queueName.safeParse(name);
  if (!parsed.success || typeof paused !== "boolean") return { ok: false, message: "Unknown queue" };
  const queue = getQueue(parsed.data);
  await (paused ? queue.pause() : queue.resume());
  return { ok: true, message: `${parsed.data} ${paused ? "paused" : "resumed"}` };
}

const simulatorSettings = z.object({
  latencyMs: z.number().int().min(0).max(600_000),
  failureRate: z.number().min(0).max(1),
  outage: z.boolean(),
});

/** Development and QA: make the bundled ERP simulator slow, flaky or down. A setting: owners only. */
export async function setErpSimulatorAction(settings: z.input<typeof simulatorSettings>): Promise<ActionResult> {
  await requireStaff("owner");
  const parsed = simulatorSettings.safeParse(settings);
  if (!parsed.success) return { ok: false, message: "Latency must be 0–600000 ms and failure rate 0–1" };
  const call = erpSimulatorCall("/control", parsed.data);
  if (!call) return { ok: false, message: "The ERP is not the simulator here" };
  const response = await call.catch(() => null);
  return response?.ok ? { ok: true, message: "ERP simulator updated" } : { ok: false, message: "The ERP simulator did not accept the settings" };
}
