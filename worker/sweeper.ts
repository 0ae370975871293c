import { expireIdleCarts } from "../lib/cart/store";
import { sweepOwedWork } from "../lib/orders/sweep";

/**
 * One sweep, the worker's and the cron's: orders whose owed work is overdue get their job again,
 * and carts idle for CART_IDLE_DAYS are deleted (an index range scan when there are none). The
 * worker runs it on one worker of the fleet at a time (worker/fleet-task.ts).
 */
export async function sweep() {
  const summary = await sweepOwedWork();
  return { ...summary, expiredCarts: await expireIdleCarts() };
}
