/**
 * What the navigation requests are about, read from the syntax tree: the id a
 * deal file names itself by, what a reference search in a portfolio file
 * looks for, and a deal file's entry in the workspace's symbols. The language
 * server finds the portfolios and turns the spans into locations.
 */
import type { Analysis } from "../analyze";
import type { Span } from "../diagnostics";
import { providerOf, type PortfolioAnalysis } from "../portfolio";
import { parseSyntax, valueAt } from "../syntax";
import { hitAt } from "./common";
import { dealTarget, symbolQueryMatches, type FileTarget } from "./portfolioNavigation";

/**
 * The span of a deal file's id when `offset` is on its `deal:` key or value:
 * the id is its own definition, and its references are the include entries
 * of the portfolios that bring the file in.
 */
export function dealIdAt(analysis: Analysis, offset: number): Span | undefined {
  const hit = hitAt(analysis.syntax, offset);
  return hit && hit.path.length === 1 && hit.path[0] === "deal" ? (analysis.model?.idSpan ?? hit.span) : undefined;
}

/** A file whose references a search asks for: the include entries that bring it in. */
export interface ReferencedFile {
  readonly location: string;
  /** Where a deal file declares itself (its id), listed when the search includes the declaration. */
  readonly declaration?: FileTarget;
}

/**
 * What a reference search at `offset` in a portfolio file is about: on its
 * `portfolio` key or id, the portfolio itself; on an include entry, each file
 * the entry matched (a deal with its id as the declaration); elsewhere nothing.
 */
export function portfolioReferencesAt(pa: PortfolioAnalysis, offset: number): ReferencedFile[] {
  const hit = hitAt(pa.syntax, offset);
  if (hit?.path[0] === "portfolio") return [{ location: pa.location }];
  if (hit?.path[0] !== "include" || typeof hit.path[1] !== "number") return [];
  const inc = pa.includes.find((i) => i.index === hit.path[1]);
  return (inc?.files ?? []).map((f) =>
    f.kind === "deal" ? { location: f.location, declaration: dealTarget(f.location, pa.deals.find((d) => d.location === f.location)?.analysis) } : { location: f.location },
  );
}

/** What the workspace's symbol list shows of a deal file. */
export interface DealSymbolInfo {
  readonly id?: string;
  /** The provider's name, trimmed (empty when the deal names none). */
  readonly provider?: string;
  /** Where the id is written. */
  readonly span?: Span;
}

/**
 * A deal file's id, provider and the span of its id: from its analysis when
 * there is one, else from its text, parsed only (no evaluation, for the many
 * closed files of a workspace).
 */
export function dealSymbolInfo(source: Analysis | string): DealSymbolInfo {
  if (typeof source !== "string") {
    const m = source.model;
    return { ...(m?.id ? { id: m.id } : {}), ...(m ? { provider: providerOf(m) } : {}), ...(m?.idSpan ? { span: m.idSpan } : {}) };
  }
  const tree = parseSyntax(source);
  const id = valueAt(tree.root, ["deal"]);
  const provider = valueAt(tree.root, ["parties", "provider"]);
  const span = typeof id === "string" ? tree.spanOf(["deal"]) : undefined;
  return { ...(typeof id === "string" && id !== "" ? { id } : {}), ...(span ? { span } : {}), ...(typeof provider === "string" ? { provider: provider.trim() } : {}) };
}

/**
 * A deal's workspace symbol for a query: `id (provider)`, or the id alone
 * when it names no provider; undefined when the deal has no id or neither its
 * id nor its provider matches the query.
 */
export function dealSymbolName(info: DealSymbolInfo, query: string): string | undefined {
  const { id, provider } = info;
  if (id === undefined) return undefined;
  if (!symbolQueryMatches(query, id) && !(provider && symbolQueryMatches(query, provider))) return undefined;
  return provider ? `${id} (${provider})` : id;
}
