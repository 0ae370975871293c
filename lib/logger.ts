import { pino, type Logger } from "pino";
import { config } from "./config";
import { lazy } from "./lazy";

/** JSON lines in production (for the platform's log search), readable lines in development. */
export const logger: Logger = lazy(() =>
  pino({
    level: config().LOG_LEVEL,
    transport: config().NODE_ENV === "development" ? { target: "pino-pretty", options: { ignore: "pid,hostname" } } : undefined,
  }),
);
