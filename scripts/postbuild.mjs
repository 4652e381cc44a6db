// Make the CLI entry point executable after tsc emits it (npx needs the mode bit).
import { chmodSync, existsSync } from "node:fs";
const cli = "dist/src/cli.js";
if (existsSync(cli)) chmodSync(cli, 0o755);
