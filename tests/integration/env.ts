import { inject } from "vitest";

// Runs before each test file's imports, so lib/config.ts parses the test environment.
Object.assign(process.env, inject("env"));
