import { AsyncLocalStorage } from "node:async_hooks";
import { pino, type Logger } from "pino";
import { config } from "./config";
import { lazy } from "./lazy";

const context = new AsyncLocalStorage<Record<string, unknown>>();

/** Runs `work` with `fields` (order id, job id, …) on every line logged while it runs. */
export function withLogContext<T>(fields: Record<string, unknown>, work: () => T): T {
  return context.run({ ...context.getStore(), ...fields }, work);
}

/** JSON lines in production (for the platform's log search), readable lines in development. */
export const logger: Logger = lazy(() =>
  pino({
    level: config().LOG_LEVEL,
    mixin: () => context.getStore() ?? {},
    transport: config().NODE_ENV === "development" ? { target: "pino-pretty", options: { ignore: "pid,hostname" } } : undefined,
  }),
);
