import { Process, tsx } from "./process";

/** The real worker as its own process (`npm run worker`), for tests of what crosses processes. */
export async function startWorkerProcess(env: Record<string, string>): Promise<Process> {
  const worker = new Process(tsx("worker/index.ts"), env);
  await worker.start();
  return worker;
}
