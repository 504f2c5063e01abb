/**
 * A scenario's `set`: its values written over an overlay of the file (a
 * `SyntaxTree` whose every path maps back to a range of the file), so that
 * the deal is lowered again and each value read and checked exactly as if
 * written in place. PATHs that name nothing are DS601.
 */
import type { Node, Scalar } from "yaml";
import { diagnostic, suggest, type Diagnostic, type Span } from "../diagnostics";
import { lowerDeal } from "../model/lower";
import type { LoweringMemo } from "../model/memo";
import type { Lowering } from "../model/readers";
import type { DealModel } from "../model/types";
import { keyNamesAt } from "../schema";
import { isRecord, userKeyed, valueAt, type Path, type Segment, type SyntaxTree } from "../syntax";

/** The overlay of a file: a changed value tree whose every path maps back to a range of the file. */
class Overlay implements SyntaxTree {
  readonly diagnostics: readonly Diagnostic[] = [];
  /** Where each container of the overlay comes from in the file. */
  readonly origins = new Map<object, Path>();
  /** Where a scalar set into a container comes from, by the container and key. */
  readonly leafOrigins = new Map<object, Map<Segment, Path>>();
  root: unknown;

  constructor(readonly base: SyntaxTree) {
    this.root = base.root;
  }

  get text(): string {
    return this.base.text;
  }

  originOf(path: Path): Path {
    let cur: unknown = this.root;
    let origin: Path = [];
    for (const seg of path) {
      const child = Array.isArray(cur) && typeof seg === "number" ? cur[seg] : isRecord(cur) ? cur[String(seg)] : undefined;
      const known = typeof child === "object" && child !== null ? this.origins.get(child) : undefined;
      const leaf = typeof cur === "object" && cur !== null ? this.leafOrigins.get(cur)?.get(seg) : undefined;
      origin = known ?? leaf ?? [...origin, seg];
      cur = child;
    }
    return origin;
  }

  locate(path: Path): { node?: Node; key?: Scalar } | undefined {
    return this.base.locate(this.originOf(path));
  }

  spanOf(path: Path, prefer?: "value" | "key"): Span {
    return this.base.spanOf(this.originOf(path), prefer);
  }

  keySpanOf(path: Path): Span {
    return this.base.keySpanOf(this.originOf(path));
  }

  scalarText(path: Path): string | undefined {
    return this.base.scalarText(this.originOf(path));
  }
}

/** Marks a list entry removed by `set`: positions keep counting the file's entries until all sets are done. */
const REMOVED = Symbol("removed");

/** The parts of a `set` PATH: `fees.base.amount` -> fees, base, amount. */
function pathParts(path: string): string[] {
  return path.split(".");
}

/** The lists whose entries a PATH names by id, and those it names by 1-based position. */
const BY_ID = new Set(["fees", "options"]);
const BY_POSITION = new Set(["termination", "capacity.steps"]);

/**
 * Applies the `set` entries of a scenario to an overlay of the file. Returns
 * the overlay (or undefined when nothing was set) and reports PATHs that name
 * nothing (DS601) on the scenario.
 */
function applySet(tree: SyntaxTree, scenarioPath: Path, diagnostics: Diagnostic[], applied: string[]): Overlay | undefined {
  const set = valueAt(tree.root, [...scenarioPath, "set"]);
  if (!isRecord(set) || Object.keys(set).length === 0) return undefined;
  const overlay = new Overlay(tree);
  /** The clone of a container on the way to a change, made once. */
  const clones = new Map<object, object>();
  const cloneOf = (value: object, origin: Path): Record<string, unknown> | unknown[] => {
    const known = clones.get(value);
    if (known) return known as Record<string, unknown> | unknown[];
    // Null-prototype copies, as the syntax tree's mappings: a key such as
    // `__proto__` or `constructor` is then read and written as an own key.
    const copy = Array.isArray(value) ? [...value] : (Object.assign(userKeyed<unknown>(), value) as Record<string, unknown>);
    clones.set(value, copy);
    clones.set(copy, copy);
    overlay.origins.set(copy, origin);
    if (Array.isArray(value)) value.forEach((item, i) => typeof item === "object" && item !== null && !overlay.origins.has(item) && overlay.origins.set(item, [...origin, i]));
    return copy;
  };
  const root = cloneOf(tree.root as object, []) as Record<string, unknown>;
  overlay.root = root;

  for (const [key, value] of Object.entries(set)) {
    const at: Path = [...scenarioPath, "set", key];
    const keySpan = tree.keySpanOf(at);
    const parts = pathParts(key);
    // Walk the overlay, cloning each container on the way, to the parent of the last part.
    let parent: Record<string, unknown> | unknown[] = root;
    let origin: Path = [];
    let schemaPath: (string | number)[] = [];
    let ok = true;
    let prefix = "";
    const nothing = (why: string) => {
      diagnostics.push(diagnostic("DS601", keySpan, `\`${key}\` names nothing in this deal: ${why}`));
      ok = false;
    };
    let lastSeg: Segment | undefined;
    for (let p = 0; p < parts.length && ok; p++) {
      const part = parts[p]!;
      const isLast = p === parts.length - 1;
      let seg: Segment;
      if (Array.isArray(parent)) {
        const listName = prefix;
        if (BY_ID.has(listName)) {
          const found = parent.findIndex((item) => item !== REMOVED && isRecord(item) && item.id === part);
          if (found >= 0) seg = found;
          else if (isLast && (value === null || isRecord(value))) {
            if (value === null) {
              // Removing what the file leaves out changes nothing.
              ok = false;
              break;
            }
            seg = parent.length;
          } else {
            const ids = parent.filter((item): item is Record<string, unknown> => item !== REMOVED && isRecord(item) && typeof item.id === "string").map((item) => item.id as string);
            const guess = suggest(part, ids);
            nothing(`there is no ${listName === "fees" ? "fee" : "option"} \`${part}\`${guess ? `: did you mean \`${guess}\`?` : ids.length > 0 ? ` (${ids.map((i) => `\`${i}\``).join(", ")})` : ""}.`);
            break;
          }
        } else if (BY_POSITION.has(listName)) {
          const n = /^[1-9][0-9]*$/.test(part) ? Number(part) : NaN;
          if (!(n >= 1 && n <= parent.length) || parent[n - 1] === REMOVED) {
            nothing(`\`${listName}\` is counted from 1 as the file writes it, and ${parent.length === 0 ? "has no entry" : `has ${parent.length}`}.`);
            break;
          }
          seg = n - 1;
        } else {
          nothing(`\`${listName}\` is not a list a path can name into.`);
          break;
        }
        schemaPath.push(0);
      } else {
        seg = part;
        const known = keyNamesAt(schemaPath);
        if (!known.includes(part)) {
          const guess = suggest(part, known);
          nothing(`\`${part}\` is not a key ${schemaPath.length === 0 ? "at the top level" : `of \`${prefix}\``}${guess ? `: did you mean \`${guess}\`?` : "."}`);
          break;
        }
        schemaPath.push(part);
      }
      prefix = prefix === "" ? part : `${prefix}.${part}`;
      origin = [...origin, seg];
      if (isLast) {
        lastSeg = seg;
        break;
      }
      const child = Array.isArray(parent) ? parent[seg as number] : parent[seg as string];
      if (child === undefined || child === null) {
        if (value === null) {
          ok = false;
          break;
        }
        // A key the file leaves out: created, as writing it in the file would.
        const fresh = userKeyed<unknown>();
        overlay.origins.set(fresh, at);
        if (Array.isArray(parent)) parent[seg as number] = fresh;
        else parent[seg as string] = fresh;
        parent = fresh;
        continue;
      }
      if (typeof child !== "object") {
        nothing(`\`${prefix}\` is a single value, not a mapping.`);
        break;
      }
      const copy = cloneOf(child, overlay.originOf(origin));
      if (Array.isArray(parent)) parent[seg as number] = copy;
      else parent[seg as string] = copy;
      parent = copy;
    }
    if (!ok || lastSeg === undefined) continue;
    if (Array.isArray(parent)) {
      if (value === null) parent[lastSeg as number] = REMOVED;
      else if (isRecord(value) && BY_ID.has(prefix.slice(0, prefix.lastIndexOf(".")))) {
        // `fees.ID: {...}` adds or replaces the fee whole; its id is the path's.
        const entry = Object.assign(userKeyed<unknown>(), { id: parts[parts.length - 1] }, value);
        parent[lastSeg as number] = entry;
        overlay.origins.set(entry, at);
        overlay.leafOrigins.set(entry, new Map([["id", at]]));
      } else {
        parent[lastSeg as number] = value;
        if (typeof value === "object") overlay.origins.set(value as object, at);
      }
    } else {
      if (value === null) delete parent[lastSeg as string];
      else {
        parent[lastSeg as string] = value;
        if (typeof value === "object") overlay.origins.set(value as object, at);
        else {
          let leaves = overlay.leafOrigins.get(parent);
          if (!leaves) overlay.leafOrigins.set(parent, (leaves = new Map()));
          leaves.set(lastSeg, at);
        }
      }
      // The term has its `end` or its `months`: setting one removes the other.
      if (prefix === "term.end") delete parent.months;
      if (prefix === "term.months") delete parent.end;
    }
    applied.push(`set ${key}: ${value === null ? "removed" : (tree.scalarText(at) ?? sourceText(tree, at))}`);
  }
  // Entries removed by `null` leave their lists now that every position has been read.
  const compact = (v: unknown): void => {
    if (Array.isArray(v)) {
      for (let i = v.length - 1; i >= 0; i--) if (v[i] === REMOVED) v.splice(i, 1);
      v.forEach(compact);
    } else if (isRecord(v) && clones.has(v)) {
      Object.values(v).forEach(compact);
    }
  };
  compact(root);
  // The scenario is evaluated as a deal: without the scenarios or the deal's own expectations.
  delete root.scenarios;
  delete root.expect;
  return overlay;
}

/** A value as the file writes it, on one line. */
function sourceText(tree: SyntaxTree, path: Path): string {
  const span = tree.spanOf(path);
  return tree.text.slice(span.start, span.end).replace(/\s+/g, " ").trim();
}

function within(span: Span, outer: Span): boolean {
  return span.start >= outer.start && span.end <= outer.end;
}

function sameDiagnostic(a: Diagnostic, b: Diagnostic): boolean {
  return a.code === b.code && a.span.start === b.span.start && a.span.end === b.span.end && a.message === b.message;
}

/**
 * `set`: the deal with the values replaced, lowered again exactly as the file
 * would be. A problem the values make is reported where it is, when that is
 * on the scenario's lines, else on `set` (DS609); the base's own problems are
 * not repeated. The base itself when nothing is set. A `lowering` memo (the
 * one that lowered the base) reuses the shape check of every part of the file
 * the values leave as it is, and the lowering of each fee they leave in place.
 */
export function setValues(
  l: Lowering,
  at: Path,
  id: string,
  itemSpan: Span,
  base: DealModel,
  baseDiagnostics: readonly Diagnostic[],
  applied: string[],
  lowering?: LoweringMemo,
): DealModel {
  const tree = l.tree;
  const overlay = applySet(tree, at, l.diagnostics, applied);
  if (!overlay) return base;
  const lowered = lowerDeal(overlay, lowering);
  const anchor = tree.keySpanOf([...at, "set"]);
  for (const d of lowered.diagnostics) {
    if (baseDiagnostics.some((b) => sameDiagnostic(b, d))) continue;
    if (within(d.span, itemSpan)) l.diagnostics.push(d);
    else if (d.severity === "error") {
      l.diagnostics.push(
        diagnostic("DS609", anchor, `In scenario \`${id}\`: ${d.message}`, { related: [{ span: d.span, message: "where the scenario's change makes this a problem" }] }),
      );
    }
  }
  return lowered.model;
}
