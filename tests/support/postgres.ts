import { execFile, spawnSync } from "node:child_process";
import { chownSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir, userInfo } from "node:os";
import path from "node:path";
import { promisify } from "node:util";
import pg from "pg";
import { recreateDatabase } from "./database";
import { freePort } from "./ports";

/**
 * A PostgreSQL cluster of the test run's own, in a temporary directory, so a fault test may stop
 * and restart the server without touching the machine's shared one. Trust auth, no fsync, on
 * 127.0.0.1 only. PostgreSQL refuses to run as root: as root, it runs as the `postgres` user.
 */
export interface PrivatePostgres {
  /** postgresql://postgres@127.0.0.1:<port>, without a database. */
  serverUrl: string;
  /** How long initdb and the first start took. */
  startupMs: number;
  /**
   * A fresh database with the project's migrations and seed (applied once, to a template that each
   * database copies); `timeZone` becomes its default TimeZone.
   */
  createDatabase(name: string, options?: { timeZone?: string }): Promise<string>;
  /** Drops it, ending its connections: whatever still holds one cannot write there any more. */
  dropDatabase(name: string): Promise<void>;
  /** `pg_ctl restart -m fast`, or with `pauseMs` a fast stop, that long down, and a start. */
  restart(options?: { pauseMs?: number }): Promise<void>;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

const TEMPLATE = "dispatch_faults_template_test";

/** pg_config's bindir, else the newest /usr/lib/postgresql/<version>/bin. */
function binDir(): string {
  const configured = spawnSync("pg_config", ["--bindir"], { encoding: "utf8" });
  if (configured.status === 0 && configured.stdout.trim()) return configured.stdout.trim();
  const versions = readdirSync("/usr/lib/postgresql")
    .filter((name) => /^\d+$/.test(name))
    .sort((a, b) => Number(b) - Number(a));
  if (!versions[0]) throw new Error("No PostgreSQL binaries: neither pg_config nor /usr/lib/postgresql/<version>/bin");
  return `/usr/lib/postgresql/${versions[0]}/bin`;
}

function idOf(flag: "-u" | "-g", user: string): number {
  const result = spawnSync("id", [flag, user], { encoding: "utf8" });
  if (result.status !== 0) throw new Error(`Running as root, and there is no ${user} user to run PostgreSQL as`);
  return Number(result.stdout);
}

export async function startPostgres(): Promise<PrivatePostgres> {
  const started = performance.now();
  const bin = binDir();
  const root = mkdtempSync(path.join(tmpdir(), "dispatch-pg-"));
  const data = path.join(root, "data");
  const asRoot = userInfo().uid === 0;
  if (asRoot) chownSync(root, idOf("-u", "postgres"), idOf("-g", "postgres"));

  const command = (tool: string, args: string[]) =>
    asRoot ? ["runuser", "-u", "postgres", "--", path.join(bin, tool), ...args] : [path.join(bin, tool), ...args];
  // Asynchronous, so that the test's own clients keep running while the server restarts.
  const run = async (tool: string, ...args: string[]) => {
    const [file, ...rest] = command(tool, args);
    try {
      await promisify(execFile)(file!, rest);
    } catch (error) {
      const { stderr, stdout } = error as { stderr?: string; stdout?: string };
      throw new Error(`${tool} ${args.join(" ")} failed:\n${stderr || stdout || (error as Error).message}`);
    }
  };

  await run("initdb", "-D", data, "-U", "postgres", "--auth=trust", "--no-sync", "--no-instructions", "-E", "UTF8", "--locale=C");
  const port = await freePort();
  const settings = [
    `port=${port}`,
    "listen_addresses=127.0.0.1",
    `unix_socket_directories=${root}`,
    "fsync=off",
    "synchronous_commit=off",
    "full_page_writes=off",
    "max_connections=200",
  ];
  const ctl = (...args: string[]) => ["-D", data, "-l", path.join(root, "server.log"), "-w", "-t", "60", ...args];
  // pg_ctl keeps the options for its restarts.
  const start = () => run("pg_ctl", ...ctl("start", "-o", settings.map((setting) => `-c ${setting}`).join(" ")));

  // A run cut short (a crash, Ctrl-C) must not leave a server behind; "exit" allows only synchronous work.
  const removeAll = () => {
    const [file, ...rest] = command("pg_ctl", ctl("stop", "-m", "immediate"));
    spawnSync(file!, rest);
    rmSync(root, { recursive: true, force: true });
  };
  process.once("exit", removeAll);
  await start();
  const serverUrl = `postgresql://postgres@127.0.0.1:${port}`;
  let template: Promise<void> | undefined;
  const asAdmin = async (work: (admin: pg.Client) => Promise<unknown>) => {
    const admin = new pg.Client({ connectionString: `${serverUrl}/postgres` });
    await admin.connect();
    try {
      await work(admin);
    } finally {
      await admin.end();
    }
  };

  return {
    serverUrl,
    startupMs: Math.round(performance.now() - started),

    async createDatabase(name, { timeZone } = {}) {
      // Migrated and seeded once; each database after that is a copy, which takes a fraction of the time.
      template ??= recreateDatabase(`${serverUrl}/${TEMPLATE}`);
      await template;
      await asAdmin(async (admin) => {
        await admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
        await admin.query(`CREATE DATABASE "${name}" TEMPLATE "${TEMPLATE}"`);
        if (timeZone) await admin.query(`ALTER DATABASE "${name}" SET timezone TO ${admin.escapeLiteral(timeZone)}`);
      });
      return `${serverUrl}/${name}`;
    },

    dropDatabase: (name) => asAdmin((admin) => admin.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`)),

    async restart({ pauseMs = 0 } = {}) {
      if (!pauseMs) return run("pg_ctl", ...ctl("restart", "-m", "fast"));
      await run("pg_ctl", ...ctl("stop", "-m", "fast"));
      await new Promise((resolve) => setTimeout(resolve, pauseMs));
      await start();
    },

    async stop() {
      process.off("exit", removeAll);
      await run("pg_ctl", ...ctl("stop", "-m", "fast"));
      rmSync(root, { recursive: true, force: true });
    },
  };
}
