/**
 * Parsing by blocks, for a caller that analyzes one document again and again
 * (an editor): the text is cut at its top-level keys and at the items of its
 * top-level block lists (fees, termination, scenarios, ...), each block is
 * parsed on its own, and the blocks whose text did not change are taken from
 * a `BlockCache` the caller owns, their nodes moved to where the block now
 * starts. The tree is then the one `parseSyntax` gives for the whole text:
 * the same values, the same node ranges. Whenever the cut cannot be proved
 * safe (directives, `---`, tabs, a lone CR, a byte order mark, aliases, odd
 * indentation or a line indented by another space than U+0020, a key that is
 * not a plain word, a top-level key written twice, any YAML problem or any
 * diagnostic at all), `undefined` says to parse the whole text instead.
 */
import { isMap, isPair, isScalar, isSeq, parseDocument, Pair, visit, YAMLMap, YAMLSeq, type Node, type Scalar } from "yaml";
import type { Diagnostic } from "../diagnostics";
import { valueConverter } from "./convert";
import { syntaxTree } from "./spans";
import type { SyntaxTree } from "./tree";

const OPTIONS = { version: "1.2", schema: "core", uniqueKeys: true, prettyErrors: false, strict: true } as const;

type BlockKind = "entry" | "header" | "item";

/** One block's parse: its nodes (ranges as they sit at `at`) and values. */
interface BlockEntry {
  readonly kind: BlockKind;
  /** The document's contents: a mapping of one pair (entry, header) or a list of one item (item). */
  readonly contents: YAMLMap | YAMLSeq;
  /** The top-level key (entry, header). */
  readonly key?: Scalar;
  /** The pair (entry). */
  readonly pair?: Pair;
  /** The list item (item). */
  readonly item?: Node;
  /** The key as the value tree has it (entry, header). */
  readonly name?: string;
  /** The value of the pair (entry) or of the item (item). */
  readonly value: unknown;
  /** Where the block's first character sits in the text its nodes' ranges are now those of. */
  at: number;
  /** The last generation (analysis) that used this entry. */
  used: number;
}

/**
 * What parsing by blocks keeps between calls: owned by the caller (one per
 * document), never by the core. Blocks not used by the last two parses are
 * dropped.
 */
export class BlockCache {
  /** By block text: several entries when the same text appears more than once. */
  readonly entries = new Map<string, BlockEntry[]>();
  /** The YAML node of every mapping and list of the cached blocks' values. */
  readonly containers = new WeakMap<object, Node>();
  generation = 0;
  /** The tree whose placement the cached nodes' ranges now have. */
  placedBy: object | undefined;
  /** The last parse's text and its blocks by where they start: most blocks of the next text sit where they were, or as far from the end. */
  last: { readonly text: string; readonly byStart: Map<number, { readonly cut: Cut; readonly entry: BlockEntry }> } | undefined;
}

/** A block of the text; filled in as the cut goes on (a cut's end, and what follows it, are known at the next). */
interface Cut {
  readonly kind: BlockKind;
  readonly start: number;
  end: number;
  /** For a list item followed by another: the indentation of the next item's `-`. */
  nextItem?: number;
  /** For an entry followed by another top-level key. */
  nextKey?: boolean;
}

/**
 * What stands for the next top-level key after an entry's block: where the
 * entry's trailing comments end (the range of an empty value) depends on what
 * follows. Not a key a block can start with (KEY_LINE), so never a duplicate.
 */
const NEXT_KEY = "-next-:\n";

const KEY_LINE = /^([A-Za-z0-9_][A-Za-z0-9_-]*)[ ]*:(?:[ ]|$)/;
const HEADER_LINE = /^[A-Za-z0-9_][A-Za-z0-9_-]*[ ]*:[ ]*(?:#.*)?$/;
const ITEM_LINE = /^( *)-(?: |$)/;

/** A character `trimStart` removes, as YAML does not indent with (anything but the space itself). */
function isSpace(code: number): boolean {
  return code !== 32 && /\s/.test(String.fromCharCode(code));
}

/** Where the text's blocks are, or undefined when the cut cannot be proved safe. */
function cutBlocks(text: string): Cut[] | undefined {
  if (text.length === 0 || text.charCodeAt(0) === 0xfeff || text.includes("\t")) return undefined;
  if (text.includes("\r") && /\r(?!\n)/.test(text)) return undefined;
  const cuts: Cut[] = [];
  /** The indentation of the items of the list being cut, if any. */
  let itemIndent: number | undefined;
  let pos = 0;
  const open = (kind: BlockKind, start: number) => {
    const last = cuts[cuts.length - 1];
    if (last) {
      last.end = start;
      if (last.kind === "entry" && kind !== "item") last.nextKey = true;
    }
    cuts.push({ kind, start, end: text.length });
  };
  while (pos < text.length) {
    let eol = text.indexOf("\n", pos);
    if (eol < 0) eol = text.length;
    const next = eol + 1;
    // The line without its line break, read by character codes: most lines are inside a block and need no more.
    const lineEnd = eol > pos && text.charCodeAt(eol - 1) === 13 ? eol - 1 : eol;
    let first = pos;
    while (first < lineEnd && text.charCodeAt(first) === 32) first++;
    const indent = first - pos;
    if (first === lineEnd || text.charCodeAt(first) === 35 /* # */) {
      pos = next;
      continue;
    }
    // Indentation is spaces only: any other leading space (NBSP, form feed, ...) is cut no further.
    const c = text.charCodeAt(first);
    if ((c < 33 || c > 126) && isSpace(c)) return undefined;
    if (itemIndent !== undefined) {
      if (indent === itemIndent && c === 45 /* - */ && (first + 1 === lineEnd || text.charCodeAt(first + 1) === 32)) {
        // An item is parsed with the next item's `-` after it, as the whole parse sees it (where its trailing comments end).
        const last = cuts[cuts.length - 1];
        if (last?.kind === "item") last.nextItem = itemIndent;
        open("item", pos);
        pos = next;
        continue;
      }
      if (indent > itemIndent) {
        pos = next;
        continue;
      }
      if (indent > 0) return undefined;
      itemIndent = undefined;
    }
    if (indent > 0) {
      if (cuts.length === 0) return undefined;
      pos = next;
      continue;
    }
    const line = text.slice(pos, lineEnd);
    if (!KEY_LINE.test(line) || line.startsWith("---") || line.startsWith("...")) return undefined;
    if (HEADER_LINE.test(line)) {
      // A key with nothing after it: a list header if the next line that holds something is a list item.
      let p = next;
      let found: number | undefined;
      while (p < text.length) {
        let e = text.indexOf("\n", p);
        if (e < 0) e = text.length;
        const l = text.slice(p, e).replace(/\r$/, "");
        const t = l.trimStart();
        if (t !== "" && !t.startsWith("#")) {
          const item = ITEM_LINE.exec(l);
          if (item) found = item[1]!.length;
          break;
        }
        p = e + 1;
      }
      if (found !== undefined) {
        open("header", pos);
        itemIndent = found;
        pos = next;
        continue;
      }
    }
    open("entry", pos);
    pos = next;
  }
  // Comments and blank lines before the first key belong to no block.
  return cuts.length > 0 ? cuts : undefined;
}

/** Parses one block alone; undefined when it has any problem, an alias or an unexpected shape. */
function parseBlock(text: string, kind: BlockKind, cache: BlockCache, nextItem?: number, nextKey?: boolean): Omit<BlockEntry, "at" | "used"> | undefined {
  // An empty item after it stands for the next one: where a list item's trailing comments end depends on what follows.
  const doc = parseDocument(nextItem !== undefined ? `${text}${" ".repeat(nextItem)}-\n` : nextKey ? `${text}${NEXT_KEY}` : text, OPTIONS);
  if (doc.errors.length > 0 || doc.warnings.length > 0) return undefined;
  const contents = doc.contents as Node | null;
  // An alias is written `*name`: a block without a `*` has none (most have none, and the walk costs a pass over the nodes).
  let aliased = false;
  if (text.includes("*")) {
    visit(doc, {
      Alias() {
        aliased = true;
        return visit.BREAK;
      },
    });
  }
  if (aliased) return undefined;
  const diagnostics: Diagnostic[] = [];
  const convert = valueConverter(doc, { text, noun: "deal file", diagnostics, rewritten: new Map(), container: (value, node) => cache.containers.set(value, node) });
  if (kind === "item") {
    if (!isSeq(contents) || contents.items.length !== (nextItem === undefined ? 1 : 2)) return undefined;
    const item = contents.items[0] as Node;
    // A list item of a top-level list sits at depth 2 of the value tree.
    const value = convert(item, 2);
    if (diagnostics.length > 0) return undefined;
    return { kind, contents, item, value };
  }
  if (!isMap(contents) || contents.items.length !== (nextKey ? 2 : 1) || contents.flow) return undefined;
  const pair = contents.items[0]!;
  const key = pair.key as Node | null;
  if (!isScalar(key) || key.type !== "PLAIN" || (key.value !== null && typeof key.value === "object") || key.value === "<<") return undefined;
  const name = String(key.value);
  if (kind === "header") {
    const v = pair.value as Node | null;
    if (v && !(isScalar(v) && v.value === null && !v.source)) return undefined;
    return { kind, contents, key, name, value: undefined };
  }
  const value = pair.value ? convert(pair.value as Node, 1) : null;
  if (diagnostics.length > 0) return undefined;
  return { kind, contents, key, pair: pair as Pair, name, value };
}

/** Moves every range of a node and its children by `by`. */
function shift(node: unknown, by: number): void {
  if (node === null || typeof node !== "object") return;
  if (isPair(node)) {
    shift(node.key, by);
    shift(node.value, by);
    return;
  }
  const range = (node as Node).range;
  if (range) {
    range[0] += by;
    range[1] += by;
    range[2] += by;
  }
  if (isMap(node) || isSeq(node)) for (const item of node.items) shift(item, by);
}

/**
 * How many characters two texts share at their start, and then at their end
 * (the two never overlap): compared by chunks, natively, then by characters
 * inside the first chunk that differs.
 */
function sharedEnds(text: string, before: string): { prefix: number; suffix: number } {
  const CHUNK = 1024;
  const most = Math.min(text.length, before.length);
  let prefix = 0;
  while (prefix + CHUNK <= most && text.slice(prefix, prefix + CHUNK) === before.slice(prefix, prefix + CHUNK)) prefix += CHUNK;
  while (prefix < most && text.charCodeAt(prefix) === before.charCodeAt(prefix)) prefix++;
  const room = most - prefix;
  let suffix = 0;
  while (suffix + CHUNK <= room && text.slice(text.length - suffix - CHUNK, text.length - suffix) === before.slice(before.length - suffix - CHUNK, before.length - suffix)) suffix += CHUNK;
  while (suffix < room && text.charCodeAt(text.length - 1 - suffix) === before.charCodeAt(before.length - 1 - suffix)) suffix++;
  return { prefix, suffix };
}

/**
 * The syntax tree of `text` from its blocks, reusing the cache's; undefined
 * when the text must be parsed whole (see the file's opening comment). The
 * tree equals `parseSyntax(text)`'s (a deal file with no syntax diagnostic).
 */
export function parseByBlocks(text: string, cache: BlockCache): SyntaxTree | undefined {
  const cuts = cutBlocks(text);
  if (!cuts) return undefined;
  const generation = ++cache.generation;
  const placements: [BlockEntry, number][] = [];
  const blocks: BlockEntry[] = [];
  const last = cache.last;
  const byStart = new Map<number, { readonly cut: Cut; readonly entry: BlockEntry }>();
  // What the text shares with the last parse's, at its start and at its end: the blocks inside are unchanged.
  const { prefix, suffix } = last ? sharedEnds(text, last.text) : { prefix: 0, suffix: 0 };
  /** The last parse's block at `start` of its text, if it was cut as `cut` is (its text is known to be the same). */
  const sameAs = (start: number, cut: Cut): BlockEntry | undefined => {
    const old = last!.byStart.get(start);
    if (!old || old.entry.used === generation) return undefined;
    const o = old.cut;
    return o.end - o.start === cut.end - cut.start && o.kind === cut.kind && o.nextItem === cut.nextItem && o.nextKey === cut.nextKey ? old.entry : undefined;
  };
  for (const cut of cuts) {
    // Most blocks lie in what the text shares with the last one, where the last parse had them or as far from the end.
    let entry: BlockEntry | undefined;
    if (last && cut.end <= prefix) entry = sameAs(cut.start, cut);
    else if (last && cut.start >= text.length - suffix) entry = sameAs(cut.start - (text.length - last.text.length), cut);
    if (!entry) {
      const blockText = text.slice(cut.start, cut.end);
      // A block never starts with a line break: an entry followed by another key is told apart by one.
      const key = cut.nextItem !== undefined ? `${cut.nextItem}-${blockText}` : cut.nextKey ? `\n${blockText}` : blockText;
      const list = cache.entries.get(key);
      entry = list?.find((e) => e.used !== generation && e.kind === cut.kind);
      if (!entry) {
        const parsed = parseBlock(blockText, cut.kind, cache, cut.nextItem, cut.nextKey);
        if (!parsed) return undefined;
        entry = { ...parsed, at: 0, used: generation };
        if (list) list.push(entry);
        else cache.entries.set(key, [entry]);
      }
    }
    entry.used = generation;
    placements.push([entry, cut.start]);
    blocks.push(entry);
    byStart.set(cut.start, { cut, entry });
  }
  cache.last = { text, byStart };
  // Forget what the last two parses did not use.
  for (const [key, list] of cache.entries) {
    if (list.every((e) => e.used >= generation - 1)) continue;
    const kept = list.filter((e) => e.used >= generation - 1);
    if (kept.length === 0) cache.entries.delete(key);
    else cache.entries.set(key, kept);
  }

  const place = () => {
    if (cache.placedBy === tree) return;
    for (const [entry, at] of placements) {
      if (entry.at !== at) {
        shift(entry.contents, at - entry.at);
        entry.at = at;
      }
    }
    cache.placedBy = tree;
  };
  // Placed now, so that the synthetic containers' ranges can be read from the blocks'.
  cache.placedBy = undefined;
  const tree = {} as SyntaxTree;
  place();

  const root: Record<string, unknown> = Object.create(null);
  const rootMap = new YAMLMap();
  const own = new WeakMap<object, Node>();
  const names = new Set<string>();
  let lastEnd: [number, number] = [0, 0];
  for (let i = 0; i < blocks.length; i++) {
    const block = blocks[i]!;
    if (block.kind === "item") return undefined;
    const name = block.name!;
    if (names.has(name)) return undefined;
    names.add(name);
    if (block.kind === "entry") {
      rootMap.items.push(block.pair!);
      root[name] = block.value;
      lastEnd = [block.contents.range![1], block.contents.range![2]];
      continue;
    }
    const seq = new YAMLSeq();
    const values: unknown[] = [];
    let first: YAMLSeq | undefined;
    let last: YAMLSeq | undefined;
    while (blocks[i + 1]?.kind === "item") {
      const item = blocks[++i]!;
      seq.items.push(item.item!);
      values.push(item.value);
      first ??= item.contents as YAMLSeq;
      last = item.contents as YAMLSeq;
    }
    if (!first || !last) return undefined;
    seq.range = [first.range![0], last.range![1], last.range![2]];
    own.set(values, seq);
    rootMap.items.push(new Pair(block.key!, seq));
    root[name] = values;
    lastEnd = [seq.range[2], seq.range[2]];
  }
  rootMap.range = [blocks[0]!.contents.range![0], lastEnd[0], lastEnd[1]];
  own.set(root, rootMap);

  const inner = syntaxTree(text, root, [], (value) => own.get(value) ?? cache.containers.get(value));
  Object.assign(tree, {
    text,
    root,
    diagnostics: inner.diagnostics,
    locate: (path: Parameters<SyntaxTree["locate"]>[0]) => (place(), inner.locate(path)),
    spanOf: (path: Parameters<SyntaxTree["spanOf"]>[0], prefer?: "value" | "key") => (place(), inner.spanOf(path, prefer)),
    keySpanOf: (path: Parameters<SyntaxTree["keySpanOf"]>[0]) => (place(), inner.keySpanOf(path)),
    scalarText: (path: Parameters<SyntaxTree["scalarText"]>[0]) => (place(), inner.scalarText(path)),
  });
  return tree;
}
