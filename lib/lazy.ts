/**
 * An object built on first use. Modules that need run-time config (database, logger) export one of
 * these, so that importing them — as `next build` does, with no services or secrets — costs nothing.
 */
export function lazy<T extends object>(create: () => T): T {
  let instance: T | undefined;
  return new Proxy({} as T, {
    get(_target, property) {
      instance ??= create();
      const value = Reflect.get(instance, property);
      return typeof value === "function" ? value.bind(instance) : value;
    },
  });
}
