import { Webhook, WebhookVerificationError } from "svix";
import { z } from "zod";
import { databaseUnavailableResponse, isDatabaseUnavailable } from "../database-unavailable";
import type { EmailDelivery, OrderEventType } from "../generated/prisma/enums";
import { logger } from "../logger";
import { deliveryLabels, emailKindLabels } from "./format";
import { ORDER_TAG } from "./send-order-email";
import { orderExists, recordDelivery, sentEmailByProviderId } from "./store";

/** The webhook events of Resend that report on delivery; the others (sent, opened, clicked…) are ignored. */
const reports = {
  "email.delivered": { delivery: "DELIVERED", event: "EMAIL_DELIVERED" },
  "email.delivery_delayed": { delivery: "DELIVERY_DELAYED", event: "EMAIL_DELIVERY_DELAYED" },
  "email.bounced": { delivery: "BOUNCED", event: "EMAIL_BOUNCED" },
  "email.complained": { delivery: "COMPLAINED", event: "EMAIL_COMPLAINED" },
} as const satisfies Record<string, { delivery: EmailDelivery; event: OrderEventType }>;

const webhookEvent = z.object({
  type: z.string().max(100),
  created_at: z.iso.datetime({ offset: true }),
  data: z.object({
    email_id: z.string().min(1).max(200),
    bounce: z.object({ message: z.string().max(2000).optional(), type: z.string().max(100).optional(), subType: z.string().max(100).optional() }).optional(),
    // The tags the email was sent with, as an object of name → value; anything else is no tag of ours.
    tags: z.unknown().optional(),
  }),
});

/** The order an email's tags name, if they name one. */
function taggedOrder(tags: unknown): string | undefined {
  if (typeof tags !== "object" || tags === null || Array.isArray(tags)) return undefined;
  const value = (tags as Record<string, unknown>)[ORDER_TAG];
  return typeof value === "string" ? value : undefined;
}

/** Resend's webhooks are small; anything this big is not one. */
const MAX_BODY_BYTES = 64 * 1024;

const answer = (status: number, body: Record<string, unknown>) => Response.json(body, { status, headers: { "cache-control": "no-store" } });

/**
 * POST /api/webhooks/resend: a delivery report from Resend, signed with Svix. Without a signing
 * secret configured the endpoint is unavailable (503, which Resend retries for days, so reports
 * sent before the secret is set still arrive); a bad signature or body is a 400 and changes
 * nothing; a report on an email we did not send, or of a kind we do not track, is a 200 and ignored;
 * one on an order's email not recorded yet is a 503, so that it comes again.
 */
export async function receiveResendWebhook(request: Request, secret: string | undefined): Promise<Response> {
  if (!secret) return answer(503, { error: "Resend webhooks are not configured here: set RESEND_WEBHOOK_SECRET" });
  if (Number(request.headers.get("content-length") ?? 0) > MAX_BODY_BYTES) return answer(413, { error: "Body too large" });
  const body = await request.text();
  if (Buffer.byteLength(body) > MAX_BODY_BYTES) return answer(413, { error: "Body too large" });

  let payload: unknown;
  try {
    payload = new Webhook(secret).verify(body, Object.fromEntries(request.headers));
  } catch (error) {
    if (error instanceof WebhookVerificationError) return answer(400, { error: `Webhook not verified: ${error.message}` });
    return answer(400, { error: "Webhook body is not JSON" });
  }
  const parsed = webhookEvent.safeParse(payload);
  if (!parsed.success) return answer(400, { error: "Not a Resend email event", issues: z.flattenError(parsed.error).fieldErrors });
  const { type, created_at: createdAt, data } = parsed.data;
  if (!(type in reports)) return answer(200, { outcome: "ignored", reason: `${type} is not a delivery report` });
  const report = reports[type as keyof typeof reports];

  try {
    const email = await sentEmailByProviderId(data.email_id);
    if (!email) {
      // Sent for an order of ours, not recorded yet (its job records it when it runs again): Resend
      // delivers the report again later. Another sender's email on the account is ignored.
      const orderId = taggedOrder(data.tags);
      if (orderId && (await orderExists(orderId))) return answer(503, { error: "This order's email is not recorded yet; deliver again later" });
      return answer(200, { outcome: "ignored", reason: "No email of ours has this id" });
    }
    const at = new Date(createdAt);
    const detail = data.bounce ? [data.bounce.type, data.bounce.subType].filter(Boolean).join("/") + (data.bounce.message ? `: ${data.bounce.message}` : "") : null;
    const message = `${emailKindLabels[email.kind]} ${deliveryLabels[report.delivery]}${detail ? ` (${detail})` : ""}, Resend reported at ${at.toISOString()}`;
    const outcome = await recordDelivery(email, { webhookId: request.headers.get("svix-id")!, webhookType: type, providerId: data.email_id, delivery: report.delivery, detail, at }, { type: report.event, message });
    if (outcome === "needs-attention") logger.warn({ orderId: email.orderId, detail }, "confirmation bounced: the order waits for a person");
    return answer(200, { outcome });
  } catch (error) {
    if (!isDatabaseUnavailable(error)) throw error;
    return databaseUnavailableResponse("Briefly unavailable; deliver again later");
  }
}
