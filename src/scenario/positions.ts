/**
 * Source positions of the nodes of a parsed YAML (or JSON) document, looked up by path, so every
 * error can say `file:line:column`. Values changed by `--set` have no position in the file; their
 * errors name the `--set` that wrote them instead.
 */
import { isAlias, isMap, isPair, isScalar, isSeq, type Document, type LineCounter, type Node } from "yaml";
import type { PathSegment } from "./errors.js";

/** Where a node is: a line and column in the file, or another origin (`--set acks=all`). */
export interface Location {
  readonly line?: number;
  readonly column?: number;
  readonly origin?: string;
}

/** Positions by path. `key` locates the key of a map entry, `value` its value. */
export interface SourcePositions {
  /** The value at `path`, or the nearest ancestor that exists (e.g. the map missing a key). */
  locate(path: readonly PathSegment[], what?: "key" | "value"): Location;
}

interface Found {
  readonly key?: Node;
  readonly value?: Node;
}

function resolveAlias(document: Document, node: unknown): unknown {
  return isAlias(node) ? node.resolve(document) : node;
}

function walk(document: Document, path: readonly PathSegment[]): { found: Found; complete: boolean } {
  let current: Found = { value: document.contents ?? undefined };
  for (const segment of path) {
    const node = resolveAlias(document, current.value);
    let next: Found | undefined;
    if (isMap(node)) {
      const pair = node.items.find((item) => isPair(item) && String(isScalar(item.key) ? item.key.value : item.key) === String(segment));
      if (pair !== undefined) next = { key: pair.key as Node, value: (resolveAlias(document, pair.value) ?? pair.key) as Node };
    } else if (isSeq(node) && typeof segment === "number") {
      const item = node.items[segment];
      if (item !== undefined) next = { value: resolveAlias(document, item) as Node };
    }
    if (next === undefined) return { found: current, complete: false };
    current = next;
  }
  return { found: current, complete: true };
}

/** Positions from a document parsed with `parseDocument(text, { lineCounter })`. */
export function positionsFromDocument(document: Document, lineCounter: LineCounter): SourcePositions {
  return {
    locate(path, what = "value") {
      const { found, complete } = walk(document, path);
      const node = complete && what === "key" ? (found.key ?? found.value) : found.value;
      const offset = node?.range?.[0];
      if (offset === undefined) return { line: 1, column: 1 };
      const { line, col } = lineCounter.linePos(offset);
      return { line, column: col };
    },
  };
}

/** A path written by `--set`/`--vary`, and the option that wrote it. */
export interface OverriddenPath {
  readonly path: readonly PathSegment[];
  readonly origin: string;
}

/** `positions`, except that values at or below an overridden path report the override. */
export function withOverrides(positions: SourcePositions | undefined, overrides: readonly OverriddenPath[]): SourcePositions {
  return {
    locate(path, what = "value") {
      const override = [...overrides]
        .reverse()
        .find((candidate) => candidate.path.length <= path.length && candidate.path.every((segment, index) => String(segment) === String(path[index])));
      if (override !== undefined) return { origin: override.origin };
      return positions?.locate(path, what) ?? {};
    },
  };
}
