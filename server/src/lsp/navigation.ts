/**
 * Navigation: definition, references, document and workspace symbols, and
 * rename. What a position is about comes from the core
 * (core/features/navigation.ts, portfolio.ts, scenarios.ts, symbols.ts);
 * these handlers find the portfolios of the workspace that include a file
 * and turn offsets into locations.
 */
import {
  ErrorCodes,
  ResponseError,
  SymbolKind,
  type DefinitionParams,
  type DocumentSymbolParams,
  type Location,
  type LocationLink,
  type PrepareRenameParams,
  type Range,
  type ReferenceParams,
  type RenameParams,
  type SymbolInformation,
  type WorkspaceEdit,
  type WorkspaceSymbolParams,
} from "vscode-languageserver";
import { canonicalLocation, pathBelow } from "../core";
import {
  dealIdAt,
  dealSymbolInfo,
  dealSymbolName,
  documentSymbols,
  mentionAt,
  mentionsOf,
  portfolioDefinition,
  portfolioReferencesAt,
  renameEdits,
  includesOf,
  symbolQueryMatches,
  type DealSymbolInfo,
  type FileTarget,
} from "../core/features";
import { toRange, toSymbol } from "./convert";
import type { ServerState } from "./state";
import type { IndexedFile } from "./workspace";

export function registerNavigation(state: ServerState): void {
  const { connection, index } = state;

  /** A place in another file as an LSP range: its span, or the file's start. */
  const targetRange = (t: FileTarget): { uri: string; range: Range } => {
    const start = { line: 0, character: 0 };
    if (t.span && t.text !== undefined) return { uri: state.clientUri(t.location), range: toRange(state.linesOf(t.location, t.text), t.span) };
    return { uri: state.clientUri(t.location), range: { start, end: start } };
  };

  /** Where the portfolios of the workspace (and the open ones) include a file. */
  const includesOfFile = (location: string): Location[] => {
    const out: Location[] = [];
    for (const p of state.knownPortfolios()) {
      const s = state.portfolios.get(p);
      if (!s) continue;
      for (const span of includesOf(s.analysis, location)) out.push({ uri: state.clientUri(p), range: toRange(s.lines, span) });
    }
    return out;
  };

  connection.onDocumentSymbol(
    state.guarded("document symbols", [], (params: DocumentSymbolParams) => {
      const p = state.portfolioOf(params.textDocument.uri);
      if (p) return documentSymbols(p.analysis.syntax).map((sym) => toSymbol(p.lines, sym));
      const s = state.snapshotOf(params.textDocument.uri);
      return s ? documentSymbols(s.analysis.syntax).map((sym) => toSymbol(s.lines, sym)) : [];
    }),
  );

  connection.onDefinition(
    state.guarded("definition", null, (params: DefinitionParams): Location[] | LocationLink[] | null => {
      const uri = params.textDocument.uri;
      const p = state.portfolioOf(uri);
      if (p) {
        const def = portfolioDefinition(p.analysis, p.lines.offset(params.position));
        if (!def) return null;
        const origin = toRange(p.lines, def.origin);
        const targets = def.targets.map(targetRange);
        return state.client.definitionLinks
          ? targets.map((t) => ({ originSelectionRange: origin, targetUri: t.uri, targetRange: t.range, targetSelectionRange: t.range }))
          : targets.map((t) => ({ uri: t.uri, range: t.range }));
      }
      // In a deal file, the id is its own definition: editors then offer its references (the portfolios that include it).
      const s = state.snapshotOf(uri);
      if (!s) return null;
      const offset = s.lines.offset(params.position);
      // A fee, option or clause a scenario names: its definition.
      const named = mentionsOf(s.analysis, offset)?.definition;
      if (named) return [{ uri, range: toRange(s.lines, named.span) }];
      const id = dealIdAt(s.analysis, offset);
      return id ? [{ uri, range: toRange(s.lines, id) }] : null;
    }),
  );

  connection.onReferences(
    state.guarded("references", [], (params: ReferenceParams): Location[] => {
      const uri = params.textDocument.uri;
      const p = state.portfolioOf(uri);
      if (p) {
        const out: Location[] = [];
        for (const f of portfolioReferencesAt(p.analysis, p.lines.offset(params.position))) {
          if (params.context.includeDeclaration && f.declaration) out.push(targetRange(f.declaration));
          out.push(...includesOfFile(f.location));
        }
        return out;
      }
      const s = state.snapshotOf(uri);
      if (!s) return [];
      const named = mentionsOf(s.analysis, s.lines.offset(params.position));
      if (named) return named.mentions.filter((x) => params.context.includeDeclaration || !x.definition).map((x) => ({ uri, range: toRange(s.lines, x.span) }));
      const id = dealIdAt(s.analysis, s.lines.offset(params.position));
      if (!id) return [];
      const out = params.context.includeDeclaration ? [{ uri, range: toRange(s.lines, id) }] : [];
      return [...out, ...includesOfFile(canonicalLocation(uri))];
    }),
  );

  connection.onPrepareRename(
    state.guarded("prepare rename", null, (params: PrepareRenameParams) => {
      const s = state.snapshotOf(params.textDocument.uri);
      if (!s) return null;
      const at = mentionAt(s.analysis, s.lines.offset(params.position));
      if (!at || at.kind === "clause") return null;
      return { range: toRange(s.lines, at.span), placeholder: at.id };
    }),
  );

  connection.onRenameRequest(
    state.guarded("rename", null, (params: RenameParams): WorkspaceEdit | ResponseError<void> | null => {
      const uri = params.textDocument.uri;
      const s = state.snapshotOf(uri);
      if (!s) return null;
      const r = renameEdits(s.analysis, s.lines.offset(params.position), params.newName);
      if (!r) return null;
      // The editor shows the reason to the user.
      if ("problem" in r) return new ResponseError(ErrorCodes.InvalidRequest, r.problem);
      return { changes: { [uri]: r.edits.map((e) => ({ range: toRange(s.lines, e.span), newText: e.newText })) } };
    }),
  );

  /** A deal file's symbol information, once per indexed text (from its analysis if there is one, else from its syntax alone). */
  const symbolInfo = new WeakMap<IndexedFile, DealSymbolInfo>();
  const indexedSymbol = (f: IndexedFile): DealSymbolInfo => {
    let info = symbolInfo.get(f);
    if (!info) {
      info = dealSymbolInfo(f.analysis ?? f.text);
      symbolInfo.set(f, info);
    }
    return info;
  };

  /** The path of a file in its workspace folder, for the symbol list. */
  const shownPath = (location: string): string => {
    for (const folder of index.workspaceFolders) {
      const below = pathBelow(folder, location);
      if (below !== undefined) return below;
    }
    return location;
  };

  connection.onWorkspaceSymbol(
    state.guarded("workspace symbols", [], (params: WorkspaceSymbolParams): SymbolInformation[] => {
      const out: SymbolInformation[] = [];
      const seenDeals = new Set<string>();
      const addDeal = (location: string, info: DealSymbolInfo, text: string) => {
        if (info.id === undefined || seenDeals.has(location)) return;
        seenDeals.add(location);
        const name = dealSymbolName(info, params.query);
        if (name === undefined) return;
        const range = info.span ? toRange(state.linesOf(location, text), info.span) : { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } };
        out.push({ name, kind: SymbolKind.Object, location: { uri: state.clientUri(location), range }, containerName: shownPath(location) });
      };
      for (const [location, uri] of state.openByLocation) {
        const s = state.snapshotOf(uri);
        if (s) addDeal(location, dealSymbolInfo(s.analysis), s.analysis.text);
      }
      for (const f of index.indexed("deal")) {
        if (!f.unwatched) addDeal(f.location, indexedSymbol(f), f.text);
      }
      for (const location of state.knownPortfolios()) {
        const s = state.portfolios.get(location);
        const m = s?.analysis.model;
        if (!s || !m?.id || !symbolQueryMatches(params.query, m.id)) continue;
        out.push({ name: m.id, kind: SymbolKind.Package, location: { uri: state.clientUri(location), range: toRange(s.lines, m.idSpan ?? { start: 0, end: 0 }) }, containerName: shownPath(location) });
      }
      return out;
    }),
  );
}
