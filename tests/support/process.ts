import { spawn, type ChildProcess } from "node:child_process";
import { once } from "node:events";
import { readFileSync } from "node:fs";

const scripts = (JSON.parse(readFileSync(new URL("../../package.json", import.meta.url), "utf8")) as { scripts: Record<string, string> }).scripts;

/**
 * `npm run worker` or `npm run erp` exactly as package.json has it (its Node flags included), as one
 * process without npm in front: signals go straight to it, and its memory is its own.
 */
export function npmScript(name: "worker" | "erp"): string[] {
  const [node, ...args] = scripts[name]!.split(" ");
  if (node !== "node") throw new Error(`npm run ${name} is expected to start with node: ${scripts[name]}`);
  return [process.execPath, ...args];
}

/** Every child still running, so that a test run cut short (a timeout, Ctrl-C) leaves none behind. */
const liveChildren = new Set<ChildProcess>();
process.once("exit", () => {
  for (const child of liveChildren) child.kill("SIGKILL");
});

/** A real process a test starts, reads, pauses and stops (or kills). */
export class Process {
  output = "";
  private child: ChildProcess | undefined;
  private exit: Promise<number | null> = Promise.resolve(null);
  private paused = false;

  constructor(
    private readonly command: string[],
    /** Read when the process starts: a test may change it before a restart. */
    readonly env: Record<string, string | undefined> = {},
    /** What its output says once it is ready, for start() without an argument. */
    private readonly readyWhen?: RegExp,
  ) {}

  /** Starts it; resolves once its output matches `ready` (at once without one), rejects if it exits first. */
  async start(ready = this.readyWhen): Promise<void> {
    const [bin, ...args] = this.command;
    const child = spawn(bin!, args, { env: { ...process.env, ...this.env }, stdio: ["ignore", "pipe", "pipe"] });
    this.child = child;
    this.output = "";
    this.paused = false;
    liveChildren.add(child);
    this.exit = (once(child, "exit") as Promise<[number | null]>).then(([code]) => {
      liveChildren.delete(child);
      return code;
    });
    const isReady = new Promise<void>((resolve) => {
      // The readiness test runs over the whole output only until it matches: run on every chunk of
      // a busy process's log, it took a core of its own.
      let waiting = Boolean(ready);
      const listen = (chunk: Buffer) => {
        this.output += chunk;
        if (waiting && ready!.test(this.output)) waiting = false;
        if (!waiting) resolve();
      };
      child.stdout!.on("data", listen);
      child.stderr!.on("data", listen);
      if (!ready) resolve();
    });
    const exitedFirst = this.exit.then((code) => Promise.reject(new Error(`${this.command.join(" ")} exited (${code}):\n${this.output}`)));
    exitedFirst.catch(() => {}); // only matters while we wait for `ready`
    await Promise.race([isReady, exitedFirst]);
  }

  get pid(): number | undefined {
    return this.child?.pid;
  }

  /** True from start() until the process has exited. */
  get running(): boolean {
    return Boolean(this.child && this.child.exitCode === null && this.child.signalCode === null);
  }

  /** Sends a signal without waiting for an exit: SIGSTOP freezes the process, SIGCONT resumes it. */
  signal(signal: NodeJS.Signals): void {
    this.child?.kill(signal);
    if (signal === "SIGSTOP") this.paused = true;
    if (signal === "SIGCONT") this.paused = false;
  }

  /** The exit code, once the process is gone. */
  exited(): Promise<number | null> {
    return this.exit;
  }

  /**
   * Sends the signal; resolves once the process is gone, with its exit code and how long it took.
   * With `killAfterMs`, a process still there after that long is SIGKILLed (and says so).
   */
  async stop(signal: NodeJS.Signals = "SIGTERM", { killAfterMs }: { killAfterMs?: number } = {}): Promise<{ code: number | null; ms: number; killed: boolean }> {
    const child = this.child;
    if (!child || !this.running) return { code: child?.exitCode ?? null, ms: 0, killed: false };
    const started = performance.now();
    child.kill(signal);
    if (this.paused) this.signal("SIGCONT"); // a frozen process acts on the signal only once it runs
    let killed = false;
    const overdue = killAfterMs === undefined ? undefined : setTimeout(() => {
      killed = true;
      child.kill("SIGKILL");
    }, killAfterMs);
    const code = await this.exit;
    clearTimeout(overdue);
    return { code, ms: Math.round(performance.now() - started), killed };
  }
}
