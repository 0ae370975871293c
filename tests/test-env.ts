/**
 * Where the test suites run: their own databases (dropped and migrated afresh each run), their own
 * BullMQ prefix in the shared Redis, and ports that do not clash with a running `npm start`.
 */
const databaseServer = process.env.TEST_DATABASE_SERVER ?? "postgresql://postgres@127.0.0.1:5432";

export const testEnv = {
  databaseServer,
  REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
  /** TEST_DATABASE_NAME lets two integration runs share a machine without dropping each other's database. */
  integrationDatabaseUrl: `${databaseServer}/${process.env.TEST_DATABASE_NAME ?? "dispatch_test"}`,
  /** The E2E_* variables let two end-to-end runs (two checkouts) share a machine. */
  e2eDatabaseName: process.env.E2E_DATABASE_NAME ?? "dispatch_e2e",
  e2eWebPort: Number(process.env.E2E_WEB_PORT ?? 3100),
  e2eErpPort: Number(process.env.E2E_ERP_PORT ?? 4110),
  resendApiKey: "re_test_key",
  /** Signs the fake Resend's webhooks (a Svix secret: whsec_ and base64). */
  resendWebhookSecret: "whsec_ZGlzcGF0Y2gtdGVzdC13ZWJob29rLXNlY3JldC0wMTIz",
};
