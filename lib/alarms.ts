import type { Redis } from "ioredis";
import { config } from "./config";
import { lazy } from "./lazy";
import { logger } from "./logger";
import { createRedis } from "./redis";

/**
 * Conditions a person must hear about, shared by every process through Redis: raised once when they
 * start (whichever worker sees it first), cleared once when they end. Each change is logged, so it
 * reaches the platform's log alerts; the admin shows the active ones.
 */
export const alarms = {
  /** The ERP answers 401/403/404/405/407: credentials or the URL are wrong; orders wait. */
  erpConfiguration: "erp-configuration",
} as const;
export type AlarmName = (typeof alarms)[keyof typeof alarms];

export interface ActiveAlarm {
  name: AlarmName;
  detail: string;
  since: string;
}

const redis = lazy((): Redis => createRedis("worker"));
const key = (name: AlarmName) => `${config().QUEUE_PREFIX}:alarm:${name}`;

export async function raiseAlarm(name: AlarmName, detail: string): Promise<void> {
  const alarm: ActiveAlarm = { name, detail, since: new Date().toISOString() };
  if (await redis.set(key(name), JSON.stringify(alarm), "NX")) logger.error({ alarm: name, detail }, "alarm raised");
}

export async function clearAlarm(name: AlarmName): Promise<void> {
  if (await redis.del(key(name))) logger.info({ alarm: name }, "alarm cleared");
}

export async function activeAlarms(): Promise<ActiveAlarm[]> {
  const names = Object.values(alarms);
  const values = await redis.mget(names.map(key));
  return values.flatMap((value) => (value ? [JSON.parse(value) as ActiveAlarm] : []));
}
