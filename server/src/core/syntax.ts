/**
 * Parsing never fails: text in, a plain value tree plus diagnostics out. The
 * tree keeps a link from every mapping and list back to its YAML node, so any
 * later stage can turn a path into an exact source range.
 */
import { isAlias, isMap, isScalar, isSeq, parseDocument, visit, type Document, type Node, type Pair, type Scalar, type YAMLMap } from "yaml";
import { diagnostic, type Diagnostic, type Span } from "./diagnostics";

/** Errors that leave the tree whole: the file is still read (see `readable`). */
const READ_ON: ReadonlySet<string> = new Set(["DS108", "DS109"]);

/**
 * Whether a parsed file can be read as a deal (or portfolio): a root, and no
 * YAML error that leaves the tree in doubt. A merge key (DS108, dropped) and
 * an amount split at its commas (DS109, read whole) are errors that do not.
 */
export function readable(syntax: SyntaxTree): boolean {
  return syntax.root !== undefined && !syntax.diagnostics.some((d) => d.severity === "error" && !READ_ON.has(d.code));
}

/** A carriage return not followed by a line feed: a line break of its own (old Mac line ends). */
const LONE_CR = /\r(?!\n)/g;

/** Files larger than this (in UTF-16 code units) are not parsed. */
export const MAX_TEXT_LENGTH = 8 * 1024 * 1024;
/** Files with more lines and commas than this are not parsed: a YAML parse costs about 1 kB per value. */
const MAX_SEPARATORS = 100_000;
/** Mappings and lists nested deeper than this are not read. */
export const MAX_DEPTH = 64;
/** Nodes that alias expansion may add in all, so that an alias bomb stays small. */
const MAX_ALIAS_NODES = 10_000;

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

interface Entry {
  readonly key?: Scalar;
  readonly node: Node;
}

/** A mapping's or list's key, as the value tree has it (a list item's index is a number). */
function isEntryKey(keyNode: unknown): keyNode is Scalar {
  return isScalar(keyNode) && (keyNode.value === null || typeof keyNode.value !== "object");
}

/**
 * The entry at `seg` of a mapping or list node: looked up when a range is
 * asked for, rather than kept in a map for every mapping and list of the
 * file (which cost more than the lookups: most values never need a range).
 * In a mapping the last pair with the key wins, as in the value tree.
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
      const keyNode = pair.key;
      if (!isEntryKey(keyNode) || String(keyNode.value) !== key) continue;
      const valueNode = pair.value as Node | null;
      return valueNode ? { key: keyNode, node: valueNode } : { key: keyNode, node: keyNode };
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

/**
 * In a flow mapping, an amount written with group commas (`{amount: 1,250,000}`)
 * is split by YAML into a value `1` and keys `250` and `000` without values. For
 * each such pair: the amount's whole text and span (on the pair that holds its
 * first group), or null (on the pairs its later groups became, to drop).
 */
function splitAmounts(map: YAMLMap): Map<Pair, { text: string; span: Span } | null> | undefined {
  let found: Map<Pair, { text: string; span: Span } | null> | undefined;
  const items = map.items as Pair[];
  for (let i = 0; i < items.length; i++) {
    const value = items[i]!.value as Node | null;
    if (!isScalar(value) || value.type !== "PLAIN" || !/^(?:[A-Z]{3}\s*|[$€£¥]\s*)?[0-9]{1,3}$/u.test(value.source ?? "") || !value.range) continue;
    const groups: Pair[] = [];
    for (let j = i + 1; j < items.length; j++) {
      const key = items[j]!.key as Node | null;
      if (items[j]!.value !== null || !isScalar(key) || key.type !== "PLAIN" || !key.range) break;
      if (!/^[0-9]{3}(?:\.[0-9]+)?(?:\s?[A-Za-z]+)?$/.test(key.source ?? "")) break;
      groups.push(items[j]!);
      if (!/^[0-9]{3}$/.test(key.source ?? "")) break;
    }
    if (groups.length === 0) continue;
    const last = groups[groups.length - 1]!.key as Scalar;
    found ??= new Map();
    found.set(items[i]!, { text: [value.source, ...groups.map((g) => (g.key as Scalar).source)].join(","), span: { start: value.range[0], end: last.range![1] } });
    for (const g of groups) found.set(g, null);
    i += groups.length;
  }
  return found;
}

export function nodeSpan(node: Node | undefined): Span | undefined {
  if (!node?.range) return undefined;
  return { start: node.range[0], end: node.range[1] };
}

/** The first line's text: without a byte order mark before it or a `\r` after it. */
function firstLineSpan(text: string): Span {
  const start = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  const nl = text.indexOf("\n");
  const end = nl < 0 ? text.length : nl > start && text[nl - 1] === "\r" ? nl - 1 : nl;
  return { start, end: Math.max(start, end) };
}

/** What kind of file is parsed: only the wording of messages differs. */
export type FileKind = "deal" | "portfolio";

const TOP_LEVEL_EXAMPLE: Readonly<Record<FileKind, string>> = {
  deal: "`dealspec: 1`, `deal: my-deal`, `currency: USD`",
  portfolio: "`portfolio: my-portfolio`, `currency: USD`, `include: [...]`",
};

export function parseSyntax(text: string, kind: FileKind = "deal"): SyntaxTree {
  const noun = `${kind} file`;
  const diagnostics: Diagnostic[] = [];
  /** The YAML node of every mapping and list of the value tree. */
  const containers = new WeakMap<object, Node>();
  /** Scalars whose text is read as another (an amount split at its commas, read whole). */
  const rewritten = new Map<Node, string>();
  let root: unknown = undefined;
  let doc: Document | undefined;

  if (text.length > MAX_TEXT_LENGTH) {
    diagnostics.push(
      diagnostic(
        "DS104",
        firstLineSpan(text),
        `This file has ${text.length.toLocaleString("en-US")} characters; ${noun}s are read up to ${MAX_TEXT_LENGTH.toLocaleString("en-US")}. Split it into several ${noun}s.`,
      ),
    );
  } else if (countSeparators(text) > MAX_SEPARATORS) {
    diagnostics.push(
      diagnostic(
        "DS104",
        firstLineSpan(text),
        `This file has more than ${MAX_SEPARATORS.toLocaleString("en-US")} lines and commas; ${noun}s are read up to that many. Split it into several ${noun}s.`,
      ),
    );
  } else {
    try {
      // YAML 1.2 (and LSP) count a lone CR as a line break; the parser reads only LF and CRLF. One
      // character for one keeps every offset, so ranges stay those of the text as written.
      doc = parseDocument(text.replace(LONE_CR, "\n"), { version: "1.2", schema: "core", uniqueKeys: true, prettyErrors: false, strict: true });
    } catch (e) {
      diagnostics.push(diagnostic("DS100", firstLineSpan(text), `The YAML parser gave up: ${(e as Error).message}`));
    }
  }

  if (doc) {
    // The parser may place a problem at the very end of the text: keep every range inside it.
    const problemSpan = (pos: readonly [number, number]): Span => {
      const start = Math.min(Math.max(0, pos[0]), text.length);
      return { start, end: Math.min(Math.max(pos[1], start + 1), text.length) };
    };
    // Nesting deep enough to exhaust the parser's stack: one clear error, not the stack's
    // message followed by hundreds of consequential ones.
    const overflow = doc.errors.find((e) => /call stack/i.test(e.message));
    const errors = overflow ? [] : doc.errors;
    if (overflow) {
      diagnostics.push(
        diagnostic("DS105", problemSpan(overflow.pos), `Values are nested far more than ${MAX_DEPTH} levels deep, too deep to read; a deal file needs at most a few.`),
      );
    }
    // `{amount: 1,000,000}` makes two keys `000`: not a duplicate key but one amount split at its commas (DS109, below).
    const splitKeys = new Set<number>();
    if (errors.some((e) => e.code === "DUPLICATE_KEY")) {
      visit(doc, {
        Map(_, map) {
          if (!map.flow) return;
          for (const [pair, whole] of splitAmounts(map) ?? []) if (whole === null) splitKeys.add((pair.key as Scalar).range![0]);
        },
      });
    }
    for (const err of errors) {
      if (err.code === "DUPLICATE_KEY" && splitKeys.has(err.pos[0])) continue;
      const span = problemSpan(err.pos);
      if (err.code === "MULTIPLE_DOCS") {
        diagnostics.push(diagnostic("DS101", span, `A ${noun} holds exactly one YAML document: remove the \`---\` and what follows, or move it to its own file.`));
      } else if (err.code === "DUPLICATE_KEY") {
        diagnostics.push(diagnostic("DS106", keySpanAt(doc, err.pos[0]) ?? span, "This key appears twice in the same mapping: keep one of them."));
      } else {
        diagnostics.push(diagnostic("DS100", span, `Invalid YAML: ${firstSentence(err.message)}`));
      }
    }
    for (const warn of doc.warnings) {
      const span = problemSpan(warn.pos);
      diagnostics.push(diagnostic("DS100", span, `YAML: ${firstSentence(warn.message)}`, { severity: "warning" }));
    }
  }

  const hasErrors = diagnostics.some((d) => d.severity === "error");
  if (doc && !hasErrors) {
    const contents = doc.contents as Node | null;
    if (!contents || (isScalar(contents) && contents.value === null && !contents.source)) {
      diagnostics.push(diagnostic("DS102", firstLineSpan(text), `The file is empty${/\S/.test(text) ? " (comments only)" : ""}: a ${noun} is a mapping of keys such as ${TOP_LEVEL_EXAMPLE[kind]}.`));
    } else if (!isMap(contents)) {
      const span = nodeSpan(contents) ?? firstLineSpan(text);
      diagnostics.push(
        diagnostic("DS102", span.end > span.start ? span : firstLineSpan(text), `A ${noun} is a mapping of keys such as ${TOP_LEVEL_EXAMPLE[kind]}; this file's top level is not.`),
      );
    } else {
      let aliasBudget = MAX_ALIAS_NODES;
      let reportedAliasBudget = false;
      let reportedDepth = false;
      const d = doc;
      /** The outermost alias being expanded: where an alias bomb is reported. */
      let expanding: Node | undefined;

      const convert = (node: Node | null | undefined, depth: number, viaAlias: boolean): unknown => {
        if (node === null || node === undefined) return null;
        if (viaAlias && --aliasBudget < 0) {
          if (!reportedAliasBudget) {
            reportedAliasBudget = true;
            diagnostics.push(diagnostic("DS103", nodeSpan(expanding) ?? nodeSpan(node) ?? firstLineSpan(text), `Aliases here expand to more than ${MAX_ALIAS_NODES.toLocaleString("en-US")} values; write the values out instead.`));
          }
          return null;
        }
        if (isAlias(node)) {
          const target = node.resolve(d);
          if (!target) return null;
          const outermost = expanding === undefined;
          if (outermost) expanding = node;
          try {
            return convert(target as Node, depth, true);
          } finally {
            if (outermost) expanding = undefined;
          }
        }
        if (isScalar(node)) {
          // A number too long for a float (`1e400`, 309 digits) is not infinity: keep it as written, so
          // that the reader of its key says what is wrong with it (money is read from the text exactly).
          if (typeof node.value === "number" && !Number.isFinite(node.value) && !/^[-+]?\.(?:inf|Inf|INF|nan|NaN|NAN)$/.test(node.source ?? "")) {
            return node.source ?? null;
          }
          return node.value ?? null;
        }
        if (depth >= MAX_DEPTH) {
          if (!reportedDepth) {
            reportedDepth = true;
            diagnostics.push(diagnostic("DS105", nodeSpan(node) ?? firstLineSpan(text), `Values are nested more than ${MAX_DEPTH} levels deep; a ${noun} needs at most a few.`));
          }
          return null;
        }
        if (isSeq(node)) {
          const out: unknown[] = [];
          for (const item of node.items) out.push(convert(item as Node, depth + 1, viaAlias));
          containers.set(out, node);
          return out;
        }
        if (isMap(node)) {
          const out: Record<string, unknown> = Object.create(null);
          const split = node.flow ? splitAmounts(node) : undefined;
          for (const pair of node.items) {
            const joined = split?.get(pair);
            if (joined === null) continue;
            const keyNode = pair.key as Node | null;
            if (!isEntryKey(keyNode)) {
              diagnostics.push(diagnostic("DS107", nodeSpan(keyNode ?? undefined) ?? nodeSpan(node) ?? firstLineSpan(text), `Keys in a ${noun} are plain words such as \`amount\` or \`2027\`.`));
              continue;
            }
            if (keyNode.value === "<<" && (keyNode as Scalar).type === "PLAIN") {
              diagnostics.push(
                diagnostic(
                  "DS108",
                  nodeSpan(keyNode) ?? firstLineSpan(text),
                  "Merge keys (`<<`) are not part of YAML 1.2, which Dealspec reads: write the keys out in this mapping (an alias can still repeat one value, `amount: *price`).",
                ),
              );
              continue;
            }
            const valueNode = pair.value as Node | null;
            if (joined !== undefined) {
              // `{amount: 1,250,000}`: YAML splits the amount at its commas into keys `250` and `000`.
              diagnostics.push(
                diagnostic("DS109", joined.span, `In a \`{...}\` mapping a comma ends the entry, so \`${joined.text}\` was read as \`${joined.text.split(",")[0]}\` and keys \`${joined.text.split(",").slice(1).join("`, `")}\`: quote the amount, \`"${joined.text}"\`.`, {
                  fixes: [{ title: `Quote \`${joined.text}\``, edits: [{ span: joined.span, newText: `"${joined.text}"` }] }],
                }),
              );
              out[String(keyNode.value)] = joined.text;
              if (valueNode) rewritten.set(valueNode, joined.text);
              continue;
            }
            out[String(keyNode.value)] = valueNode ? convert(valueNode, depth + 1, viaAlias) : null;
          }
          containers.set(out, node);
          return out;
        }
        return null;
      };
      root = convert(contents, 0, false);
    }
  }

  const walk = (path: Path): { entry?: Entry; depth: number } => {
    let value: unknown = root;
    let entry: Entry | undefined;
    let depth = 0;
    for (const seg of path) {
      const container = typeof value === "object" && value !== null ? containers.get(value) : undefined;
      const next = container && entryOf(container, seg);
      if (!next) return { depth };
      entry = next;
      value = (value as Record<string, unknown>)[seg as string];
      depth++;
    }
    return { entry, depth };
  };

  const rootSpan = (): Span => {
    const container = typeof root === "object" && root !== null ? containers.get(root) : undefined;
    const first = container && firstEntryOf(container);
    return nodeSpan(first?.key ?? first?.node) ?? firstLineSpan(text);
  };

  const tree: SyntaxTree = {
    text,
    root,
    diagnostics,
    locate(path) {
      if (path.length === 0) {
        const container = typeof root === "object" && root !== null ? containers.get(root) : undefined;
        return container ? { node: container } : undefined;
      }
      const { entry, depth } = walk(path);
      if (!entry || depth !== path.length) return undefined;
      return { node: entry.node, key: entry.key };
    },
    spanOf(path, prefer = "value") {
      for (let n = path.length; n > 0; n--) {
        const { entry, depth } = walk(path.slice(0, n));
        if (entry && depth === n) {
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
      const whole = rewritten.get(node);
      if (whole !== undefined) return whole;
      if (node.type === "PLAIN" && typeof node.source === "string") return node.source;
      if (typeof node.value === "string") return node.value;
      return node.source ?? (node.value === null ? undefined : String(node.value));
    },
  };
  return tree;
}

/** Line breaks and commas: an upper bound on the values a text can hold. */
function countSeparators(text: string): number {
  let n = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || c === 44) n++;
  }
  return n;
}

/** The whole key that starts at `offset` (the parser reports only its first character). */
function keySpanAt(doc: Document, offset: number): Span | undefined {
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

function firstSentence(message: string): string {
  const line = message.split("\n")[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, "");
}
