import { DEFAULT_SETTINGS, settingError, type ErpSettings } from "./simulator";

/**
 * ERP_* variables for the command-line simulator. It stands for a foreign system, so it reads
 * its own environment instead of the shop's config, and names the variable when one is wrong.
 */
export class EnvError extends Error {}

export interface ErpEnv extends ErpSettings {
  port: number;
  host: string;
  quiet: boolean;
  controlToken: string | undefined;
}

/** What the parser reads: process.env, or a plain object in tests. */
type Env = Record<string, string | undefined>;

const TRUE = ["1", "true", "yes", "on"];
const FALSE = ["0", "false", "no", "off", ""];

function flag(env: Env, name: string): boolean {
  const raw = (env[name] ?? "").trim().toLowerCase();
  if (TRUE.includes(raw)) return true;
  if (FALSE.includes(raw)) return false;
  throw new EnvError(`${name}="${env[name]}" must be one of ${[...TRUE, ...FALSE.filter(Boolean)].join(", ")}`);
}

/** Number(" ") is 0, so blanks are refused here rather than read as zero. */
function number(env: Env, name: string, fallback: number): number {
  const raw = env[name];
  if (raw === undefined) return fallback;
  const value = raw.trim() === "" ? Number.NaN : Number(raw);
  if (Number.isNaN(value)) throw new EnvError(`${name}="${raw}" is not a number`);
  return value;
}

/** Comma-separated; unset or blank is an empty list. Empty entries are kept, to be refused by name. */
function list(env: Env, name: string): string[] {
  const raw = (env[name] ?? "").trim();
  return raw === "" ? [] : raw.split(",").map((item) => item.trim());
}

function setting<K extends keyof ErpSettings>(name: string, key: K, value: unknown, raw: string | undefined): ErpSettings[K] {
  const error = settingError(key, value);
  if (error) throw new EnvError(`${name}="${raw}" ${error}`);
  return value as ErpSettings[K];
}

type NumberSetting = "latencyMs" | "failureRate" | "outageStatus" | "retryAfterSeconds";

/** The simulator's default when unset; otherwise checked by the same rule as /control. */
function numberSetting<K extends NumberSetting>(env: Env, name: string, key: K): ErpSettings[K] {
  return setting(name, key, number(env, name, DEFAULT_SETTINGS[key]), env[name]);
}

function controlToken(env: Env): string | undefined {
  const token = env.ERP_CONTROL_TOKEN;
  if (token !== undefined && token.length < 16) throw new EnvError("ERP_CONTROL_TOKEN must be at least 16 characters");
  return token;
}

export function readErpEnv(env: Env = process.env): ErpEnv {
  const port = number(env, "ERP_PORT", 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) {
    throw new EnvError(`ERP_PORT="${env.ERP_PORT}" must be an integer from 0 to 65535`);
  }
  const host = (env.ERP_HOST ?? "127.0.0.1").trim();
  if (host === "") throw new EnvError(`ERP_HOST must not be empty`);
  return {
    port,
    host,
    latencyMs: numberSetting(env, "ERP_LATENCY_MS", "latencyMs"),
    failureRate: numberSetting(env, "ERP_FAILURE_RATE", "failureRate"),
    outage: flag(env, "ERP_OUTAGE"),
    outageStatus: numberSetting(env, "ERP_OUTAGE_STATUS", "outageStatus"),
    retryAfterSeconds: numberSetting(env, "ERP_RETRY_AFTER_SECONDS", "retryAfterSeconds"),
    rejectPostalCodes: setting(
      "ERP_REJECT_POSTAL_CODES",
      "rejectPostalCodes",
      list(env, "ERP_REJECT_POSTAL_CODES"),
      env.ERP_REJECT_POSTAL_CODES,
    ),
    unknownSkus: setting("ERP_UNKNOWN_SKUS", "unknownSkus", list(env, "ERP_UNKNOWN_SKUS"), env.ERP_UNKNOWN_SKUS),
    quiet: flag(env, "ERP_QUIET"),
    controlToken: controlToken(env),
  };
}
