import { randomBytes } from "node:crypto";
import ipaddr from "ipaddr.js";
import { z } from "zod";

/**
 * The one place that reads process.env. Parsed once, on first use, so that `next build` (which
 * imports modules but has no services or secrets) never needs the run-time variables.
 * Development gets working local defaults; production must say everything that matters.
 */
const isProduction = process.env.NODE_ENV === "production";

function devDefault<T extends z.ZodType>(schema: T, fallback: z.input<T>) {
  return isProduction ? schema : schema.default(fallback as never);
}

const int = (min: number, max: number) => z.coerce.number().int().min(min).max(max);

const schema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: devDefault(
    z.url({ protocol: /^postgres(ql)?$/, error: "must be a postgresql:// URL" }),
    "postgresql://postgres@127.0.0.1:5432/dispatch",
  ),
  REDIS_URL: devDefault(z.url({ protocol: /^rediss?$/, error: "must be a redis:// URL" }), "redis://127.0.0.1:6379"),
  /** Prefix of every BullMQ key, so several shops (or test runs) can share one Redis. */
  QUEUE_PREFIX: z.string().regex(/^[\w:-]+$/).default("dispatch"),
  APP_URL: devDefault(z.url(), "http://localhost:3000"),

  ERP_URL: devDefault(z.url(), "http://127.0.0.1:4010"),
  /** The ERP takes ~8 s on a good day; give up on a call well after that. */
  ERP_TIMEOUT_MS: int(100, 120_000).default(15_000),
  /** Give up syncing an order (it waits for a person) this long after checkout or a merchant's retry. */
  SYNC_DEADLINE_MS: int(1_000, 30 * 24 * 3_600_000).default(24 * 3_600_000),
  /** How long the circuit breaker stays open before one health probe may go. */
  ERP_BREAKER_COOLDOWN_MS: int(50, 600_000).default(30_000),
  /**
   * The breaker opens when at least this share of the ERP calls in the last ERP_BREAKER_WINDOW_MS
   * failed, counted only once the window holds ERP_BREAKER_MIN_CALLS calls.
   */
  ERP_BREAKER_FAILURE_RATIO: z.coerce.number().gt(0).max(1).default(0.5),
  ERP_BREAKER_MIN_CALLS: int(1, 100_000).default(50),
  ERP_BREAKER_WINDOW_MS: int(1_000, 600_000).default(10_000),
  /** Most ERP calls per second across all workers (BullMQ's limiter). */
  ERP_RATE_LIMIT_PER_SECOND: int(1, 100_000).default(200),
  SYNC_BACKOFF_MS: int(10, 600_000).default(2_000),
  /** The longest wait between two attempts, however many have failed. */
  SYNC_BACKOFF_MAX_MS: int(10, 3_600_000).default(60_000),
  WORKER_CONCURRENCY: int(1, 5_000).default(50),
  /**
   * How long a worker's hold on a job lasts without renewal. A worker that dies (SIGKILL, lost host)
   * stops renewing; after this long its jobs count as stalled and another worker runs them again.
   */
  JOB_LOCK_MS: int(500, 600_000).default(30_000),
  /**
   * How long owed work may go without its job moving it on before the sweeper looks at the order
   * (past what the job itself should take: a backoff, an ERP call), and how often the sweeper runs.
   */
  SWEEP_AFTER_MS: int(100, 3_600_000).default(30_000),
  SWEEP_INTERVAL_MS: int(100, 3_600_000).default(5_000),
  /** How many times the sweeper re-queues an order's lost or dead job before it stops for a person. */
  SWEEP_MAX_REVIVALS: int(0, 1_000).default(5),
  /** How long a stopping worker lets its jobs finish before leaving them to be run again elsewhere. */
  WORKER_SHUTDOWN_MS: int(100, 60_000).default(10_000),
  EMAIL_CONCURRENCY: int(1, 500).default(10),
  /** Give up on one call to the mail API after this long (the job retries it). */
  EMAIL_TIMEOUT_MS: int(100, 120_000).default(10_000),
  /** PostgreSQL: how long to wait for a connection, and for one statement. */
  DB_CONNECT_TIMEOUT_MS: int(100, 120_000).default(5_000),
  DB_STATEMENT_TIMEOUT_MS: int(100, 600_000).default(15_000),
  /** `npm run worker -- --drain` (the cron) stops after this long even with work still due. */
  DRAIN_TIMEOUT_MS: int(1_000, 3_600_000).default(240_000),

  /** Checkouts and status polls allowed per client address per minute. */
  CHECKOUT_RATE_LIMIT_PER_MINUTE: int(1, 1_000_000).default(30),
  STATUS_RATE_LIMIT_PER_MINUTE: int(1, 1_000_000).default(120),
  /** Orders not synced this long after checkout are flagged in the admin. */
  SYNC_SLA_MINUTES: int(1, 24 * 60).default(5),
  /** A replay that includes orders placed longer ago than this needs the merchant's explicit confirmation. */
  REPLAY_STALE_AFTER_MS: int(60_000, 365 * 86_400_000).default(7 * 86_400_000),
  /** Alerts (lib/alerts): where notices go — both optional; without either, alerts are only logged and listed in the admin. */
  ALERT_EMAIL: z.email({ error: "must be an email address" }).optional(),
  ALERT_WEBHOOK_URL: z.url({ protocol: /^https?$/, error: "must be an http:// or https:// URL" }).optional(),
  /** A condition still holding this long after its last notice gets a reminder. */
  ALERT_REMIND_MINUTES: z.coerce.number().gt(0).max(7 * 24 * 60).default(60),
  /** How long a condition must hold before its first notice: a burst (200 orders failing in one minute) becomes one alert. */
  ALERT_GROUP_SECONDS: int(0, 3_600).default(60),
  /** Failed confirmation sends in the last hour that raise an alert. */
  ALERT_EMAIL_FAILURES_PER_HOUR: int(1, 1_000_000).default(10),
  /** How often one worker of the fleet evaluates the alert conditions. */
  ALERT_INTERVAL_MS: int(100, 3_600_000).default(15_000),
  /**
   * The bundled ERP simulator's control token (npm start makes one up for both). Set only where ERP_URL
   * is the simulator: the admin then shows its controls, and passes the token to use them.
   */
  ERP_CONTROL_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),

  LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),

  RESEND_API_KEY: z.string().min(1).optional(),
  /** How email leaves: through Resend, or into MAIL_OUTBOX_DIR. Unset: Resend when there is a key, else (outside production only) the outbox. */
  MAIL_TRANSPORT: z.enum(["resend", "outbox"]).optional(),
  /** Resend's API; tests point the real SDK at a local fake. */
  RESEND_BASE_URL: z.url().default("https://api.resend.com"),
  /** Resend's signing secret for delivery webhooks; without it POST /api/webhooks/resend answers 503. */
  RESEND_WEBHOOK_SECRET: z.string().regex(/^whsec_[A-Za-z0-9+/]+=*$/, "must be the webhook's signing secret from Resend (whsec_…)").optional(),
  EMAIL_FROM: z.string().min(3).default("Dispatch <orders@dispatch.localhost>"),
  /** Without RESEND_API_KEY, confirmation emails are written here instead of sent. */
  MAIL_OUTBOX_DIR: z.string().min(1).default(".outbox"),
  /** Bearer token for GET /api/metrics; without it the metrics are served only outside production. */
  METRICS_TOKEN: z.string().min(16, "must be at least 16 characters").optional(),
}).superRefine((env, context) => {
  // Production refuses to guess: no emails quietly written to disk, no links or cookies in the clear.
  const problem = (name: string, message: string) => context.addIssue({ code: "custom", path: [name], message });
  if (env.MAIL_TRANSPORT === "resend" && !env.RESEND_API_KEY) problem("RESEND_API_KEY", "is required with MAIL_TRANSPORT=resend");
  if (!isProduction) return;
  if (!env.MAIL_TRANSPORT && !env.RESEND_API_KEY) {
    problem("RESEND_API_KEY", "is required in production; or set MAIL_TRANSPORT=outbox to write emails to MAIL_OUTBOX_DIR on purpose");
  }
  if (env.APP_URL && !isSecureOrLocal(env.APP_URL)) problem("APP_URL", "must be https:// in production (http:// only for localhost or 127.0.0.1)");
});

/** https, or http to this machine only (npm start, the tests): where a Secure cookie or a plain link is safe. */
function isSecureOrLocal(url: string): boolean {
  const { protocol, hostname } = new URL(url);
  return protocol === "https:" || ["localhost", "127.0.0.1", "[::1]"].includes(hostname);
}

/**
 * A development process's own secret, one per process: the proxy (proxy.ts) and the pages are
 * bundled apart, so each would otherwise make up another and refuse the other's cart cookie.
 */
function processSecret(): string {
  const slot = globalThis as unknown as { dispatchSessionSecret?: string };
  return (slot.dispatchSessionSecret ??= randomBytes(32).toString("hex"));
}

/** What only the web app needs: the worker runs without the admin's secrets. */
const webSchema = z.object({
  /** Signs staff session cookies (better-auth's secret) and cart cookies; a development process makes up its own (sessions end on restart). */
  SESSION_SECRET: devDefault(z.string().min(32, "must be at least 32 characters"), processSecret()),
  /** A staff session ends after this long without a page or action, and this long after login whatever happens. */
  STAFF_IDLE_MINUTES: int(1, 24 * 60).default(30),
  STAFF_SESSION_HOURS: int(1, 30 * 24).default(12),
  /**
   * Who may name the client (lib/client-address.ts): the last TRUSTED_PROXY_HOPS hops (the socket
   * first), or any hop inside TRUSTED_PROXIES. Neither set: the socket's address, whatever headers say.
   */
  TRUSTED_PROXY_HOPS: int(0, 10).default(0),
  TRUSTED_PROXIES: z
    .string()
    .default("")
    .transform((value) => value.split(",").map((entry) => entry.trim()).filter(Boolean))
    .refine((entries) => entries.every(isProxyRange), "must be comma-separated IP addresses or CIDRs (or loopback, linklocal, uniquelocal)"),
  /** The header each trusted proxy appends the address it saw to (Upsun's router: x-client-ip). */
  TRUSTED_PROXY_HEADER: z.string().regex(/^[a-z0-9-]+$/, "must be a header name in lower case").default("x-forwarded-for"),
}).refine((web) => !(web.TRUSTED_PROXY_HOPS && web.TRUSTED_PROXIES.length), {
  path: ["TRUSTED_PROXIES"],
  message: "set TRUSTED_PROXY_HOPS or TRUSTED_PROXIES, not both",
});

/** The first owner (scripts/first-owner.ts): only the script that creates it reads these. */
const ownerSchema = z.object({
  ADMIN_EMAIL: z.email({ error: "must be an email address" }),
  ADMIN_PASSWORD: z.string().min(12, "must be at least 12 characters").max(128),
});

function isProxyRange(entry: string): boolean {
  return ["loopback", "linklocal", "uniquelocal"].includes(entry) || ipaddr.isValid(entry) || ipaddr.isValidCIDR(entry);
}

export type Config = z.infer<typeof schema>;
export type WebConfig = z.infer<typeof webSchema>;
export type OwnerConfig = z.infer<typeof ownerSchema>;

/**
 * Upsun describes each relationship with its own variables (DATABASE_HOST, REDIS_PORT, …) and
 * offers a pgsql:// URL that Prisma rejects; build the URLs the app reads from the parts.
 */
function fromPlatform(env: NodeJS.ProcessEnv): Record<string, string | undefined> {
  const derived: Record<string, string | undefined> = {};
  if (env.DATABASE_HOST && !/^postgres(ql)?:/.test(env.DATABASE_URL ?? "")) {
    const credentials = `${encodeURIComponent(env.DATABASE_USERNAME ?? "")}:${encodeURIComponent(env.DATABASE_PASSWORD ?? "")}`;
    derived.DATABASE_URL = `postgresql://${credentials}@${env.DATABASE_HOST}:${env.DATABASE_PORT ?? 5432}/${env.DATABASE_PATH ?? "main"}`;
  }
  if (env.REDIS_HOST && !env.REDIS_URL) derived.REDIS_URL = `redis://${env.REDIS_HOST}:${env.REDIS_PORT ?? 6379}`;
  return derived;
}

function parse<T extends z.ZodType>(settings: T): z.infer<T> {
  const result = settings.safeParse({ ...process.env, ...fromPlatform(process.env) });
  if (result.success) return result.data;
  const problems = result.error.issues.map(({ path, message, code }) => {
    const name = path.join(".");
    return `  ${name}: ${process.env[name] === undefined && code !== "custom" ? "is required but not set" : message}`;
  });
  throw new Error(`Invalid environment:\n${problems.join("\n")}`);
}

let parsed: Config | undefined;
let parsedWeb: WebConfig | undefined;
let parsedOwner: OwnerConfig | undefined;

/** The settings every process (web, worker, scripts) shares. */
export function config(): Config {
  return (parsed ??= parse(schema));
}

/** The web app's own settings, on top of config(). */
export function webConfig(): WebConfig {
  return (parsedWeb ??= parse(webSchema));
}

/** The first owner's email and password, for the script that creates it. */
export function ownerConfig(): OwnerConfig {
  return (parsedOwner ??= parse(ownerSchema));
}
