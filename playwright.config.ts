import { defineConfig, devices } from "@playwright/test";
import { e2e } from "./e2e/support/env";
import { npmScript } from "./tests/support/process";
import { testEnv } from "./tests/test-env";

const tsx = "node --import tsx";

export default defineConfig({
  testDir: "e2e",
  fullyParallel: false,
  workers: 1,
  forbidOnly: Boolean(process.env.CI),
  retries: 0,
  reporter: [["list"], ["html", { open: "never" }]],
  timeout: 60_000,
  // Waits for the page to show something; assertions about speed set their own timeouts. The
  // default 5 s was too short on a busy 2-core machine (a checkout page after a click, once).
  expect: { timeout: 10_000 },
  use: {
    baseURL: e2e.webUrl,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    launchOptions: {
      // Debian's Chromium: Playwright's own browser download is not available here.
      executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium",
      args: ["--no-sandbox", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--no-first-run"],
    },
  },
  projects: [{ name: "chromium", use: { ...devices["Desktop Chrome"], channel: undefined } }],
  // Started in order: database first, then the ERP simulator, the worker and the built web app.
  webServer: [
    {
      command: `${tsx} e2e/support/prepare.ts && ${npmScript("erp").join(" ")}`,
      url: `${e2e.erpUrl}/health`,
      env: { ERP_PORT: String(testEnv.e2eErpPort), ERP_LATENCY_MS: "3000", ERP_QUIET: "1", ERP_CONTROL_TOKEN: e2e.appEnv.ERP_CONTROL_TOKEN },
      timeout: 120_000,
      reuseExistingServer: false,
    },
    {
      command: npmScript("worker").join(" "),
      env: { ...e2e.appEnv, NODE_ENV: "production", LOG_LEVEL: "info" },
      wait: { stdout: /worker started/ },
      reuseExistingServer: false,
    },
    {
      command: `node server.mjs -p ${testEnv.e2eWebPort}`,
      url: e2e.webUrl,
      env: { ...e2e.appEnv, NODE_ENV: "production" },
      timeout: 60_000,
      reuseExistingServer: false,
    },
  ],
});
