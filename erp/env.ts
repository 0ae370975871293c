import { settingError, type ErpSettings } from "./simulator";

/**
 * ERP_* variables for the command-line simulator. It stands for a foreign system, so it reads
 * its own environment instead of the shop's config, and names the variable when one is wrong.
 */
export class EnvError extends Error {}

export interface ErpEnv extends ErpSettings {
  port: number;
  host: string;
  quiet: boolean;
}

const TRUE = ["1", "true", "yes", "on"];
const FALSE = ["0", "false", "no", "off", ""];

function flag(env: NodeJS.ProcessEnv, name: string): boolean {
  const raw = (env[name] ?? "").trim().toLowerCase();
  if (TRUE.includes(raw)) return true;
  if (FALSE.includes(raw)) return false;
  throw new EnvError(`${name}="${env[name]}" must be one of ${[...TRUE, ...FALSE.filter(Boolean)].join(", ")}`);
}

/** Number(" ") is 0, so blanks are refused here rather than read as zero. */
function number(env: NodeJS.ProcessEnv, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined) return fallback;
  const value = raw.trim() === "" ? Number.NaN : Number(raw);
  if (Number.isNaN(value)) throw new EnvError(`${name}="${raw}" is not a number`);
  return value;
}

function setting<K extends keyof ErpSettings>(name: string, key: K, value: ErpSettings[K], raw: string | undefined) {
  const error = settingError(key, value);
  if (error) throw new EnvError(`${name}="${raw}" ${error}`);
  return value;
}

export function readErpEnv(env: NodeJS.ProcessEnv = process.env): ErpEnv {
  const port = number(env, "ERP_PORT", 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new EnvError(`ERP_PORT="${env.ERP_PORT}" must be an integer from 0 to 65535`);
  }
  const host = (env.ERP_HOST ?? "127.0.0.1").trim();
  if (host === "") throw new EnvError(`ERP_HOST must not be empty`);
  return {
    port,
    host,
    latencyMs: setting("ERP_LATENCY_MS", "latencyMs", number(env, "ERP_LATENCY_MS", 8_000), env.ERP_LATENCY_MS),
    failureRate: setting("ERP_FAILURE_RATE", "failureRate", number(env, "ERP_FAILURE_RATE", 0), env.ERP_FAILURE_RATE),
    outage: flag(env, "ERP_OUTAGE"),
    quiet: flag(env, "ERP_QUIET"),
  };
}
