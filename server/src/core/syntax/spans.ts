/**
 * From YAML nodes to exact ranges: the entry at a path segment, a node's
 * span, and the `SyntaxTree` whose lookups (locate, spanOf, keySpanOf,
 * scalarText) walk the value tree beside the YAML nodes it came from.
 */
import { isMap, isScalar, isSeq, visit, type Document, type Node, type Scalar } from "yaml";
import type { Diagnostic, Span } from "../diagnostics";
import type { Path, Segment, SyntaxTree } from "./tree";

export interface Entry {
  readonly key?: Scalar;
  readonly node: Node;
}

/** A mapping's or list's key, as the value tree has it (a list item's index is a number). */
export function isEntryKey(keyNode: unknown): keyNode is Scalar {
  return isScalar(keyNode) && (keyNode.value === null || typeof keyNode.value !== "object");
}

/** A mapping pair's entry: its value node, or its key when it has no value. */
function pairEntry(key: Scalar, value: Node | null): Entry {
  return value ? { key, node: value } : { key, node: key };
}

/**
 * The entry at `seg` of a mapping or list node, by scanning a mapping's
 * pairs (a tree indexes the keys of the mappings it is asked about, when
 * first asked: most values never need a range). In a mapping the last pair
 * with the key wins, as in the value tree.
 */
function entryOf(node: Node, seg: Segment): Entry | undefined {
  if (isSeq(node)) {
    if (typeof seg !== "number" || !Number.isInteger(seg) || seg < 0 || seg >= node.items.length) return undefined;
    return { node: node.items[seg] as Node };
  }
  if (isMap(node)) {
    const key = String(seg);
    for (let i = node.items.length - 1; i >= 0; i--) {
      const pair = node.items[i]!;
      if (isEntryKey(pair.key) && String(pair.key.value) === key) return pairEntry(pair.key, pair.value as Node | null);
    }
  }
  return undefined;
}

/** The first entry of a mapping (what the file's top level starts with). */
function firstEntryOf(node: Node): Entry | undefined {
  if (isSeq(node)) return node.items.length > 0 ? entryOf(node, 0) : undefined;
  if (!isMap(node)) return undefined;
  const first = node.items.find((pair) => isEntryKey(pair.key));
  return first ? entryOf(node, String((first.key as Scalar).value)) : undefined;
}

export function nodeSpan(node: Node | undefined): Span | undefined {
  if (!node?.range) return undefined;
  return { start: node.range[0], end: node.range[1] };
}

/** The first line's text: without a byte order mark before it or a `\r` after it. */
export function firstLineSpan(text: string): Span {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const nl = text.indexOf("\n");
  const end = nl < 0 ? text.length : nl > start && text[nl - 1] === "\r" ? nl - 1 : nl;
  return { start, end: Math.max(start, end) };
}

/** The whole key that starts at `offset` (the parser reports only its first character). */
export function keySpanAt(doc: Document, offset: number): Span | undefined {
  let found: Span | undefined;
  try {
    visit(doc, {
      Pair(_, pair) {
        const span = nodeSpan(pair.key as Node | undefined);
        if (span && span.start === offset) {
          found = span;
          return visit.BREAK;
        }
        return undefined;
      },
    });
  } catch {
    return undefined;
  }
  return found;
}

/** For a list item that is a mapping, the span of its first key: `- id: ramp` points at `id`. */
function firstItemKeySpan(node: Node): Span | undefined {
  if (isMap(node) && node.items.length > 0) return nodeSpan(node.items[0]!.key as Node);
  return undefined;
}

/**
 * The tree over a value tree: `containerOf` gives the YAML node of each of its
 * mappings and lists; `rewritten`, the scalars read as another text (an amount
 * split at its commas, read whole).
 */
export function syntaxTree(
  text: string,
  root: unknown,
  diagnostics: readonly Diagnostic[],
  containerOf: (value: object) => Node | undefined,
  rewritten?: ReadonlyMap<Node, string>,
): SyntaxTree {
  const container = (value: unknown): Node | undefined => (typeof value === "object" && value !== null ? containerOf(value) : undefined);

  /** Each mapping's entries by key, made when the mapping is first looked into (most are never). */
  const indexes = new WeakMap<Node, Map<string, Entry>>();
  const entryAt = (node: Node, seg: Segment): Entry | undefined => {
    if (!isMap(node)) return entryOf(node, seg);
    let index = indexes.get(node);
    if (!index) {
      index = new Map();
      // In a mapping the last pair with a key wins, as in the value tree.
      for (const pair of node.items) if (isEntryKey(pair.key)) index.set(String(pair.key.value), pairEntry(pair.key, pair.value as Node | null));
      indexes.set(node, index);
    }
    return index.get(String(seg));
  };

  /** The entries along `path`, one per segment found (fewer when the path leaves the tree). */
  const walk = (path: Path): Entry[] => {
    let value: unknown = root;
    const entries: Entry[] = [];
    for (const seg of path) {
      const node = container(value);
      const next = node && entryAt(node, seg);
      if (!next) break;
      entries.push(next);
      value = (value as Record<string, unknown>)[seg as string];
    }
    return entries;
  };

  const rootSpan = (): Span => {
    const node = container(root);
    const first = node && firstEntryOf(node);
    return nodeSpan(first?.key ?? first?.node) ?? firstLineSpan(text);
  };

  const tree: SyntaxTree = {
    text,
    root,
    diagnostics,
    locate(path) {
      if (path.length === 0) {
        const node = container(root);
        return node ? { node } : undefined;
      }
      const entries = walk(path);
      const entry = entries[path.length - 1];
      return entry ? { node: entry.node, key: entry.key } : undefined;
    },
    spanOf(path, prefer = "value") {
      const entries = walk(path);
      // The deepest entry found, or an ancestor when its span is empty.
      for (let n = entries.length; n > 0; n--) {
        const entry = entries[n - 1];
        if (entry) {
          const keySpan = nodeSpan(entry.key);
          const rawValueSpan = entry.node === entry.key ? undefined : nodeSpan(entry.node);
          const valueSpan = rawValueSpan && rawValueSpan.end > rawValueSpan.start ? rawValueSpan : undefined;
          // An ancestor stands in for a missing child: point at its key, not its whole body.
          const chosen = n < path.length || prefer === "key" ? (keySpan ?? firstItemKeySpan(entry.node) ?? valueSpan) : (valueSpan ?? keySpan);
          if (chosen && chosen.end > chosen.start) return chosen;
          // An empty node (a `?` key with nothing after it) is widened to one character, inside the text.
          if (chosen) {
            const start = Math.min(chosen.start, text.length);
            return { start, end: Math.min(start + 1, text.length) };
          }
        }
      }
      return rootSpan();
    },
    keySpanOf(path) {
      return tree.spanOf(path, "key");
    },
    scalarText(path) {
      const found = tree.locate(path);
      const node = found?.node;
      if (!node || !isScalar(node) || node === found.key) return undefined;
      const whole = rewritten?.get(node);
      if (whole !== undefined) return whole;
      if (node.type === "PLAIN" && typeof node.source === "string") return node.source;
      if (typeof node.value === "string") return node.value;
      return node.source ?? (node.value === null ? undefined : String(node.value));
    },
  };
  return tree;
}
