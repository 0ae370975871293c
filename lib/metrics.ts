import { hostname } from "node:os";
import { collectDefaultMetrics, Counter, Histogram, Registry } from "prom-client";

/**
 * What each process (web, worker) measures of its own work, in its own registry. How the worker's
 * figures reach GET /api/metrics is in metrics-collection.ts.
 */
function createInstruments() {
  const registry = new Registry();
  const seconds = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];
  const registers = [registry];
  return {
    registry,
    checkoutDuration: new Histogram({
      name: "dispatch_checkout_duration_seconds",
      help: "Time to place an order (validate, price, record, enqueue), by outcome",
      labelNames: ["outcome"] as const,
      buckets: seconds,
      registers,
    }),
    jobDuration: new Histogram({
      name: "dispatch_job_duration_seconds",
      help: "Time a worker spent on one job attempt, by queue and outcome",
      labelNames: ["queue", "outcome"] as const,
      buckets: seconds,
      registers,
    }),
    erpCallDuration: new Histogram({
      name: "dispatch_erp_call_duration_seconds",
      help: "ERP call latency, by outcome (ok, rejected, unavailable)",
      labelNames: ["outcome"] as const,
      buckets: seconds,
      registers,
    }),
    erpErrors: new Counter({
      name: "dispatch_erp_errors_total",
      help: "ERP calls that failed: unavailable (retried) or rejected (final)",
      labelNames: ["kind"] as const,
      registers,
    }),
    emails: new Counter({
      name: "dispatch_emails_total",
      help: "Confirmation emails, by outcome (sent, failed)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    staffPasswordChecks: new Counter({
      name: "dispatch_staff_password_checks_total",
      help: "Staff passwords compared with their argon2id hash (throttled attempts are never compared)",
      registers,
    }),
    staffLogins: new Counter({
      name: "dispatch_staff_logins_total",
      help: "Admin login attempts, by outcome (succeeded, refused, throttled)",
      labelNames: ["outcome"] as const,
      registers,
    }),
    started: false,
  };
}

// Next.js loads this module once per server bundle (server actions, route handlers): one set per process.
const shared = globalThis as { dispatchMetrics?: ReturnType<typeof createInstruments> };
const instruments = (shared.dispatchMetrics ??= createInstruments());
export const { registry, checkoutDuration, jobDuration, erpCallDuration, erpErrors, emails, staffPasswordChecks, staffLogins } = instruments;

/** Names this process among several of its kind. */
export const processInstance = `${hostname()}-${process.pid}`;

/** Labels this process's series and adds Node's own metrics (memory, event loop lag, GC). */
export function startProcessMetrics(role: "web" | "worker"): void {
  if (instruments.started) return;
  instruments.started = true;
  registry.setDefaultLabels({ process: role, instance: processInstance });
  collectDefaultMetrics({ register: registry, prefix: "dispatch_" });
}
