/** What the architecture rule tests read: the TypeScript files under a folder, and their code without comments. */
import { readdirSync } from "node:fs";
import { join } from "node:path";

/** Every `.ts` file under `dir`, sorted. */
export function typeScriptFiles(dir: string): string[] {
  const out: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const full = join(dir, entry.name);
    if (entry.isDirectory()) out.push(...typeScriptFiles(full));
    else if (entry.name.endsWith(".ts")) out.push(full);
  }
  return out.sort();
}

/** Blank out comments, keeping newlines (so line numbers stay true): their words are not code. */
export function stripComments(source: string): string {
  return source
    .replace(/\/\*[\s\S]*?\*\//g, (m) => m.replace(/[^\n]/g, " "))
    .replace(/(^|[^:"'`])\/\/.*$/gm, (m, pre: string) => pre + " ".repeat(m.length - pre.length));
}
