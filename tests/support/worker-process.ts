import { Process, npmScript } from "./process";

/** The real worker as its own process (`npm run worker`), for tests of what crosses processes. */
export async function startWorkerProcess(env: Record<string, string>): Promise<Process> {
  const worker = new Process(npmScript("worker"), env);
  await worker.start();
  return worker;
}
