/**
 * Parsing never fails: text in, a plain value tree plus diagnostics out. The
 * tree keeps a link from every mapping and list back to its YAML node, so any
 * later stage can turn a path into an exact source range. The value tree's
 * helpers are in syntax/tree.ts, the conversion from YAML nodes in
 * syntax/convert.ts, the lookups of ranges in syntax/spans.ts.
 */
import { isMap, isScalar, parseDocument, visit, type Document, type Node, type Scalar } from "yaml";
import { diagnostic, type Diagnostic, type Span } from "./diagnostics";
import { splitAmounts, valueConverter, MAX_DEPTH } from "./syntax/convert";
import { firstLineSpan, keySpanAt, nodeSpan, syntaxTree } from "./syntax/spans";
import { parseByBlocks, type BlockCache } from "./syntax/blocks";
import type { SyntaxTree } from "./syntax/tree";

export { BlockCache } from "./syntax/blocks";
export { MAX_DEPTH } from "./syntax/convert";
export { nodeSpan } from "./syntax/spans";
export * from "./syntax/tree";

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
      root = valueConverter(doc, { text, noun, diagnostics, rewritten, container: (value, node) => containers.set(value, node) })(contents, 0);
    }
  }

  return syntaxTree(text, root, diagnostics, (value) => containers.get(value), rewritten);
}

/** Line breaks and commas: an upper bound on the values a text can hold. */
function countSeparators(text: string): number {
  let n = 0;
  for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) n++;
  for (let i = text.indexOf(","); i >= 0; i = text.indexOf(",", i + 1)) n++;
  return n;
}

function firstSentence(message: string): string {
  const line = message.split("\n")[0] ?? message;
  return line.replace(/ at line \d+, column \d+:?$/, "");
}

/**
 * `parseSyntax(text)` of a deal file, reusing the blocks of `cache` (owned by
 * the caller, one per document) that an earlier call parsed: the same tree,
 * faster when most of the text is as it was (syntax/blocks.ts).
 */
export function parseSyntaxCached(text: string, cache: BlockCache): SyntaxTree {
  // A text no longer than the bound cannot pass it: most are not counted.
  const small = text.length <= MAX_TEXT_LENGTH && (text.length <= MAX_SEPARATORS || countSeparators(text) <= MAX_SEPARATORS);
  return (small ? parseByBlocks(text, cache) : undefined) ?? parseSyntax(text);
}
