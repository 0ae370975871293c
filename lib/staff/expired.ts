import { sql } from "kysely";
import { db } from "../db";

/**
 * Deletes staff sessions past their absolute lifetime and invitation or password links past their
 * expiry: none can be used again (a session is checked on every request, a link when followed), so
 * the sweep keeps the tables to what is live. The counts deleted.
 */
export async function deleteExpiredStaffRecords(): Promise<{ sessions: number; links: number }> {
  const [sessions, links] = await Promise.all([
    db.deleteFrom("StaffSession").where("expiresAt", "<", sql<Date>`now()`).executeTakeFirst(),
    db.deleteFrom("StaffVerification").where("expiresAt", "<", sql<Date>`now()`).executeTakeFirst(),
  ]);
  return { sessions: Number(sessions.numDeletedRows), links: Number(links.numDeletedRows) };
}
