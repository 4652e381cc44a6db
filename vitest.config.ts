import { availableParallelism } from "node:os";
import { fileURLToPath } from "node:url";
import { defineConfig } from "vitest/config";

// The project's own tests import kafkasim's public entry points by their package names
// (kafkasim, kafkasim/fuzz, kafkasim/vitest), resolved to the sources.
const source = (path: string) => fileURLToPath(new URL(path, import.meta.url));

export default defineConfig({
  resolve: {
    alias: [
      { find: /^kafkasim\/fuzz$/, replacement: source("./src/fuzz/index.ts") },
      { find: /^kafkasim\/vitest$/, replacement: source("./src/fuzz/vitest.ts") },
      { find: /^kafkasim$/, replacement: source("./src/index.ts") },
    ],
  },
  test: {
    include: ["test/**/*.test.ts"],
    testTimeout: 300_000,
    hookTimeout: 300_000,
    pool: "forks",
    // Vitest's default is one worker fewer than the cores: one worker on a 2-core CI machine.
    // Test files share nothing at module level (model code has no module state, test/architecture),
    // so a worker keeps its loaded modules from one file to the next instead of importing the
    // sources again for each of the ~125 files.
    maxWorkers: Math.max(2, availableParallelism() - 1),
    isolate: false,
  },
});
