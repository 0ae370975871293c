import { config } from "../config";
import { rateLimiter } from "../rate-limit";

/** Per client address: how often it may check out, and poll an order's status. */
export const checkoutLimiter = () => rateLimiter("checkout", config().CHECKOUT_RATE_LIMIT_PER_MINUTE, 60);
export const statusLimiter = () => rateLimiter("order-status", config().STATUS_RATE_LIMIT_PER_MINUTE, 60);

/** The largest checkout body we read: 100 lines of JSON fit many times over. */
export const MAX_CHECKOUT_BYTES = 64 * 1024;
