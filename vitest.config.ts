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
  },
});
