/**
 * Where the test suites run: their own databases (dropped and migrated afresh each run), their own
 * BullMQ prefix in the shared Redis, and ports that do not clash with a running `npm start`.
 */
const databaseServer = process.env.TEST_DATABASE_SERVER ?? "postgresql://postgres@127.0.0.1:5432";

export const testEnv = {
  REDIS_URL: process.env.TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
  /** TEST_DATABASE_NAME lets two integration runs share a machine without dropping each other's database. */
  integrationDatabaseUrl: `${databaseServer}/${process.env.TEST_DATABASE_NAME ?? "dispatch_test"}`,
  e2eDatabaseUrl: `${databaseServer}/dispatch_e2e`,
  e2eWebPort: 3100,
  e2eErpPort: 4110,
  e2eResendPort: 4111,
  resendApiKey: "re_test_key",
};
