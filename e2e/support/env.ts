import { testEnv } from "../../tests/test-env";

const web = `http://127.0.0.1:${testEnv.e2eWebPort}`;
const erp = `http://127.0.0.1:${testEnv.e2eErpPort}`;

/** The shop as the end-to-end suite runs it: its own database, queue prefix, ports and outbox. */
export const e2e = {
  webUrl: web,
  erpUrl: erp,
  outboxDir: "test-results/e2e-outbox",
  /** The address the shop trusts as its proxy (TRUSTED_PROXIES): requests from it may name the client. */
  trustedProxy: "127.0.0.2",
  /** Shared by the web app and the worker. */
  appEnv: {
    DATABASE_URL: `${testEnv.databaseServer}/${testEnv.e2eDatabaseName}`,
    REDIS_URL: testEnv.REDIS_URL,
    QUEUE_PREFIX: testEnv.e2eDatabaseName.replaceAll("_", "-"),
    APP_URL: web,
    ERP_URL: erp,
    ERP_TIMEOUT_MS: "10000",
    // Long enough that a page polling every 2 s sees an order in Retrying before it stops at the
    // deadline, short enough for a test to see it stop during an ERP outage.
    SYNC_DEADLINE_MS: "15000",
    SYNC_BACKOFF_MS: "1000",
    ERP_BREAKER_COOLDOWN_MS: "2000",
    // The first owner (e2e/support/prepare.ts), who logs in as "Marta".
    ADMIN_EMAIL: "marta@shop.test",
    ADMIN_PASSWORD: "e2e-admin-password",
    SESSION_SECRET: "e2e-session-secret-e2e-session-secret-0123456789",
    ERP_CONTROL_TOKEN: "e2e-erp-control-token-0123456789",
    METRICS_TOKEN: "e2e-metrics-token-0123456789",
    TRUSTED_PROXIES: "127.0.0.2",
    CHECKOUT_RATE_LIMIT_PER_MINUTE: "60",
    STATUS_RATE_LIMIT_PER_MINUTE: "120",
    MAIL_TRANSPORT: "outbox",
    MAIL_OUTBOX_DIR: "test-results/e2e-outbox",
    RESEND_WEBHOOK_SECRET: testEnv.resendWebhookSecret,
    LOG_LEVEL: "warn",
    NEXT_TELEMETRY_DISABLED: "1",
  },
};
