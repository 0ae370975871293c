/**
 * The first owner of the admin, from ADMIN_EMAIL and ADMIN_PASSWORD: `npm run staff:owner`.
 * Creates it if missing and leaves an existing one alone (the Upsun deploy hook: once). With
 * `--reset-password`, also makes an existing owner's password ADMIN_PASSWORD again and ends its
 * sessions if that changed it (`npm start`, which prints the password it uses; a lost password).
 */
import { ownerConfig } from "../lib/config";
import { prisma } from "../lib/db";
import { ensureOwner } from "../lib/staff/accounts";

const { ADMIN_EMAIL, ADMIN_PASSWORD } = ownerConfig();
const outcome = await ensureOwner(ADMIN_EMAIL, ADMIN_PASSWORD, { resetPassword: process.argv.includes("--reset-password") });
console.log({ created: `Created the owner ${ADMIN_EMAIL}.`, reset: `${ADMIN_EMAIL} is the owner, with ADMIN_PASSWORD (its sessions ended if that changed its password).`, unchanged: `The owner ${ADMIN_EMAIL} exists; left as it is.` }[outcome]);
await prisma.$disconnect();
