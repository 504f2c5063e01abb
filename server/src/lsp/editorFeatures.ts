/**
 * The editor features: hover, inlay hints, CodeLens, completion, code actions
 * and folding. Each handler is thin: the cached analysis of the document (a
 * deal's or a portfolio's), a core feature, a conversion to LSP positions.
 */
import type { CodeActionParams, CodeLensParams, CompletionParams, FoldingRangeParams, HoverParams, InlayHintParams } from "vscode-languageserver";
import {
  codeLenses,
  complete,
  foldingRanges,
  hover,
  HINT_GROUPS,
  inlayHints,
  keyDateLenses,
  portfolioCodeLenses,
  portfolioHover,
  portfolioInlayHints,
  priceRewrites,
  quickFixes,
  type HintGroup,
  type PortfolioHintGroup,
} from "../core/features";
import { toCodeAction, toCodeLens, toCompletionItem, toDiagnostic, toFoldingRange, toHover, toInlayHint, toRewriteAction } from "./convert";
import type { ServerState } from "./state";

export function registerEditorFeatures(state: ServerState): void {
  const { connection, documents } = state;

  connection.onHover(
    state.guarded("hover", null, (params: HoverParams) => {
      const p = state.portfolioOf(params.textDocument.uri);
      if (p) {
        const h = portfolioHover(p.analysis, p.lines.offset(params.position));
        return h ? toHover(p.lines, h) : null;
      }
      const s = state.snapshotOf(params.textDocument.uri);
      if (!s) return null;
      const h = hover(s.analysis, s.lines.offset(params.position));
      return h ? toHover(s.lines, h) : null;
    }),
  );

  connection.languages.inlayHint.on(
    state.guarded("inlay hints", [], async (params: InlayHintParams) => {
      const uri = params.textDocument.uri;
      const conf = await state.settings.get(uri);
      const p = state.portfolioOf(uri);
      if (p) {
        const off = new Set<PortfolioHintGroup>(conf.inlayHints.expectations ? [] : ["expectations"]);
        const range = { start: p.lines.offset(params.range.start), end: p.lines.offset(params.range.end) };
        return portfolioInlayHints(p.analysis, { range, off }).map((h) => toInlayHint(p.lines, h));
      }
      const s = state.snapshotOf(uri);
      if (!s) return [];
      const off = new Set<HintGroup>(HINT_GROUPS.filter((g) => !conf.inlayHints[g]));
      const range = { start: s.lines.offset(params.range.start), end: s.lines.offset(params.range.end) };
      return inlayHints(s.analysis, { range, off }).map((h) => toInlayHint(s.lines, h));
    }),
  );

  connection.onCodeLens(
    state.guarded("code lens", [], async (params: CodeLensParams) => {
      const uri = params.textDocument.uri;
      const conf = await state.settings.get(uri);
      if (!conf.codeLens.enabled) return [];
      const p = state.portfolioOf(uri);
      if (p) return portfolioCodeLenses(p.analysis).map((l) => toCodeLens(p.lines, uri, l));
      const s = state.snapshotOf(uri);
      if (!s) return [];
      return [...codeLenses(s.analysis), ...keyDateLenses(s.analysis, state.today)].map((l) => toCodeLens(s.lines, uri, l));
    }),
  );

  connection.onCompletion(
    state.guarded("completion", [], (params: CompletionParams) => {
      const s = state.snapshotOf(params.textDocument.uri);
      if (!s) return [];
      return complete(s.analysis.text, s.lines.offset(params.position), s.analysis).map((c) => toCompletionItem(s.lines, c));
    }),
  );

  connection.onCodeAction(
    state.guarded("code action", [], (params: CodeActionParams) => {
      const uri = params.textDocument.uri;
      const p = state.portfolioOf(uri);
      const deal = p ? undefined : state.snapshotOf(uri);
      const s = p ? { lines: p.lines, analysis: p.analysis } : deal;
      if (!s) return [];
      const range = { start: s.lines.offset(params.range.start), end: s.lines.offset(params.range.end) };
      const fixes = quickFixes(s.analysis, range).map((q) =>
        toCodeAction(
          uri,
          s.lines,
          q,
          [q.diagnostic, ...(q.also ?? [])].map((d) => toDiagnostic(uri, s.lines, d, state.docsBase, state.fileLines)),
        ),
      );
      // Rewrites that keep the figures (amount <-> price), where no diagnostic asks for them.
      const rewrites = deal ? priceRewrites(deal.analysis, range).map((fix) => toRewriteAction(uri, deal.lines, fix)) : [];
      return [...fixes, ...rewrites];
    }),
  );

  connection.onFoldingRanges(
    state.guarded("folding ranges", [], (params: FoldingRangeParams) => {
      const doc = documents.get(params.textDocument.uri);
      return doc ? foldingRanges(doc.getText()).map(toFoldingRange) : [];
    }),
  );
}
