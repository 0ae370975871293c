import { readdir, readFile } from "node:fs/promises";
import path from "node:path";
import { expect, type Browser, type Page } from "@playwright/test";
import { e2e } from "./env";

export const owner = { name: "Marta", email: e2e.appEnv.ADMIN_EMAIL, password: e2e.appEnv.ADMIN_PASSWORD };

/** Logs in from the login page; by default as the first owner. */
export async function logIn(page: Page, { email, password, name } = owner) {
  if (!page.url().includes("/admin/login")) await page.goto("/admin/login");
  await page.getByLabel("Email").fill(email);
  await page.getByLabel("Password").fill(password);
  await page.getByRole("button", { name: "Log in" }).click();
  await expect(page.getByTestId("logged-in-as")).toContainText(`Logged in as ${name}`);
}

/** How the timeline names the first owner. */
export const ownerActor = `${owner.name} (${owner.email})`;

/** The link in the newest email to this address in the dev outbox. */
export async function linkMailedTo(email: string): Promise<string> {
  const files = (await readdir(e2e.outboxDir)).filter((file) => file.startsWith("staff-") && file.endsWith(".json"));
  const mails = await Promise.all(
    files.map(async (file) => ({ file, meta: JSON.parse(await readFile(path.join(e2e.outboxDir, file), "utf8")) as { to: string; sentAt: string } })),
  );
  const newest = mails.filter(({ meta }) => meta.to === email).sort((a, b) => b.meta.sentAt.localeCompare(a.meta.sentAt))[0];
  if (!newest) throw new Error(`No email to ${email} in ${e2e.outboxDir}`);
  const text = await readFile(path.join(e2e.outboxDir, newest.file.replace(/\.json$/, ".txt")), "utf8");
  return text.match(/https?:\/\/\S+\/admin\/set-password\?token=[\w-]+/)![0];
}

/**
 * What an owner and a new person do: the owner invites them from the staff page, they follow the
 * emailed link, choose a password and log in, in a browser of their own. Returns their page.
 */
export async function inviteAndJoin(ownerPage: Page, browser: Browser, role: "viewer" | "operator" | "owner") {
  const person = { name: `Ada ${role}`, email: `ada-${role}-${Date.now()}@shop.test`, password: `${role} password of Ada` };
  await ownerPage.goto("/admin/staff");
  const form = ownerPage.getByRole("form", { name: "Invite someone" });
  await form.getByLabel("Name").fill(person.name);
  await form.getByLabel("Email").fill(person.email);
  await form.getByLabel("Role").selectOption(role);
  await form.getByRole("button", { name: "Send the invitation" }).click();
  await expect(form.getByRole("status")).toHaveText(`Invitation sent to ${person.email}`);

  const page = await (await browser.newContext()).newPage();
  await page.goto(await linkMailedTo(person.email));
  await page.getByLabel("New password").fill(person.password);
  await page.getByLabel("The same again").fill(person.password);
  await page.getByRole("button", { name: "Set my password" }).click();
  await expect(page.getByRole("status")).toHaveText("Your password is set. Log in with it.");
  await logIn(page, person);
  return { page, person };
}
