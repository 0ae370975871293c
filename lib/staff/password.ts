import { hash, verify } from "@node-rs/argon2";
import { staffPasswordChecks } from "../metrics";

// argon2id (the package's default algorithm, a const enum isolatedModules cannot name) at OWASP's
// minimum: 19 MiB, 2 passes, 1 lane; stated here so a change of the package's defaults changes nothing.
const ARGON2ID = { memoryCost: 19_456, timeCost: 2, parallelism: 1 };

/** better-auth's password hashing (emailAndPassword.password): argon2id in PHC format. */
export const hashPassword = (password: string) => hash(password, ARGON2ID);

export async function verifyPassword({ hash: stored, password }: { hash: string; password: string }): Promise<boolean> {
  staffPasswordChecks.inc();
  return verify(stored, password).catch(() => false);
}
