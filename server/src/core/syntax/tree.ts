/**
 * The value tree: the document as plain values (objects, arrays, strings,
 * numbers, booleans, null), the paths into it, and the `SyntaxTree` that
 * links it back to the source (built in syntax/spans.ts).
 */
import type { Node, Scalar } from "yaml";
import type { Diagnostic, Span } from "../diagnostics";

export type Segment = string | number;
export type Path = readonly Segment[];

/**
 * An empty object without a prototype, for collections keyed by names the user
 * wrote (fee ids, roles, scenario ids, providers): `__proto__`, `constructor`
 * and `prototype` are then ordinary keys. `JSON.stringify` writes it as usual.
 */
export function userKeyed<T>(): Record<string, T> {
  return Object.create(null) as Record<string, T>;
}

/** A `userKeyed` object as an ordinary one (for output and comparison): every key stays an own key, `__proto__` too. */
export function ordinary<T>(o: Record<string, T>): Record<string, T> {
  return Object.fromEntries(Object.entries(o));
}

/** A mapping of the value tree (or any plain object that is not a list). */
export function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** The plain value at `path` in a value tree, if there is one. */
export function valueAt(root: unknown, path: Path): unknown {
  let v = root;
  for (const seg of path) {
    if (Array.isArray(v) && typeof seg === "number") v = v[seg];
    else if (isRecord(v)) v = v[String(seg)];
    else return undefined;
  }
  return v;
}

export interface SyntaxTree {
  readonly text: string;
  /** The document as plain values: objects, arrays, strings, numbers, booleans, null. */
  readonly root: unknown;
  readonly diagnostics: readonly Diagnostic[];
  /** The YAML node and key node at a path, if it exists in the source. */
  locate(path: Path): { node?: Node; key?: Scalar } | undefined;
  /** The best range for a path: its value, else its key, else the nearest ancestor that exists. */
  spanOf(path: Path, prefer?: "value" | "key"): Span;
  /** The range of the key of a path (or the value where there is no key, as in a list item). */
  keySpanOf(path: Path): Span;
  /** The source text of a scalar, as written (quotes removed for quoted scalars). */
  scalarText(path: Path): string | undefined;
}
