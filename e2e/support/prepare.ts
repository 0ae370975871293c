import { recreateDatabase } from "../../tests/support/database";
import { deleteQueueKeys } from "../../tests/support/queue-keys";
import { e2e } from "./env";

// Runs before the shop starts: a fresh database and an empty queue for the suite.
await recreateDatabase(e2e.appEnv.DATABASE_URL);
await deleteQueueKeys(e2e.appEnv.QUEUE_PREFIX);
console.log("e2e database and queue ready");
