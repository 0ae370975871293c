import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { Ajv } from "ajv";
import { afterEach, describe, expect, it, vi } from "vitest";
import { parse } from "yaml";

// What Upsun will do with .upsun/*.yaml, checked before a push: the file against Upsun's published
// JSON Schema (tests/support/upsun-config.schema.json, from Upsun's platformify validator, MIT),
// then what Dispatch itself relies on.

const root = path.resolve(import.meta.dirname, "../..");
const read = (file: string) => readFileSync(path.join(root, file), "utf8");

interface Commands {
  start: string;
}
interface App {
  type: string;
  build: { flavor: string };
  hooks: { build: string; deploy: string };
  relationships: Record<string, { service: string; endpoint: string }>;
  variables: { env: Record<string, string> };
  web: { commands: Commands };
  mounts: Record<string, { source: string }>;
  workers: Record<string, { commands: Commands }>;
  crons: Record<string, { spec: string; commands: Commands; shutdown_timeout: number }>;
}

// Upsun merges every .yaml file in .upsun/.
const upsun: Record<string, Record<string, unknown>> = Object.assign(
  {},
  ...readdirSync(path.join(root, ".upsun"))
    .filter((file) => file.endsWith(".yaml"))
    .map((file) => parse(read(`.upsun/${file}`))),
);
const apps = upsun.applications as Record<string, App>;
const app = apps.dispatch!;
const services = upsun.services as Record<string, { type: string; configuration?: Record<string, string> }>;
const pkg = JSON.parse(read("package.json")) as { scripts: Record<string, string>; dependencies: Record<string, string> };

/** Every `npm run <script>` and `npx <bin>` a shell command runs. */
function invocations(command: string) {
  return {
    scripts: [...command.matchAll(/npm run ([\w:-]+)/g)].map((match) => match[1]!),
    bins: [...command.matchAll(/npx ([\w@/-]+)/g)].map((match) => match[1]!),
  };
}

const commands = [
  app.hooks.build,
  app.hooks.deploy,
  app.web.commands.start,
  ...Object.values(app.workers).map((worker) => worker.commands.start),
  ...Object.values(app.crons).map((cron) => cron.commands.start),
];

describe(".upsun/config.yaml", () => {
  it("validates against Upsun's schema, with only the top-level keys Upsun's CLI accepts", () => {
    const ajv = new Ajv({ strict: false, allErrors: true });
    const validate = ajv.compile(JSON.parse(read("tests/support/upsun-config.schema.json")));
    expect(validate(upsun), ajv.errorsText(validate.errors)).toBe(true);
    expect(Object.keys(upsun).sort()).toEqual(["applications", "routes", "services"]);
  });

  it("runs only scripts that package.json has, and binaries the production dependencies install", () => {
    for (const command of commands) {
      const { scripts, bins } = invocations(command);
      for (const script of scripts) expect(pkg.scripts, command).toHaveProperty(script);
      for (const bin of bins) expect(pkg.dependencies, command).toHaveProperty(bin);
    }
  });

  it("builds what web and worker start: npm ci with the devDependencies the build needs, then next build", () => {
    expect(app.type).toBe("nodejs:24");
    expect(app.build.flavor).toBe("none");
    expect(app.hooks.build).toMatch(/^set -e$/m);
    // NODE_ENV=production applies to the build too, where npm ci would otherwise leave them out.
    expect(app.variables.env.NODE_ENV).toBe("production");
    expect(app.hooks.build).toMatch(/npm ci --include=dev/);
    expect(invocations(app.hooks.build).scripts).toContain("build");
    expect(pkg.scripts.build).toBe("next build");
    expect(pkg.scripts.postinstall).toBe("npm run db:generate"); // the Prisma client the build imports

    expect(app.web.commands.start).toMatch(/^node server\.mjs -p \$PORT$/);
    // Upsun's router is the one proxy before the app, and names the client in X-Client-IP.
    expect(app.variables.env).toMatchObject({ TRUSTED_PROXY_HOPS: "1", TRUSTED_PROXY_HEADER: "x-client-ip" });
    const workerStart = app.workers.queue!.commands.start;
    expect(workerStart).toBe("npm run worker");
    const entry = /^node (?:--\S+ )*--import tsx ([\w/.]+)$/.exec(pkg.scripts.worker!)?.[1];
    expect(entry && existsSync(path.join(root, entry))).toBe(true);
    expect(pkg.dependencies).toHaveProperty("tsx");
  });

  it("applies migrations in the deploy hook and fails loudly", () => {
    expect(app.hooks.deploy).toMatch(/^set -e$/m);
    expect(invocations(app.hooks.deploy).scripts[0]).toBe("db:migrate");
  });

  it("creates the first owner in the deploy hook, after the migrations, without resetting an existing one", () => {
    const scripts = invocations(app.hooks.deploy).scripts;
    expect(scripts.indexOf("staff:owner")).toBeGreaterThan(scripts.indexOf("db:migrate"));
    expect(app.hooks.deploy).not.toContain("--reset-password");
  });

  it("keeps the cron that drains the queue off unless DRAIN_BY_CRON=1, and within Upsun's limits", () => {
    const cron = app.crons["drain-queue"]!;
    expect(cron.commands.start).toContain('[ "$DRAIN_BY_CRON" = "1" ]');
    expect(cron.commands.start).toContain("npm run worker -- --drain");
    expect(app.variables.env).not.toHaveProperty("DRAIN_BY_CRON");
    expect(cron.spec).toBe("*/5 * * * *"); // Upsun runs crons at most every 5 minutes
  });

  it("gives the queue a persistent Redis that never evicts, and PostgreSQL", () => {
    const redis = services[app.relationships.redis!.service]!;
    expect(redis.type).toMatch(/^redis-persistent:/);
    expect(redis.configuration?.maxmemory_policy).toBe("noeviction");
    expect(services[app.relationships.database!.service]!.type).toMatch(/^postgresql:/);
  });

  it("mounts every path the app writes at run time", () => {
    expect(Object.keys(app.mounts).sort()).toEqual([".next/cache", ".outbox"]);
  });

  it("routes the default domain to the app", () => {
    const routes = upsun.routes as Record<string, { type: string; upstream?: string }>;
    expect(routes["https://{default}/"]).toEqual({ type: "upstream", upstream: "dispatch:http" });
  });
});

describe("the config module and Upsun's relationship variables", () => {
  afterEach(() => {
    vi.unstubAllEnvs();
    vi.resetModules();
  });

  it("builds every relationship's URL from the variables Upsun sets for it", async () => {
    for (const [name, { endpoint }] of Object.entries(app.relationships)) {
      const prefix = name.toUpperCase();
      const scheme = endpoint === "postgresql" ? "pgsql" : endpoint;
      // As Upsun sets them; its pgsql:// URL is one Prisma rejects.
      vi.stubEnv(`${prefix}_URL`, endpoint === "postgresql" ? `${scheme}://main:s3cret%2F%2B@${name}.internal:1234/main` : undefined);
      vi.stubEnv(`${prefix}_SCHEME`, scheme);
      vi.stubEnv(`${prefix}_HOST`, `${name}.internal`);
      vi.stubEnv(`${prefix}_PORT`, "1234");
      vi.stubEnv(`${prefix}_USERNAME`, "main");
      vi.stubEnv(`${prefix}_PASSWORD`, "s3cret/+");
      vi.stubEnv(`${prefix}_PATH`, "main");
    }
    const { config } = await import("@/lib/config");

    expect(config().DATABASE_URL).toBe("postgresql://main:s3cret%2F%2B@database.internal:1234/main");
    expect(config().REDIS_URL).toBe("redis://redis.internal:1234");
  });

  it("lets the worker start in production without the web app's secrets, and not the web app", async () => {
    vi.stubEnv("NODE_ENV", "production");
    for (const [name, value] of Object.entries({
      DATABASE_URL: "postgresql://main@db/main",
      REDIS_URL: "redis://queue:6379",
      APP_URL: "https://shop.example",
      ERP_URL: "https://erp.example",
      RESEND_API_KEY: "re_upsun_sensitive_variable",
      SESSION_SECRET: undefined,
    })) {
      vi.stubEnv(name, value);
    }
    const { config, webConfig } = await import("@/lib/config");

    expect(config().NODE_ENV).toBe("production");
    expect(() => webConfig()).toThrow(/SESSION_SECRET: is required but not set/);
  });
});
