import { spawn } from "node:child_process";
import { once } from "node:events";

/** The real worker as its own process (`npm run worker`), for tests of what crosses processes. */
export function startWorkerProcess(env: Record<string, string>) {
  const child = spawn(process.execPath, ["--import", "tsx", "worker/index.ts"], { env: { ...process.env, ...env }, stdio: ["ignore", "pipe", "pipe"] });
  let output = "";
  child.stdout.on("data", (chunk) => (output += chunk));
  child.stderr.on("data", (chunk) => (output += chunk));
  const exited = once(child, "exit") as Promise<[number | null, NodeJS.Signals | null]>;

  return {
    output: () => output,
    /** Sends the signal and resolves with the exit code once the process is gone. */
    async stop(signal: NodeJS.Signals = "SIGTERM") {
      child.kill(signal);
      const [code] = await exited;
      return code;
    },
  };
}
