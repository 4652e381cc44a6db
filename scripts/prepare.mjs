// `prepare` (npm runs it on a plain `npm install` in a checkout and before `npm pack`): build dist/
// from the TypeScript sources. An installed package has no src/ and no TypeScript (and npm does
// not run `prepare` for tarball or registry installs anyway): there it does nothing, so an install
// can never fail for want of a compiler. The shipped dist/ is what runs.
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { createRequire } from "node:module";

function hasTypeScript() {
  try {
    createRequire(import.meta.url).resolve("typescript/package.json");
    return true;
  } catch {
    return false;
  }
}

if (existsSync("src/cli.ts") && existsSync("tsconfig.json") && hasTypeScript()) {
  execFileSync("npm", ["run", "build"], { stdio: "inherit" });
}
