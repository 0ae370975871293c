#!/usr/bin/env node
// `npm start`: from a fresh clone to the whole shop running — web, worker and ERP simulator.
// Plain Node with no dependencies until they are installed, so it can install them itself.
import { spawnSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { existsSync, statSync } from "node:fs";
import net from "node:net";

const port = process.env.PORT ?? "3000";
const erpPort = process.env.ERP_PORT ?? "4010";
const env = {
  ...process.env,
  DATABASE_URL: process.env.DATABASE_URL ?? "postgresql://postgres@127.0.0.1:5432/dispatch",
  REDIS_URL: process.env.REDIS_URL ?? "redis://127.0.0.1:6379",
  APP_URL: process.env.APP_URL ?? `http://localhost:${port}`,
  ERP_URL: process.env.ERP_URL ?? `http://127.0.0.1:${erpPort}`,
  ERP_PORT: erpPort,
  // A local shop: the first owner's password is made up for this run (and printed) unless you set one.
  ADMIN_EMAIL: process.env.ADMIN_EMAIL ?? "owner@dispatch.localhost",
  ADMIN_PASSWORD: process.env.ADMIN_PASSWORD ?? randomBytes(12).toString("base64url"),
  SESSION_SECRET: process.env.SESSION_SECRET ?? randomBytes(32).toString("hex"),
  // The simulator's controls (and its stored orders) answer only to this token; the admin passes it.
  ERP_CONTROL_TOKEN: process.env.ERP_CONTROL_TOKEN ?? randomBytes(24).toString("base64url"),
  // A local shop: without a Resend key, emails go to the outbox on purpose (production never guesses that).
  MAIL_TRANSPORT: process.env.MAIL_TRANSPORT ?? (process.env.RESEND_API_KEY ? "resend" : "outbox"),
  // The merchant's alerts (lib/alerts) go to a made-up address, so they land in the outbox with the rest.
  ALERT_EMAIL: process.env.ALERT_EMAIL ?? "merchant@dispatch.localhost",
  NEXT_TELEMETRY_DISABLED: "1",
};

const step = (message) => console.log(`\n\u25b6 ${message}`);
function fail(message) {
  console.error(`\n\u2716 ${message}`);
  process.exit(1);
}
function run(command, args, what) {
  const result = spawnSync(command, args, { stdio: "inherit", env });
  if (result.status !== 0) fail(`${what} failed (exit ${result.status}). See the output above.`);
}

const [major, minor] = process.versions.node.split(".").map(Number);
if (major < 20 || (major === 20 && minor < 19)) fail(`Dispatch needs Node.js 20.19 or newer; this is ${process.versions.node}.`);

const installed = "node_modules/.package-lock.json";
if (!existsSync(installed) || statSync("package-lock.json").mtimeMs > statSync(installed).mtimeMs) {
  step("Installing dependencies (npm ci)");
  run("npm", ["ci", "--no-audit", "--no-fund"], "npm ci");
}

step("Checking PostgreSQL and Redis");
const reachable = (url, defaultPort) =>
  new Promise((resolve) => {
    const { hostname, port: p } = new URL(url);
    const socket = net.connect({ host: hostname.replace(/^\[|\]$/g, ""), port: Number(p || defaultPort), timeout: 2000 });
    socket.once("connect", () => (socket.destroy(), resolve(true)));
    socket.once("timeout", () => (socket.destroy(), resolve(false)));
    socket.once("error", () => resolve(false));
  });
const where = (url) => new URL(url).host;
if (!(await reachable(env.DATABASE_URL, 5432))) {
  fail(`PostgreSQL is not reachable at ${where(env.DATABASE_URL)}.
  Start it, for example on Debian or Ubuntu:
    sudo apt-get install -y postgresql && sudo pg_ctlcluster --skip-systemctl-redirect $(ls /etc/postgresql) main start
  or point DATABASE_URL at your server (postgresql://user:password@host:5432/dispatch).`);
}
if (!(await reachable(env.REDIS_URL, 6379))) {
  fail(`Redis is not reachable at ${where(env.REDIS_URL)}.
  Start it, for example on Debian or Ubuntu:
    sudo apt-get install -y redis-server && redis-server --daemonize yes --maxmemory-policy noeviction
  or point REDIS_URL at your server (redis://host:6379).`);
}
for (const [name, busy] of [["PORT", port], ["ERP_PORT", erpPort]]) {
  if (await reachable(`http://127.0.0.1:${busy}`)) fail(`Port ${busy} is already in use (is the shop already running?). Stop that process or set ${name}.`);
}
console.log(`  PostgreSQL at ${where(env.DATABASE_URL)}, Redis at ${where(env.REDIS_URL)}: reachable.`);

step("Preparing the database (migrations, then the catalog)");
run("npm", ["run", "--silent", "db:generate"], "Generating the Prisma client");
run("npm", ["run", "--silent", "db:migrate"], "Applying migrations");
run("npm", ["run", "--silent", "db:seed"], "Seeding the catalog");
// The first owner, with the password printed below (ending its sessions if that changed it).
run("npm", ["run", "--silent", "staff:owner", "--", "--reset-password"], "Creating the admin's first owner");

step("Building the web app");
run("npx", ["next", "build"], "next build");

step("Starting web, worker and ERP simulator (Ctrl-C stops all three)");
const { default: concurrently } = await import("concurrently");
const { result } = concurrently(
  [
    { name: "web", command: `node server.mjs -p ${port}`, prefixColor: "blue", env },
    { name: "worker", command: "npm run --silent worker", prefixColor: "magenta", env },
    { name: "erp", command: "npm run --silent erp", prefixColor: "yellow", env },
  ],
  { killOthersOn: ["failure", "success"], prefix: "name" },
);

// Tell the newcomer where to look once the web app answers.
for (let tries = 0; tries < 120; tries++) {
  const up = await fetch(env.APP_URL).then((response) => response.ok, () => false);
  if (up) {
    const mail = env.MAIL_TRANSPORT === "resend" ? "sent through Resend" : `written to ${env.MAIL_OUTBOX_DIR ?? ".outbox"}/ (MAIL_TRANSPORT=outbox)`;
    console.log(`
  Dispatch is running at ${env.APP_URL}
  Merchant admin: ${env.APP_URL}/admin — log in as ${env.ADMIN_EMAIL} with the password ${env.ADMIN_PASSWORD}
  (the owner: invite staff from the admin's Staff page; their links land in the outbox below)
  The ERP simulator answers at ${env.ERP_URL} (8 s per order, like the real one).
  Confirmation emails are ${mail}; so are the merchant's alerts, to ${env.ALERT_EMAIL} (history at ${env.APP_URL}/admin/alerts).
`);
    break;
  }
  await new Promise((resolve) => setTimeout(resolve, 500));
}
await result.catch(() => process.exit(1));
