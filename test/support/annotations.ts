/**
 * Inline diagnostic expectations, rust-analyzer style. A fixture is a deal
 * file whose expected diagnostics are written as YAML comment lines directly
 * below the line they point at, so the file analyzes exactly as it is:
 *
 *     from: 2025-01-01
 *   #       ^^^^^^^^^^ error DS302 outside the term
 *
 * The grammar (see test/fixtures/diagnostics/README.md):
 *
 *   annotation := SPACE* "#" mark SPACE+ kind SPACE+ code (SPACE+ message)?
 *   mark       := SPACE* "^"+ end?          carets under the range's columns
 *               | "@" col ".." endcol         explicit columns, for ranges that
 *                                             carets cannot reach (column 0)
 *   end        := ".." endcol                the range ends elsewhere than the
 *                                             last caret (e.g. on a later line)
 *   endcol     := col | "$" | "+" N ":" (col | "$")   "$": the end of the line's
 *                                             text; "+N:": N lines further down
 *   kind       := "error" | "warning" | "info" | "related" | "fix"
 *   code       := "DS" digits
 *   message    := text that must occur in the diagnostic's message (for
 *                 a fix: in the fix's title)
 *
 * The target line is the nearest line above that is not an annotation, so
 * several annotations can stack under one line. Columns count UTF-16 code
 * units, as offsets do. `related` marks the related information of a
 * diagnostic with that code (the first use of a duplicate id, say). `fix`
 * marks the range an edit of a quick fix of a diagnostic with that code
 * replaces; a fixture with at least one `fix` annotation has all its fixes
 * checked, exactly like its diagnostics (other fixtures leave fixes alone).
 */
import { strict as assert } from "node:assert";
import { analyze, type Analysis, type Diagnostic, type Span } from "../../server/src/core";

export type Kind = "error" | "warning" | "info" | "related" | "fix";

export interface Expected {
  readonly kind: Kind;
  readonly code: string;
  readonly span: Span;
  readonly message?: string;
  /** 1-based line of the annotation itself, for failure messages. */
  readonly line: number;
}

interface Line {
  readonly start: number;
  /** Offset of the end of the line's text, before `\r\n` or `\n`. */
  readonly end: number;
  readonly text: string;
}

function splitLines(text: string): Line[] {
  const out: Line[] = [];
  let start = 0;
  for (;;) {
    const nl = text.indexOf("\n", start);
    const stop = nl < 0 ? text.length : nl;
    const end = stop > start && text[stop - 1] === "\r" ? stop - 1 : stop;
    out.push({ start, end, text: text.slice(start, end) });
    if (nl < 0) return out;
    start = nl + 1;
  }
}

const ANNOTATION_START = /^\s*#(?:\s*\^|@)/;
const ANNOTATION =
  /^(?<lead>\s*#)(?:(?<pad>\s*)(?<carets>\^+)|@(?<col>\d+))(?:\.\.(?<end>\$|\d+|\+\d+:(?:\$|\d+)))?(?:\s+(?<kind>error|warning|info|related|fix)\s+(?<code>DS\d{3})(?:\s+(?<message>.*?))?)?\s*$/;

export function isAnnotation(lineText: string): boolean {
  return ANNOTATION_START.test(lineText);
}

/** Reads the annotations of a fixture. Throws on a malformed annotation, so a typo cannot hide an expectation. */
export function parseAnnotations(text: string): Expected[] {
  const lines = splitLines(text);
  const out: Expected[] = [];
  let target = -1;
  lines.forEach((line, i) => {
    if (!isAnnotation(line.text)) {
      target = i;
      return;
    }
    const m = ANNOTATION.exec(line.text);
    const where = `annotation on line ${i + 1}: ${JSON.stringify(line.text)}`;
    if (!m?.groups) throw new Error(`Malformed ${where}`);
    const g = m.groups;
    if (g.kind === undefined || g.code === undefined) throw new Error(`Malformed ${where}: give a kind (error, warning, info, related, fix) and a code`);
    if (target < 0) throw new Error(`${where} has no line above it to point at`);
    const t = lines[target]!;
    let startCol: number;
    let endCol: number;
    if (g.carets !== undefined) {
      startCol = g.lead!.length + g.pad!.length;
      endCol = startCol + g.carets.length;
    } else {
      startCol = Number(g.col);
      endCol = startCol;
      if (g.end === undefined) throw new Error(`Malformed ${where}: write \`@START..END\``);
    }
    const start = t.start + startCol;
    if (start > t.end) throw new Error(`${where} starts past the end of line ${target + 1}`);
    let end = t.start + endCol;
    if (g.end !== undefined) {
      const rel = /^\+(\d+):(.*)$/.exec(g.end);
      const endLine = rel ? lines[target + Number(rel[1])] : t;
      if (!endLine) throw new Error(`${where} ends past the end of the file`);
      const col = rel ? rel[2]! : g.end;
      end = col === "$" ? endLine.end : endLine.start + Number(col);
      if (end > endLine.end) throw new Error(`${where} ends past the end of its line`);
    } else if (end > t.end) {
      throw new Error(`${where} reaches past the end of line ${target + 1}`);
    }
    if (end < start) throw new Error(`${where} ends before it starts`);
    const e: { -readonly [K in keyof Expected]: Expected[K] } = { kind: g.kind as Kind, code: g.code, span: { start, end }, line: i + 1 };
    if (g.message) e.message = g.message;
    out.push(e);
  });
  return out;
}

interface Found {
  readonly kind: Kind;
  readonly code: string;
  readonly span: Span;
  readonly message: string;
}

function found(diagnostics: readonly Diagnostic[], withFixes: boolean): Found[] {
  const out: Found[] = [];
  for (const d of diagnostics) {
    out.push({ kind: d.severity, code: d.code, span: d.span, message: d.message });
    for (const r of d.related ?? []) out.push({ kind: "related", code: d.code, span: r.span, message: r.message });
    if (withFixes) for (const f of d.fixes ?? []) for (const e of f.edits) out.push({ kind: "fix", code: d.code, span: e.span, message: f.title });
  }
  return out;
}

function sameKey(a: { kind: string; code: string; span: Span }, b: { kind: string; code: string; span: Span }): boolean {
  return a.kind === b.kind && a.code === b.code && a.span.start === b.span.start && a.span.end === b.span.end;
}

/** Writes a finding as the annotation that would expect it, placed under its first line. */
export function renderAnnotations(text: string, items: readonly { kind: string; code: string; span: Span; message?: string }[]): string {
  const lines = splitLines(text);
  const under = new Map<number, string[]>();
  for (const it of items) {
    let li = lines.findIndex((l, i) => it.span.start >= l.start && (it.span.start <= l.end || i === lines.length - 1));
    if (li < 0) li = lines.length - 1;
    const l = lines[li]!;
    const col = it.span.start - l.start;
    let endText = "";
    if (it.span.end > l.end) {
      const endLine = lines.findIndex((x) => it.span.end >= x.start && it.span.end <= x.end + 2);
      const el = lines[endLine] ?? lines[lines.length - 1]!;
      endText = `..+${Math.max(0, endLine - li)}:${it.span.end - el.start}`;
    }
    const width = Math.min(it.span.end, l.end) - it.span.start;
    const mark = col >= 1 && width > 0 ? `#${" ".repeat(col - 1)}${"^".repeat(width)}${endText}` : `#@${col}..${endText ? endText.slice(2) : col + width}`;
    const msg = it.message ? `  (${it.message})` : "";
    const list = under.get(li) ?? [];
    list.push(`${mark} ${it.kind} ${it.code}${msg}`);
    under.set(li, list);
  }
  const out: string[] = [];
  lines.forEach((l, i) => {
    if (!isAnnotation(l.text)) out.push(l.text);
    for (const a of under.get(i) ?? []) out.push(a);
  });
  return out.join("\n");
}

/**
 * Analyzes a fixture and asserts that its diagnostics (and their related
 * information, and their fixes' edits when any fix is annotated) are exactly
 * the annotated ones: same kind, code and offsets, no more and no fewer, and
 * each annotated message fragment occurs in the message (a fix's title).
 * Returns the analysis for further checks.
 */
export function checkText(text: string, name = "fixture", expected: readonly Expected[] = parseAnnotations(text)): Analysis {
  const analysis = analyze(text);
  checkDiagnostics(text, analysis.diagnostics, name, expected);
  return analysis;
}

/**
 * Asserts that diagnostics found in a text by other means than `analyze` (a
 * configuration file's problems, the breaches of policies) are exactly its
 * annotated ones, as `checkText` does.
 */
export function checkDiagnostics(text: string, diagnostics: readonly Diagnostic[], name = "fixture", expected: readonly Expected[] = parseAnnotations(text)): void {
  const actual = found(diagnostics, expected.some((e) => e.kind === "fix"));
  const missing: Expected[] = [];
  const unmatched = [...actual];
  const messageProblems: string[] = [];
  for (const e of expected) {
    const i = unmatched.findIndex((a) => sameKey(a, e) && (e.message === undefined || a.message.includes(e.message)));
    const j = i >= 0 ? i : unmatched.findIndex((a) => sameKey(a, e));
    if (j < 0) {
      missing.push(e);
      continue;
    }
    const a = unmatched.splice(j, 1)[0]!;
    if (e.message !== undefined && !a.message.includes(e.message)) {
      messageProblems.push(`line ${e.line}: ${e.code} message ${JSON.stringify(a.message)} does not contain ${JSON.stringify(e.message)}`);
    }
  }
  if (missing.length > 0 || unmatched.length > 0 || messageProblems.length > 0) {
    const show = (s: Span) => `[${s.start}, ${s.end}) ${JSON.stringify(text.slice(s.start, s.end).slice(0, 60))}`;
    const report = [
      `${name}: the diagnostics differ from the annotations.`,
      ...missing.map((e) => `  missing (annotated on line ${e.line}): ${e.kind} ${e.code} at ${show(e.span)}`),
      ...unmatched.map((a) => `  not annotated: ${a.kind} ${a.code} at ${show(a.span)}: ${a.message}`),
      ...messageProblems.map((m) => `  ${m}`),
      "The file annotated with what the engine reported:",
      renderAnnotations(text, actual),
    ];
    assert.fail(report.join("\n"));
  }
}
