import { createHash } from "node:crypto";

/**
 * The in-memory ERP: idempotent order intake with injectable latency, failures, outages, address
 * rejections and SKUs it does not know.
 * No HTTP here, so the rules can be read (and reasoned about) apart from the transport.
 */

/** What a real ERP's gateway answers when it is down, misconfigured or refusing us. */
export const OUTAGE_STATUSES = [401, 403, 404, 405, 407, 429, 500, 502, 503, 504] as const;
export type OutageStatus = (typeof OUTAGE_STATUSES)[number];

/** Behaviour knobs, changeable at run time through POST /control. */
export interface ErpSettings {
  latencyMs: number;
  failureRate: number;
  outage: boolean;
  /** The answer to POST /orders and GET /health while `outage` is on. */
  outageStatus: OutageStatus;
  /** Sent as Retry-After with every 429 and 503 when not 0. */
  retryAfterSeconds: number;
  /** Orders shipping to these (trimmed, in any case) fail the ERP's address validation with 422. */
  rejectPostalCodes: readonly string[];
  /** SKUs this ERP does not know (exact): an order with a line carrying one is refused with 422. */
  unknownSkus: readonly string[];
}

export const DEFAULT_SETTINGS: Readonly<ErpSettings> = {
  latencyMs: 8_000,
  failureRate: 0,
  outage: false,
  outageStatus: 503,
  retryAfterSeconds: 0,
  rejectPostalCodes: [],
  unknownSkus: [],
};
const SETTING_NAMES = Object.keys(DEFAULT_SETTINGS) as (keyof ErpSettings)[];

export interface ErpStats {
  records: number;
  duplicatesRefused: number;
  requests: number;
  failuresInjected: number;
  outageRefusals: number;
  /** Orders refused by address or SKU validation (once per attempt, however many requests joined it). */
  rejected: number;
  /** GET /health calls (a circuit breaker's probes), which are not `requests`. */
  healthChecks: number;
  /** Orders currently in their latency wait (one per idempotency key, however many requests joined it). */
  inFlight: number;
}

export interface ErpRecord {
  reference: string;
  /** When the ERP committed the order: the end of the latency wait, not the arrival. */
  receivedAt: string;
  idempotencyKey: string;
  order: Record<string, unknown>;
}

export type SubmitOutcome =
  | { kind: "created" | "replayed"; reference: string; receivedAt: string }
  | { kind: "invalid"; error: string }
  | { kind: "conflict" }
  | { kind: "outage"; status: OutageStatus }
  | { kind: "rejected"; postalCode: string; country: string }
  | { kind: "unknown-sku"; sku: string }
  | { kind: "failed" }
  | { kind: "cancelled" };

export const MAX_LATENCY_MS = 600_000;
export const MAX_RETRY_AFTER_SECONDS = 3_600;
export const MAX_REJECTED_POSTAL_CODES = 100;
export const MAX_POSTAL_CODE_LENGTH = 20;
export const MAX_UNKNOWN_SKUS = 100;
export const MAX_SKU_LENGTH = 64;
const MAX_KEY_LENGTH = 255;

type Result<T> = { ok: true; value: T } | { ok: false; error: string };

const isIntegerIn = (value: unknown, min: number, max: number) =>
  typeof value === "number" && Number.isInteger(value) && value >= min && value <= max;

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v);

/** Problem with one setting's value, or undefined; shared by /control and the env parser. */
export function settingError(name: keyof ErpSettings, value: unknown): string | undefined {
  switch (name) {
    case "latencyMs":
      return isIntegerIn(value, 0, MAX_LATENCY_MS) ? undefined : `must be an integer from 0 to ${MAX_LATENCY_MS}`;
    case "failureRate":
      return typeof value === "number" && value >= 0 && value <= 1 ? undefined : "must be a number from 0 to 1";
    case "outage":
      return typeof value === "boolean" ? undefined : "must be a boolean";
    case "outageStatus":
      return (OUTAGE_STATUSES as readonly unknown[]).includes(value) ? undefined : `must be one of ${OUTAGE_STATUSES.join(", ")}`;
    case "retryAfterSeconds":
      return isIntegerIn(value, 0, MAX_RETRY_AFTER_SECONDS)
        ? undefined
        : `must be an integer from 0 (no Retry-After) to ${MAX_RETRY_AFTER_SECONDS}`;
    case "rejectPostalCodes": {
      const rule = `must be a list of at most ${MAX_REJECTED_POSTAL_CODES} postal codes of 1 to ${MAX_POSTAL_CODE_LENGTH} characters`;
      if (!Array.isArray(value)) return rule;
      if (value.length > MAX_REJECTED_POSTAL_CODES) return `${rule}; got ${value.length}`;
      const fits = (code: unknown) => typeof code === "string" && isIntegerIn(code.trim().length, 1, MAX_POSTAL_CODE_LENGTH);
      const bad = value.findIndex((code) => !fits(code));
      return bad === -1 ? undefined : `${rule}; ${JSON.stringify(value[bad]) ?? String(value[bad])} is not one`;
    }
    case "unknownSkus": {
      const rule = `must be a list of at most ${MAX_UNKNOWN_SKUS} SKUs of 1 to ${MAX_SKU_LENGTH} characters`;
      if (!Array.isArray(value) || value.length > MAX_UNKNOWN_SKUS) return rule;
      const bad = value.findIndex((sku) => !(typeof sku === "string" && isIntegerIn(sku.length, 1, MAX_SKU_LENGTH)));
      return bad === -1 ? undefined : `${rule}; ${JSON.stringify(value[bad]) ?? String(value[bad])} is not one`;
    }
  }
}

/** Unknown keys are refused so that a typo ("latency") does not silently change nothing. */
export function parseSettingsPatch(input: unknown): Result<Partial<ErpSettings>> {
  if (!isObject(input)) return { ok: false, error: "body must be a JSON object" };
  for (const [key, value] of Object.entries(input)) {
    const name = SETTING_NAMES.find((k) => k === key);
    if (!name) return { ok: false, error: `unknown setting "${key}" (expected ${SETTING_NAMES.join(", ")})` };
    const error = settingError(name, value);
    if (error) return { ok: false, error: `${name} ${error}` };
  }
  return { ok: true, value: input as Partial<ErpSettings> };
}

/** Key order and whitespace must not make the "same" order look different. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(",")}]`;
  if (isObject(v)) {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${canonical(v[k])}`)
      .join(",")}}`;
  }
  return JSON.stringify(v);
}

function parseOrder(body: string): Result<{ order: Record<string, unknown>; fingerprint: string }> {
  let value: unknown;
  try {
    value = JSON.parse(body);
  } catch {
    return { ok: false, error: "body must be valid JSON" };
  }
  if (!isObject(value)) return { ok: false, error: "body must be a JSON object (an order)" };
  if (typeof value.orderId !== "string" || value.orderId === "") {
    return { ok: false, error: "orderId must be a non-empty string" };
  }
  if (!Array.isArray(value.items) || value.items.length === 0) {
    return { ok: false, error: "items must be a non-empty array" };
  }
  try {
    return { ok: true, value: { order: value, fingerprint: createHash("sha256").update(canonical(value)).digest("hex") } };
  } catch {
    return { ok: false, error: "body nests too deeply" }; // stack overflow in canonical()
  }
}

interface KeyEntry {
  fingerprint: string;
  /** Settles when the first request's attempt ends; later requests with the key share it. */
  result: Promise<SubmitOutcome>;
}

type Refusal = Extract<SubmitOutcome, { kind: "rejected" | "unknown-sku" | "failed" }>;

const samePostalCode = (a: string, b: string) => a.trim().toUpperCase() === b.trim().toUpperCase();

interface Wait {
  timer: NodeJS.Timeout;
  settle: (completed: boolean) => void;
}

const noCounts = () => ({ duplicatesRefused: 0, requests: 0, failuresInjected: 0, outageRefusals: 0, rejected: 0, healthChecks: 0 });

export class ErpSimulator {
  #settings: ErpSettings;
  readonly #random: () => number;
  #records = new Map<string, ErpRecord>();
  #keys = new Map<string, KeyEntry>();
  #waits = new Set<Wait>();
  #counts = noCounts();
  #sequence = 0;

  constructor(settings: ErpSettings, random: () => number = Math.random) {
    this.#settings = { ...settings };
    this.#random = random;
  }

  get settings(): ErpSettings {
    return { ...this.#settings };
  }

  /** Applies to requests that arrive afterwards; orders already waiting keep their fate. */
  configure(patch: Partial<ErpSettings>): ErpSettings {
    this.#settings = { ...this.#settings, ...patch };
    return this.settings;
  }

  stats(): ErpStats {
    return { records: this.#records.size, ...this.#counts, inFlight: this.#waits.size };
  }

  /** Every record, for reconciling the shop's orders against what the ERP holds. */
  list(): ErpRecord[] {
    return [...this.#records.values()];
  }

  find(reference: string): ErpRecord | undefined {
    return this.#records.get(reference);
  }

  /** Orders still waiting are cancelled, so nothing from before a reset lands after it. */
  reset(): void {
    for (const wait of this.#waits) {
      clearTimeout(wait.timer);
      wait.settle(false);
    }
    this.#waits.clear();
    this.#records.clear();
    this.#keys.clear();
    this.#counts = noCounts();
    this.#sequence = 0;
  }

  /** A health check: true while the ERP is up (it counts the call). */
  checkHealth(): boolean {
    this.#counts.healthChecks++;
    return !this.#settings.outage;
  }

  async submit(idempotencyKey: string | undefined, body: string): Promise<SubmitOutcome> {
    this.#counts.requests++;
    // Like a load balancer with no backend: refused at once, before anything is looked at.
    if (this.#settings.outage) {
      this.#counts.outageRefusals++;
      return { kind: "outage", status: this.#settings.outageStatus };
    }
    const key = idempotencyKey?.trim();
    if (!key || key.length > MAX_KEY_LENGTH) {
      return { kind: "invalid", error: `Idempotency-Key header is required (1 to ${MAX_KEY_LENGTH} characters)` };
    }
    const parsed = parseOrder(body);
    if (!parsed.ok) return { kind: "invalid", error: parsed.error };

    const existing = this.#keys.get(key);
    if (!existing) return this.#attempt(key, parsed.value.order, parsed.value.fingerprint);
    if (existing.fingerprint !== parsed.value.fingerprint) return { kind: "conflict" };
    // A replay, or a duplicate arriving mid-wait: it shares the first attempt's fate.
    const first = await existing.result;
    if (first.kind !== "created") return first;
    this.#counts.duplicatesRefused++;
    return { ...first, kind: "replayed" };
  }

  #attempt(key: string, order: Record<string, unknown>, fingerprint: string): Promise<SubmitOutcome> {
    // Validation first, as a real ERP would; an injected failure only hits orders that pass it.
    const refusal: Refusal | undefined =
      this.#postalCodeRefusal(order) ?? this.#unknownSkuRefusal(order) ?? (this.#random() < this.#settings.failureRate ? { kind: "failed" } : undefined);
    const result = this.#wait(this.#settings.latencyMs).then((completed): SubmitOutcome => {
      if (!completed) return { kind: "cancelled" };
      if (refusal) {
        this.#counts[refusal.kind === "failed" ? "failuresInjected" : "rejected"]++;
        // Nothing was recorded, so the key is free for a retry or a corrected order.
        if (this.#keys.get(key)?.result === result) this.#keys.delete(key);
        return refusal;
      }
      // Recorded at the end of the wait whether or not the client is still listening.
      const reference = `ERP-${String(++this.#sequence).padStart(6, "0")}`;
      const receivedAt = new Date().toISOString();
      this.#records.set(reference, { reference, receivedAt, idempotencyKey: key, order });
      return { kind: "created", reference, receivedAt };
    });
    this.#keys.set(key, { fingerprint, result });
    return result;
  }

  /** The ERP's address validation, decided on arrival like the rest of the order's fate. */
  #postalCodeRefusal(order: Record<string, unknown>): Refusal | undefined {
    const address = order.shippingAddress;
    if (!isObject(address) || typeof address.postalCode !== "string") return undefined;
    const postalCode = address.postalCode.trim();
    if (!this.#settings.rejectPostalCodes.some((listed) => samePostalCode(listed, postalCode))) return undefined;
    return { kind: "rejected", postalCode, country: typeof address.country === "string" ? address.country : "its country" };
  }

  /** The ERP's catalogue check: the first line whose SKU it does not know. */
  #unknownSkuRefusal(order: Record<string, unknown>): Refusal | undefined {
    const items = Array.isArray(order.items) ? order.items : [];
    const unknown = items.find((item) => isObject(item) && typeof item.sku === "string" && this.#settings.unknownSkus.includes(item.sku));
    return unknown ? { kind: "unknown-sku", sku: (unknown as { sku: string }).sku } : undefined;
  }

  #wait(ms: number): Promise<boolean> {
    return new Promise((resolve) => {
      const wait: Wait = {
        timer: setTimeout(() => {
          this.#waits.delete(wait);
          resolve(true);
        }, ms),
        settle: resolve,
      };
      this.#waits.add(wait);
    });
  }
}
