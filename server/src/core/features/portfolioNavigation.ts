/**
 * Navigation from a portfolio file: go to definition from an include, a
 * picked scenario, a provider or a deal id to the deal files; the includes
 * that bring a file in (its references); and the match of a workspace-symbol
 * query. Other files' offsets come with that file's text, so the edge can
 * turn them into positions.
 */
import type { Analysis } from "../analyze";
import type { Span } from "../diagnostics";
import { providerOf } from "../portfolio/figures";
import type { PortfolioAnalysis } from "../portfolio/types";
import { hitAt } from "./common";

/** A place in another file: its location, and a span in its text when known (else the file's start). */
export interface FileTarget {
  readonly location: string;
  /** Offsets in `text`. */
  readonly span?: Span;
  readonly text?: string;
}

export interface PortfolioDefinition {
  /** What was clicked, in the portfolio file. */
  readonly origin: Span;
  readonly targets: readonly FileTarget[];
}

/** Where a deal file shows its id (the `deal:` value), for definitions and references. */
export function dealTarget(location: string, analysis: Analysis | undefined): FileTarget {
  const span = analysis?.model?.idSpan;
  return span && analysis ? { location, span, text: analysis.text } : { location };
}

const WORD = /[A-Za-z0-9_-]/;

/** The id-like word around `offset` (letters, digits, `-`, `_`), with its span. */
function wordAt(text: string, offset: number): { word: string; span: Span } | undefined {
  let start = offset;
  let end = offset;
  while (start > 0 && WORD.test(text[start - 1]!)) start--;
  while (end < text.length && WORD.test(text[end]!)) end++;
  return end > start ? { word: text.slice(start, end), span: { start, end } } : undefined;
}

/**
 * Go to definition in a portfolio file: from an include entry to the file(s)
 * it matched (a deal at its id); from a scenario picked under a portfolio
 * scenario's `deals` to that scenario in the deal file (at its id); from a
 * provider named under `expect.provider` to that provider's deals; from a
 * deal id written anywhere in the file (a comment, the notes, a key under
 * `deals`) to that deal's file.
 */
export function portfolioDefinition(pa: PortfolioAnalysis, offset: number): PortfolioDefinition | undefined {
  const hit = hitAt(pa.syntax, offset);
  const byLocation = new Map(pa.deals.map((d) => [d.location, d]));
  if (hit && hit.path[0] === "include" && typeof hit.path[1] === "number") {
    const inc = pa.includes.find((i) => i.index === hit.path[1]);
    if (!inc || inc.files.length === 0) return undefined;
    return { origin: inc.span, targets: inc.files.map((file) => (file.kind === "deal" ? dealTarget(file.location, byLocation.get(file.location)?.analysis) : { location: file.location })) };
  }
  if (hit && hit.part === "value" && hit.path[0] === "scenarios" && hit.path[2] === "deals" && hit.path.length === 4) {
    // A picked scenario id: to that scenario in the deal file.
    const pick = pa.scenarios.find((x) => x.index === hit.path[1])?.picks.find((x) => x.deal === hit.path[3]);
    const d = pick?.location ? byLocation.get(pick.location) : undefined;
    const r = d?.analysis.scenarios.find((x) => x.id === pick!.scenario);
    if (d && r) return { origin: hit.span, targets: [{ location: d.location, span: r.idSpan, text: d.analysis.text }] };
  }
  if (hit && hit.part === "key" && hit.path[0] === "expect" && hit.path[1] === "provider" && hit.path.length === 3) {
    const name = String(hit.path[2]);
    const deals = pa.deals.filter((d) => d.analysis.model && providerOf(d.analysis.model) === name);
    if (deals.length > 0) return { origin: hit.span, targets: deals.map((d) => dealTarget(d.location, d.analysis)) };
  }
  const w = wordAt(pa.text, offset);
  if (!w) return undefined;
  const deals = pa.deals.filter((d) => d.analysis.model?.id === w.word);
  return deals.length > 0 ? { origin: w.span, targets: deals.map((d) => dealTarget(d.location, d.analysis)) } : undefined;
}

/** The include entries of a portfolio that bring in the file at `location` (a deal, directly or through a nested portfolio, or a nested portfolio itself). */
export function includesOf(pa: PortfolioAnalysis, location: string): Span[] {
  const indexes = new Set<number>();
  for (const d of pa.deals) if (d.location === location) indexes.add(d.include);
  for (const inc of pa.includes) if (inc.files.some((x) => x.location === location && x.kind === "portfolio")) indexes.add(inc.index);
  return pa.includes.filter((i) => indexes.has(i.index)).map((i) => i.span);
}

/**
 * Whether a workspace-symbol query matches a name: its characters appear in
 * order in the name (case-insensitive), as editors filter symbols. An empty
 * query matches everything.
 */
export function symbolQueryMatches(query: string, name: string): boolean {
  const q = query.trim().toLowerCase();
  if (q === "") return true;
  const n = name.toLowerCase();
  let i = 0;
  for (const c of n) if (c === q[i]) i++;
  return i === q.length;
}
