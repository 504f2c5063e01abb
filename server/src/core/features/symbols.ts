/**
 * The outline: one symbol per top-level key, fees and options named by their
 * id, termination clauses by who may terminate, capacity steps by their
 * `from` date, a portfolio's includes by their path, nested keys below them.
 */
import type { Span } from "../diagnostics";
import { isRecord, nodeSpan, valueAt, type Path, type SyntaxTree } from "../syntax";

export type SymbolKind = "section" | "list" | "fee" | "clause" | "option" | "step" | "item" | "value";

export interface OutlineSymbol {
  readonly name: string;
  readonly detail?: string;
  readonly kind: SymbolKind;
  /** The whole entry, key and value. */
  readonly span: Span;
  /** What to reveal: the key, or the item's first key. */
  readonly selectionSpan: Span;
  readonly children: readonly OutlineSymbol[];
}

const MAX_DEPTH = 4;

function scalarDetail(value: unknown, tree: SyntaxTree, path: Path): string | undefined {
  if (value === null || typeof value === "object") return undefined;
  const text = tree.scalarText(path) ?? String(value);
  return text.length > 60 ? `${text.slice(0, 57)}...` : text;
}

function itemName(path: Path, value: unknown): { name: string; detail?: string; kind: SymbolKind } {
  const rec = isRecord(value) ? value : undefined;
  const str = (k: string) => (rec && (typeof rec[k] === "string" || typeof rec[k] === "number") ? String(rec[k]) : undefined);
  const index = path[path.length - 1] as number;
  if (path.length === 2 && path[0] === "fees") {
    const amount = str("amount") ?? str("price");
    const every = str("every");
    const quantity = str("price") !== undefined ? str("quantity") : undefined;
    const detail = amount !== undefined ? `${amount}${quantity ? ` × ${quantity}` : ""}${every ? (every === "once" ? " once" : ` every ${every}`) : ""}` : undefined;
    return { name: str("id") ?? `fee ${index + 1}`, kind: "fee", ...(detail ? { detail } : {}) };
  }
  if (path.length === 2 && path[0] === "options") {
    const extend = str("extend");
    const exercised = rec?.exercised === true;
    const detail = extend !== undefined ? `+${extend}${exercised ? ", exercised" : ""}` : exercised ? "exercised" : undefined;
    return { name: str("id") ?? `option ${index + 1}`, kind: "option", ...(detail ? { detail } : {}) };
  }
  if (path.length === 3 && path[0] === "capacity" && path[1] === "steps") {
    const sets = [str("power"), str("gpus") !== undefined ? `${str("gpus")} GPUs` : undefined].filter((x): x is string => x !== undefined);
    const from = str("from");
    return { name: from !== undefined ? `from ${from}` : `step ${index + 1}`, kind: "step", ...(sets.length > 0 ? { detail: sets.join(", ") } : {}) };
  }
  if (path.length === 2 && path[0] === "termination") {
    const by = rec?.by;
    const who = typeof by === "string" ? by : Array.isArray(by) ? by.join(", ") : undefined;
    const notice = str("notice");
    return { name: who ? `by ${who}` : `clause ${index + 1}`, kind: "clause", ...(notice ? { detail: `${notice} notice` } : {}) };
  }
  if (path.length === 2 && path[0] === "scenarios") {
    const label = str("label");
    return { name: str("id") ?? `scenario ${index + 1}`, kind: "item", ...(label ? { detail: label } : {}) };
  }
  if (path.length === 2 && path[0] === "include" && typeof value === "string") return { name: value, kind: "item" };
  return { name: `[${index}]`, kind: "item" };
}

function symbolsOf(tree: SyntaxTree, path: Path, value: unknown, depth: number): OutlineSymbol[] {
  if (depth > MAX_DEPTH || value === null || typeof value !== "object") return [];
  const segments = Array.isArray(value) ? value.map((_, i) => i) : Object.keys(value);
  const out: OutlineSymbol[] = [];
  for (const seg of segments) {
    const child = [...path, seg];
    const found = tree.locate(child);
    if (!found) continue;
    const keySpan = nodeSpan(found.key);
    const valueSpan = found.node === found.key ? undefined : nodeSpan(found.node);
    const start = keySpan?.start ?? valueSpan?.start;
    if (start === undefined) continue;
    const end = Math.max(keySpan?.end ?? start, valueSpan?.end ?? start);
    const childValue = valueAt(tree.root, child);
    const children = symbolsOf(tree, child, childValue, depth + 1);
    if (typeof seg === "number") {
      const { name, detail, kind } = itemName(child, childValue);
      const first = children[0]?.selectionSpan ?? valueSpan ?? { start, end };
      out.push({ name, kind, span: { start, end }, selectionSpan: first, children, ...(detail !== undefined ? { detail } : {}) });
    } else {
      const detail = scalarDetail(childValue, tree, child);
      const kind: SymbolKind = Array.isArray(childValue) ? "list" : children.length > 0 ? "section" : "value";
      out.push({ name: String(seg), kind, span: { start, end }, selectionSpan: keySpan ?? { start, end }, children, ...(detail !== undefined ? { detail } : {}) });
    }
  }
  return out;
}

export function documentSymbols(tree: SyntaxTree): OutlineSymbol[] {
  return symbolsOf(tree, [], tree.root, 0);
}
