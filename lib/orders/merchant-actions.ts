import { randomUUID } from "node:crypto";
import { z } from "zod";
import { config } from "../config";
import { prisma } from "../db";
import { ensureJob, QueueName, type JobPayloads, type QueueNameValue } from "../queue";
import { formatOrderNumber } from "./format";
import { overdueIn } from "./owed-work";
import { checkoutSchema, PRINTABLE, type FieldErrors } from "./checkout";
import { owesSync, type AttentionReason, type OrderStatus } from "./state-machine";
import { isUniqueViolation } from "./place-order";
import { addNote, applyMove, assignOrder, correctRecipient, loadOrder, mapProductToErpSku, requestResend, type Recipient } from "./store";

/** What a merchant's action did, in words for the admin; a refused correction says which fields. */
export type ActionResult = { ok: true; message: string } | { ok: false; message: string; fieldErrors?: FieldErrors };

/**
 * Gives owed work its job now; if Redis cannot be reached, the order's row still says the work is
 * owed and the sweeper queues it once Redis answers.
 */
async function queueNow<Q extends QueueNameValue>(queue: Q, data: JobPayloads[Q]): Promise<boolean> {
  return ensureJob(queue, data).then(
    () => true,
    () => false,
  );
}

/** How an action's timeline entry names the replay it was part of. */
const partOf = (operation: string | undefined) => (operation ? ` (replay “${operation}”)` : "");

/**
 * "Retry sync": a FAILED order owes the ERP call again, with a fresh deadline and revival count,
 * and its job runs again whatever state BullMQ left it in. One the ERP refused is sent as it stands
 * now, with the corrections and SKU mappings made since; any other, as first sent. Idempotent: a
 * second click (or a second merchant) finds it already on its way.
 */
export async function retrySync(orderId: string, actor: string, operation?: string): Promise<ActionResult> {
  const order = await loadOrder(orderId);
  if (!order) return { ok: false, message: "No such order" };
  const label = formatOrderNumber(order.number);
  if (owesSync(order.status)) return { ok: true, message: `${label} is already on its way to the ERP` };
  if (order.status !== "FAILED") return { ok: false, message: `${label} has not failed; nothing to retry` };

  const moved = await applyMove(
    order,
    "retrySync",
    { type: "RETRY_REQUESTED", message: `Sync retry requested${partOf(operation)}`, actor },
    { dueInMs: overdueIn.queued(), attentionReason: null, restart: { syncDeadlineInMs: config().SYNC_DEADLINE_MS }, dropErpRequest: canCorrect(order) },
  );
  if (!moved) return { ok: true, message: `${label} is already on its way to the ERP` };
  return (await queueNow(QueueName.erpSync, { orderId }))
    ? { ok: true, message: `${label} is queued for the ERP again` }
    : { ok: true, message: `${label} will be queued for the ERP as soon as Redis is reachable` };
}

/** "Retry all failed": Retry sync for every FAILED order. */
export async function retryAllFailed(actor: string): Promise<ActionResult> {
  const failed = await prisma.order.findMany({ where: { status: "FAILED" }, select: { id: true }, orderBy: { createdAt: "asc" } });
  for (const { id } of failed) await retrySync(id, actor);
  return { ok: true, message: failed.length ? `${failed.length} failed order${failed.length === 1 ? "" : "s"} queued again` : "No failed orders" };
}

/**
 * "Resend confirmation email": an order whose email failed for good gets its confirmation tried
 * again; a confirmed order is owed one more send. Idempotent while a resend is owed.
 */
export async function resendConfirmation(orderId: string, actor: string, operation?: string): Promise<ActionResult> {
  const order = await loadOrder(orderId);
  if (!order) return { ok: false, message: "No such order" };
  const label = formatOrderNumber(order.number);
  const onItsWay = { ok: true as const, message: `${label}'s confirmation is already on its way` };

  if (order.status === "SYNCED") return onItsWay;
  if (order.status === "EMAIL_FAILED") {
    const moved = await applyMove(
      order,
      "retryEmail",
      { type: "EMAIL_RETRY_REQUESTED", message: `Confirmation email retry requested${partOf(operation)}`, actor },
      { dueInMs: overdueIn.queued(), attentionReason: null },
    );
    if (!moved) return onItsWay;
    await queueNow(QueueName.email, { orderId });
    return { ok: true, message: `${label}'s confirmation will be sent again` };
  }
  if (order.status !== "CONFIRMED") return { ok: false, message: `${label} is not in the ERP yet; there is nothing to confirm` };
  if (order.resendRequestId) return onItsWay;

  const requestId = randomUUID();
  const requested = await requestResend(order, requestId, { type: "EMAIL_RESEND_REQUESTED", message: "Confirmation email resend requested", actor }, overdueIn.queued());
  if (!requested) return onItsWay;
  await queueNow(QueueName.email, { orderId, requestId });
  return { ok: true, message: `${label}'s confirmation will be sent again` };
}

/** The fields a merchant may correct, validated exactly as checkout validates them. */
const correctionSchema = checkoutSchema.pick({ email: true, name: true, addressLine1: true, addressLine2: true, city: true, postalCode: true, country: true });
const fieldLabels: Record<keyof Recipient, string> = {
  email: "Email",
  name: "Name",
  addressLine1: "Address",
  addressLine2: "Apartment, suite",
  city: "City",
  postalCode: "Postal code",
  country: "Country",
};

/** Whether a merchant may correct the order: only one the ERP refused, so it recorded nothing. */
export const canCorrect = (order: { status: OrderStatus; attentionReason: AttentionReason | null }) => order.status === "FAILED" && order.attentionReason === "ERP_REJECTED";

/**
 * "Correct": fixes the shopper's name, email or address on an order the ERP refused, before Retry
 * sync sends it again. The timeline records each changed field, before and after, in the merchant's name.
 */
export async function correctOrder(orderId: string, input: unknown, actor: string): Promise<ActionResult> {
  const order = await loadOrder(orderId);
  if (!order) return { ok: false, message: "No such order" };
  const label = formatOrderNumber(order.number);
  if (!canCorrect(order)) {
    return {
      ok: false,
      message:
        order.status === "FAILED"
          ? `${label} cannot be corrected: the ERP may already hold it as first sent, and would refuse a changed order under the same key. Retry sync sends it unchanged.`
          : `${label} can be corrected only after the ERP refused it`,
    };
  }
  const parsed = correctionSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: "Check the highlighted fields", fieldErrors: z.flattenError(parsed.error).fieldErrors };

  const next: Recipient = { ...parsed.data, addressLine2: parsed.data.addressLine2 ?? null };
  const changed = (Object.keys(fieldLabels) as (keyof Recipient)[]).filter((field) => next[field] !== order[field]);
  if (changed.length === 0) return { ok: false, message: "Nothing changed" };
  const message = `Corrected: ${changed.map((field) => `${fieldLabels[field]}: ${order[field] ?? "(none)"} → ${next[field] ?? "(none)"}`).join("; ")}`;
  const fields = Object.fromEntries(changed.map((field) => [field, next[field]]));
  const moved = await correctRecipient(order, fields, { type: "CORRECTED", message: message.slice(0, 2000), actor });
  return moved ? { ok: true, message: `${label} corrected; Retry sync sends it to the ERP` } : { ok: false, message: `${label} changed meanwhile; reload and try again` };
}

const erpSkuSchema = z.string().trim().min(1, "Enter the ERP's SKU").max(64, "Keep the SKU under 64 characters").regex(PRINTABLE, "The SKU has invisible characters");

/**
 * "Map to the ERP's SKU", when the ERP refuses a product's SKU as unknown: the product goes to the
 * ERP under that SKU from now on, in every order's next body, and each order the ERP refused that
 * holds it says so on its timeline, before and after, in the merchant's name. Retry sync (or a
 * replay of their group) sends them. Mapping it to its own SKU undoes the mapping.
 */
export async function mapProductSku(productId: unknown, input: unknown, actor: string): Promise<ActionResult> {
  const product = typeof productId === "string" && productId.length <= 100 ? await prisma.product.findUnique({ where: { id: productId } }) : null;
  if (!product) return { ok: false, message: "No such product" };
  const parsed = erpSkuSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]!.message };
  const before = product.erpSku ?? product.sku;
  const after = parsed.data;
  if (after === before) return { ok: false, message: "Nothing changed" };

  const taken = `Another product goes to the ERP as ${after}`;
  const clash = await prisma.product.findFirst({ where: { id: { not: product.id }, OR: [{ erpSku: after }, { sku: after, erpSku: null }] }, select: { id: true } });
  if (clash) return { ok: false, message: taken };
  const event = { type: "CORRECTED" as const, message: `ERP SKU of ${product.name}: ${before} → ${after}`, actor };
  const mapped = await mapProductToErpSku(product.id, product.erpSku, after === product.sku ? null : after, event).catch((error: unknown) => {
    if (isUniqueViolation(error)) return "taken" as const;
    throw error;
  });
  if (mapped === "taken") return { ok: false, message: taken };
  if (!mapped) return { ok: false, message: `${product.name}'s ERP SKU changed meanwhile; reload and try again` };
  const waiting = mapped.orders
    ? `; ${mapped.orders} order${mapped.orders === 1 ? "" : "s"} the ERP refused now send it: Retry sync, or replay their group in Needs attention`
    : "";
  return { ok: true, message: `${product.name} goes to the ERP as ${after}${waiting}` };
}

/** "Take it": the merchant says they are handling an order that waits for a person. */
export async function takeOrder(orderId: string, actor: string): Promise<ActionResult> {
  const order = await loadOrder(orderId);
  if (!order) return { ok: false, message: "No such order" };
  const label = formatOrderNumber(order.number);
  if (order.assignee === actor) return { ok: true, message: `${label} is already yours` };
  const message = order.assignee ? `Taken over from ${order.assignee}` : "Taken";
  return (await assignOrder(order.id, actor, { type: "ASSIGNED", message, actor }))
    ? { ok: true, message: `${label} is yours` }
    : { ok: false, message: `${label} no longer waits for a person` };
}

const noteSchema = z.string().trim().min(1, "Write the note first").max(1000, "Keep the note under 1,000 characters").regex(PRINTABLE, "The note has invisible characters");

/** A note on the timeline, in the merchant's name. */
export async function noteOrder(orderId: string, text: unknown, actor: string): Promise<ActionResult> {
  const parsed = noteSchema.safeParse(text);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]!.message };
  const order = await loadOrder(orderId);
  if (!order || !(await addNote(order.id, { type: "NOTE", message: parsed.data, actor }))) return { ok: false, message: "No such order" };
  return { ok: true, message: "Note added" };
}

const resolveSchema = z.object({
  note: noteSchema,
  erpReference: z.string().trim().max(100, "Keep the reference under 100 characters").regex(PRINTABLE, "The reference has invisible characters").optional(),
});

/**
 * "Resolve by hand", without a retry: a failed order the merchant entered in the ERP themselves
 * (with the ERP's reference) is synced and owes its confirmation email from here; an order whose
 * email failed, and whose shopper was told another way, is confirmed.
 */
export async function resolveByHand(orderId: string, input: unknown, actor: string): Promise<ActionResult> {
  const order = await loadOrder(orderId);
  if (!order) return { ok: false, message: "No such order" };
  const label = formatOrderNumber(order.number);
  const parsed = resolveSchema.safeParse(input);
  if (!parsed.success) return { ok: false, message: parsed.error.issues[0]!.message };
  const { note, erpReference } = parsed.data;

  if (order.status === "FAILED") {
    if (!erpReference) return { ok: false, message: "Give the ERP's reference for the order you entered by hand" };
    const moved = await applyMove(
      order,
      "resolveSyncByHand",
      [
        { type: "RESOLVED", message: `Entered in the ERP by hand as ${erpReference}: ${note}`, actor },
        { type: "SYNCED", message: `In the ERP as ${erpReference} (entered by hand)` },
      ],
      { dueInMs: overdueIn.queued(), attentionReason: null, erpReference, synced: true, lastError: null },
    );
    if (!moved) return { ok: false, message: `${label} changed meanwhile; reload and try again` };
    await queueNow(QueueName.email, { orderId });
    return { ok: true, message: `${label} resolved; its confirmation email is on its way` };
  }
  if (order.status === "EMAIL_FAILED") {
    const moved = await applyMove(order, "resolveEmailByHand", { type: "RESOLVED", message: `Resolved by hand: ${note}`, actor }, { dueInMs: null, attentionReason: null, lastError: null });
    return moved ? { ok: true, message: `${label} resolved` } : { ok: false, message: `${label} changed meanwhile; reload and try again` };
  }
  return { ok: false, message: `${label} does not wait for a person` };
}
