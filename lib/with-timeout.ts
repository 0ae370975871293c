/**
 * Rejects with `message` if `work` has not settled within `ms`; the timer never outlives it. Work
 * that fails after we stopped waiting is ignored: left unhandled, its rejection would end the process.
 */
export async function withTimeout<T>(work: Promise<T>, ms: number, message: string): Promise<T> {
  work.catch(() => {});
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(message)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}
