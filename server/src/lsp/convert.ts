/**
 * From the engine's offset-based results to LSP shapes. Positions are UTF-16
 * code units, as LSP counts by default and as the engine's offsets are.
 */
import {
  CodeActionKind,
  CompletionItemKind,
  DiagnosticSeverity,
  DocumentSymbol,
  FoldingRangeKind,
  InsertTextFormat,
  InsertTextMode,
  MarkupKind,
  SymbolKind,
  type CodeAction,
  type CodeLens,
  type CompletionItem,
  type Diagnostic,
  type FoldingRange,
  type Hover,
  type InlayHint,
  type Range,
} from "vscode-languageserver";
import { codeAnchor, type Diagnostic as CoreDiagnostic, type Fix, type LineIndex, type Span } from "../core";
import type { Candidate, Fold, Hint, HoverResult, Lens, OutlineSymbol, QuickFix } from "../core/features";
import { COMMANDS } from "../../../protocol/src";

export function toRange(lines: LineIndex, span: Span): Range {
  return { start: lines.position(span.start), end: lines.position(span.end) };
}

const SEVERITY = { error: DiagnosticSeverity.Error, warning: DiagnosticSeverity.Warning, info: DiagnosticSeverity.Information } as const;

/** Another file, for related information and navigation: the URI the client knows it by, and its lines. */
export type FileLines = (location: string) => { readonly uri: string; readonly lines: LineIndex } | undefined;

/**
 * `docsBase` is the URL of the docs folder (ending in `/`); each code links to
 * its anchor in diagnostics.md. Related information in another file (a
 * portfolio's diagnostic pointing into a deal) is placed with `other`; a file
 * it cannot read is pointed at its start.
 */
export function toDiagnostic(uri: string, lines: LineIndex, d: CoreDiagnostic, docsBase: string, other?: FileLines): Diagnostic {
  const out: Diagnostic = {
    range: toRange(lines, d.span),
    severity: SEVERITY[d.severity],
    code: d.code,
    codeDescription: { href: new URL(codeAnchor(d.code), docsBase).href },
    source: "dealspec",
    message: d.message,
  };
  if (d.related) {
    out.relatedInformation = d.related.map((r) => {
      if (r.uri === undefined) return { location: { uri, range: toRange(lines, r.span) }, message: r.message };
      const target = other?.(r.uri);
      const range = target ? toRange(target.lines, r.span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
      return { location: { uri: target?.uri ?? r.uri, range }, message: r.message };
    });
  }
  return out;
}

export function toHover(lines: LineIndex, h: HoverResult): Hover {
  return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, range: toRange(lines, h.span) };
}

export function toInlayHint(lines: LineIndex, h: Pick<Hint, "offset" | "label" | "tooltip">): InlayHint {
  return { position: lines.position(h.offset), label: h.label, paddingLeft: true, tooltip: { kind: MarkupKind.Markdown, value: h.tooltip } };
}

export function toCodeLens(lines: LineIndex, uri: string, l: Lens): CodeLens {
  const range = toRange(lines, l.span);
  // Figure lenses carry an empty command: shown as text, not clickable.
  if (l.kind === "figure") return { range, command: l.tooltip ? { title: l.title, command: "", tooltip: l.tooltip } : { title: l.title, command: "" } };
  return { range, command: { title: l.title, command: l.kind === "schedule" ? COMMANDS.showSchedule : COMMANDS.showCashFlow, arguments: [uri] } };
}

const SYMBOL_KIND = {
  section: SymbolKind.Namespace,
  list: SymbolKind.Array,
  fee: SymbolKind.Object,
  clause: SymbolKind.Event,
  option: SymbolKind.Event,
  step: SymbolKind.Key,
  item: SymbolKind.Object,
  value: SymbolKind.Property,
} as const;

export function toSymbol(lines: LineIndex, s: OutlineSymbol): DocumentSymbol {
  return DocumentSymbol.create(
    s.name,
    s.detail,
    SYMBOL_KIND[s.kind],
    toRange(lines, s.span),
    toRange(lines, s.selectionSpan),
    s.children.map((c) => toSymbol(lines, c)),
  );
}

export function toFoldingRange(f: Fold): FoldingRange {
  return f.kind === "comment" ? { startLine: f.startLine, endLine: f.endLine, kind: FoldingRangeKind.Comment } : { startLine: f.startLine, endLine: f.endLine };
}

const COMPLETION_KIND = { key: CompletionItemKind.Property, value: CompletionItemKind.EnumMember, snippet: CompletionItemKind.Snippet } as const;

export function toCompletionItem(lines: LineIndex, c: Candidate): CompletionItem {
  const item: CompletionItem = {
    label: c.label,
    kind: COMPLETION_KIND[c.kind],
    textEdit: { range: toRange(lines, c.replace), newText: c.insertText },
    insertTextFormat: c.snippet ? InsertTextFormat.Snippet : InsertTextFormat.PlainText,
    // The engine writes the indentation of every inserted line itself.
    insertTextMode: InsertTextMode.asIs,
  };
  if (c.detail !== undefined) item.detail = c.detail;
  if (c.documentation !== undefined) item.documentation = { kind: MarkupKind.Markdown, value: c.documentation };
  if (c.sortText !== undefined) item.sortText = c.sortText;
  return item;
}

/** A rewrite that keeps the figures (no diagnostic): offered as a quick fix where the cursor is. */
export function toRewriteAction(uri: string, lines: LineIndex, fix: Fix): CodeAction {
  return {
    title: fix.title,
    kind: CodeActionKind.QuickFix,
    edit: { changes: { [uri]: fix.edits.map((e) => ({ range: toRange(lines, e.span), newText: e.newText })) } },
  };
}

/** `diagnostics`: the protocol form of the fix's diagnostic, then of those it also fixes (`q.also`). */
export function toCodeAction(uri: string, lines: LineIndex, q: QuickFix, diagnostics: Diagnostic[]): CodeAction {
  return {
    title: q.fix.title,
    kind: CodeActionKind.QuickFix,
    diagnostics,
    isPreferred: q.preferred,
    edit: { changes: { [uri]: q.fix.edits.map((e) => ({ range: toRange(lines, e.span), newText: e.newText })) } },
  };
}
