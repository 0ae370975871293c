import { config } from "@/lib/config";
import { receiveResendWebhook } from "@/lib/orders/email-delivery";

/** Resend's delivery reports (lib/orders/email-delivery.ts); docs/deploy.md says how to wire it. */
export function POST(request: Request) {
  return receiveResendWebhook(request, config().RESEND_WEBHOOK_SECRET);
}
