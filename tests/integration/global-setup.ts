import type { TestProject } from "vitest/node";
import { startErpSimulator } from "../../erp/server";
import { recreateDatabase } from "../support/database";
import { startFakeResend } from "../support/fake-resend";
import { deleteQueueKeys } from "../support/queue-keys";
import { testEnv } from "../test-env";

declare module "vitest" {
  export interface ProvidedContext {
    env: Record<string, string>;
  }
}

/**
 * A fresh database (in a time zone other than UTC, as a shop's may be), the ERP simulator and a fake
 * Resend API for the whole integration run.
 */
export default async function setup(project: TestProject) {
  await recreateDatabase(testEnv.integrationDatabaseUrl, { timeZone: "America/New_York" });
  const erpControlToken = `erp-control-${process.pid}-0123456789`;
  const erp = await startErpSimulator({ port: 0, latencyMs: 0, quiet: true, controlToken: erpControlToken });
  const resend = await startFakeResend();
  const prefix = `dispatch-test-${process.pid}`;

  project.provide("env", {
    NODE_ENV: "test",
    DATABASE_URL: testEnv.integrationDatabaseUrl,
    REDIS_URL: testEnv.REDIS_URL,
    QUEUE_PREFIX: prefix,
    APP_URL: "http://shop.test",
    ERP_URL: erp.url,
    ERP_CONTROL_TOKEN: erpControlToken,
    ERP_TIMEOUT_MS: "2000",
    SYNC_BACKOFF_MS: "50",
    SYNC_BACKOFF_MAX_MS: "200",
    ERP_BREAKER_COOLDOWN_MS: "300",
    ERP_BREAKER_MIN_CALLS: "5",
    SWEEP_AFTER_MS: "1000",
    SWEEP_INTERVAL_MS: "250",
    SWEEP_MAX_REVIVALS: "2",
    DB_STATEMENT_TIMEOUT_MS: "3000",
    // Every worker of a queue must agree on it: the stalled-jobs check runs at the pace the last
    // worker to run it recorded in Redis. Short, so a killed worker's job is taken over quickly.
    JOB_LOCK_MS: "1000",
    RESEND_API_KEY: testEnv.resendApiKey,
    RESEND_BASE_URL: resend.url,
    RESEND_WEBHOOK_SECRET: testEnv.resendWebhookSecret,
    LOG_LEVEL: "silent",
    // Route handlers called directly have no socket: every test's checkouts are one client.
    CHECKOUT_RATE_LIMIT_PER_MINUTE: "1000",
  });

  return async () => {
    await Promise.all([erp.close(), resend.close()]);
    await deleteQueueKeys(prefix);
  };
}
