import { spawnSync } from "node:child_process";
import { recreateDatabase } from "../../tests/support/database";
import { deleteQueueKeys } from "../../tests/support/queue-keys";
import { e2e } from "./env";

// Runs before the shop starts: a fresh database and an empty queue for the suite.
await recreateDatabase(e2e.appEnv.DATABASE_URL);
await deleteQueueKeys(e2e.appEnv.QUEUE_PREFIX);
// The first owner, made as npm start makes it.
const owner = spawnSync("npm", ["run", "--silent", "staff:owner"], { env: { ...process.env, ...e2e.appEnv }, encoding: "utf8" });
if (owner.status !== 0) throw new Error(`staff:owner failed:\n${owner.stderr || owner.stdout}`);
console.log("e2e database and queue ready");
