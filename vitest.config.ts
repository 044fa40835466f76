import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "infra/test/**/*.test.ts"],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    // e2e tests spawn the CLI and DuckDB; two cores do not gain from more workers.
    maxWorkers: 2,
    // Removes the temporary directories each file's tests share (test/helpers/temp-dir.ts).
    setupFiles: ["test/helpers/remove-temp-dirs.ts"],
  },
});
