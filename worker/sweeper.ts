import { expireIdleCarts } from "../lib/cart/store";
import { forgetOldWebhooks } from "../lib/orders/store";
import { sweepOwedWork } from "../lib/orders/sweep";
import { deleteExpiredStaffRecords } from "../lib/staff/expired";

/**
 * One sweep, the worker's and the cron's: orders whose owed work is overdue get their job again;
 * then what nothing can use any more is deleted — carts idle for CART_IDLE_DAYS, expired staff
 * sessions and links, mail webhooks older than any redelivery (each an index range scan, or a
 * scan of a table of a few rows, when there are none). The worker runs it on one worker of the
 * fleet at a time (worker/fleet-task.ts).
 */
export async function sweep() {
  const summary = await sweepOwedWork();
  const [expiredCarts, staff, forgottenWebhooks] = await Promise.all([expireIdleCarts(), deleteExpiredStaffRecords(), forgetOldWebhooks()]);
  return { ...summary, expiredCarts, expiredStaffSessions: staff.sessions, expiredStaffLinks: staff.links, forgottenWebhooks };
}
