/**
 * Lowering a portfolio file: from the value tree to the portfolio model, with
 * the deal lowering's readers (money, percentages, currencies) and its zod
 * issue mapping. Parts that cannot be read are left out and reported.
 */
import { diagnostic, type Span } from "../diagnostics";
import { readExpectedAmount } from "../model/expectations";
import { readCurrencyAt, readPercentAt, scalarAt, type Lowering } from "../model/readers";
import { shapeDiagnostics } from "../model/shapeErrors";
import type { Mutable, Tolerance } from "../model/types";
import { Decimal, isKnownCurrency } from "../money";
import { isId, quoted } from "../values";
import { isRecord, valueAt, type Path, type SyntaxTree } from "../syntax";
import { portfolioSchema } from "./schema";

export interface IncludeModel {
  /** Position in the `include` list. */
  readonly index: number;
  /** As written, trimmed. */
  readonly pattern: string;
  /** The entry's value range: where include diagnostics go. */
  readonly span: Span;
}

export interface FxRate {
  readonly currency: string;
  /** One unit of `currency` in the portfolio's currency. */
  readonly rate: Decimal;
  readonly text: string;
  readonly span: Span;
  readonly keySpan: Span;
}

interface ExpectationBase {
  /** The expected value's own range (what a fix replaces). */
  readonly valueSpan: Span;
  /** The expectation's key. */
  readonly keySpan: Span;
  readonly label: string;
}

/** An expected amount in the portfolio's currency: checked exactly to the minor unit, or within its tolerance. */
export interface AmountExpectationModel extends ExpectationBase {
  readonly kind: "amount";
  readonly figure: "total" | "firm_commitment" | "year" | "provider_total";
  readonly year?: number;
  readonly provider?: string;
  /** The provider's name, as a key under `expect.provider`. */
  readonly providerSpan?: Span;
  readonly expected: Decimal;
  readonly tolerance?: Tolerance;
}

/** An expected provider share (a fraction): without tolerance, the computed share rounded to the decimals written must equal it. */
export interface ShareExpectationModel extends ExpectationBase {
  readonly kind: "share";
  readonly provider: string;
  readonly providerSpan: Span;
  readonly expected: Decimal;
  /** Decimals of the expected fraction as written: `40%` is 2, `43.5%` is 3, `0.4` is 1. */
  readonly decimals: number;
  /** In fraction points: `0.5%` is 0.005. */
  readonly tolerance?: Decimal;
  readonly text: string;
}

/** An expected concentration index: without tolerance, the computed index rounded to the decimals written must equal it. */
export interface HhiExpectationModel extends ExpectationBase {
  readonly kind: "hhi";
  readonly expected: Decimal;
  readonly decimals: number;
  readonly tolerance?: Decimal;
  readonly text: string;
}

export type PortfolioExpectationModel = AmountExpectationModel | ShareExpectationModel | HhiExpectationModel;

/** One entry of a portfolio scenario's `deals`: a deal id and the id of the deal's scenario to count instead of its base. */
export interface ScenarioPickModel {
  readonly deal: string;
  readonly scenario: string;
  /** The deal id, a key under `deals`. */
  readonly dealSpan: Span;
  /** The scenario id, its value. */
  readonly scenarioSpan: Span;
}

/** One entry of the portfolio's `scenarios`. */
export interface PortfolioScenarioModel {
  /** Position in the `scenarios` list. */
  readonly index: number;
  readonly id: string;
  readonly idSpan: Span;
  /** The whole list item. */
  readonly itemSpan: Span;
  readonly label?: string;
  readonly note?: string;
  /** In file order; entries that cannot be read are left out (and reported by the shape check). */
  readonly picks: readonly ScenarioPickModel[];
}

export interface PortfolioModel {
  readonly id?: string;
  readonly idSpan?: Span;
  readonly title?: string;
  readonly notes?: string;
  /** The currency written in the file, if any (the figures may infer one: see `PortfolioFigures.currency`). */
  readonly currency?: string;
  readonly currencySpan?: Span;
  readonly includes: readonly IncludeModel[];
  /** Rates that could be read, by currency, in file order. */
  readonly fx: ReadonlyMap<string, FxRate>;
  /** The scenarios whose id can be read, in file order, duplicates included (the analysis reports them). */
  readonly scenarios: readonly PortfolioScenarioModel[];
}


const RATE = /^(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]{1,3}(?:_[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?$/;

/** Reads an exchange rate: a plain decimal above zero, exactly as written (`1.08`, `0.0067`, `150`). */
function readRate(text: string): { ok: true; value: Decimal } | { ok: false; message: string } {
  const t = text.trim();
  if (/^[-−]/u.test(t)) return { ok: false, message: `${quoted(t)} is negative, and an exchange rate is above zero.` };
  if (/^[0-9.]+[eE][-+]?[0-9]+$/.test(t)) return { ok: false, message: `${quoted(t)} is in exponent notation, which is not used for rates: write the plain decimal, such as \`${safePlain(t)}\`.` };
  if (!RATE.test(t)) return { ok: false, message: `${quoted(t)} is not an exchange rate: write one unit of the deal currency in the portfolio's currency as a plain decimal, such as \`1.08\`.` };
  const value = new Decimal(t.replace(/[,_]/g, ""));
  if (value.isZero()) return { ok: false, message: `${quoted(t)} is zero, and an exchange rate is above zero.` };
  return { ok: true, value };
}

function safePlain(t: string): string {
  try {
    return new Decimal(t).toFixed();
  } catch {
    return "1.08";
  }
}

function decimalsOf(numberText: string): number {
  const dot = numberText.indexOf(".");
  return dot < 0 ? 0 : numberText.length - dot - 1;
}

export interface LoweredPortfolio {
  readonly model: PortfolioModel;
  readonly lowering: Lowering;
}

/** Reads a parsed portfolio file into its model (everything but the expectations, which need the effective currency). */
export function lowerPortfolio(tree: SyntaxTree): LoweredPortfolio {
  const l: Lowering = { tree, diagnostics: shapeDiagnostics(tree, portfolioSchema), complete: true };
  const root = tree.root;
  const model: Mutable<PortfolioModel> = { includes: [], fx: new Map(), scenarios: [] };

  const id = valueAt(root, ["portfolio"]);
  if (typeof id === "string") {
    model.id = id;
    model.idSpan = tree.spanOf(["portfolio"]);
  }
  if (typeof valueAt(root, ["title"]) === "string") model.title = valueAt(root, ["title"]) as string;
  if (typeof valueAt(root, ["notes"]) === "string") model.notes = valueAt(root, ["notes"]) as string;

  const currency = readCurrencyAt(l, ["currency"]);
  if (currency) {
    model.currency = currency;
    model.currencySpan = tree.spanOf(["currency"]);
  }

  const includes: IncludeModel[] = [];
  const rawIncludes = valueAt(root, ["include"]);
  if (Array.isArray(rawIncludes)) {
    rawIncludes.forEach((p, index) => {
      const span = tree.spanOf(["include", index]);
      if (typeof p === "string") includes.push({ index, pattern: p.trim(), span });
      else if (p === null && tree.text.startsWith("*", span.start)) {
        // `- *.deal.yaml` is a YAML alias, not a string: say so instead of "no value".
        const source = tree.text.slice(span.start, span.end);
        const i = l.diagnostics.findIndex((d) => d.code === "DS202" && d.span.start === span.start && d.span.end === span.end);
        if (i >= 0) l.diagnostics.splice(i, 1);
        l.diagnostics.push(
          diagnostic("DS202", span, `In YAML a value that starts with \`*\` is an alias, not text: ${quoted(source)} was read as one; write the glob in quotes, \`"${source}"\`.`, {
            fixes: [{ title: `Quote the glob: "${source}"`, edits: [{ span, newText: `"${source}"` }] }],
          }),
        );
      }
    });
  }
  model.includes = includes;

  const fx = new Map<string, FxRate>();
  const rawFx = valueAt(root, ["fx"]);
  if (isRecord(rawFx)) {
    for (const key of Object.keys(rawFx)) {
      const path: Path = ["fx", key];
      if (!/^[A-Z]{3}$/.test(key)) {
        const upper = key.toUpperCase();
        const span = tree.keySpanOf(path);
        l.diagnostics.push(
          diagnostic(
            "DS219",
            span,
            `\`${key}\` is not a currency code: rates are keyed by three-letter ISO 4217 codes in capitals, such as \`EUR\`.`,
            /^[A-Za-z]{3}$/.test(key) && isKnownCurrency(upper) ? { fixes: [{ title: `Change to \`${upper}\``, edits: [{ span, newText: upper }] }] } : undefined,
          ),
        );
        continue;
      }
      const code = readCurrencyAt(l, path, "key");
      const text = scalarAt(l, path);
      if (code === undefined || text === undefined) continue;
      const r = readRate(text);
      if (!r.ok) {
        l.diagnostics.push(diagnostic("DS506", tree.spanOf(path), r.message));
        continue;
      }
      fx.set(code, { currency: code, rate: r.value, text: text.trim(), span: tree.spanOf(path), keySpan: tree.keySpanOf(path) });
    }
  }
  model.fx = fx;
  model.scenarios = lowerScenarios(tree);
  return { model, lowering: l };
}

/** Reads `expect`, with amounts in `currency` (the portfolio's effective currency, if known). */
export function lowerPortfolioExpectations(l: Lowering, currency: string | undefined): PortfolioExpectationModel[] {
  const tree = l.tree;
  const raw = valueAt(tree.root, ["expect"]);
  if (!isRecord(raw)) return [];
  const out: PortfolioExpectationModel[] = [];

  const amount = (path: Path, figure: AmountExpectationModel["figure"], label: string, extra: { year?: number; provider?: string; providerSpan?: Span } = {}) => {
    const read = readExpectedAmount(l, path, currency);
    if (read === undefined) return;
    const { expected, tolerance, valuePath } = read;
    const e: Mutable<AmountExpectationModel> = { kind: "amount", figure, expected, valueSpan: tree.spanOf(valuePath), keySpan: tree.keySpanOf(path), label, ...extra };
    if (tolerance) e.tolerance = tolerance;
    out.push(e);
  };

  const share = (path: Path, provider: string) => {
    const v = valueAt(tree.root, path);
    const valuePath = isRecord(v) ? [...path, "value"] : path;
    const text = scalarAt(l, valuePath);
    const expected = readPercentAt(l, valuePath);
    if (text === undefined || expected === undefined) return;
    const pct = /^\s*([0-9.]+)\s*%\s*$/.exec(text);
    const decimals = pct ? decimalsOf(pct[1]!) + 2 : decimalsOf(text.trim());
    let tolerance: Decimal | undefined;
    if (isRecord(v) && v.tolerance !== undefined) {
      tolerance = readPercentAt(l, [...path, "tolerance"]);
      if (tolerance === undefined) return;
    }
    const e: Mutable<ShareExpectationModel> = { kind: "share", provider, providerSpan: tree.keySpanOf(["expect", "provider", provider]), expected, decimals, text: text.trim(), valueSpan: tree.spanOf(valuePath), keySpan: tree.keySpanOf(path), label: `share of ${provider}` };
    if (tolerance) e.tolerance = tolerance;
    out.push(e);
  };

  const index = (path: Path) => {
    const v = valueAt(tree.root, path);
    const valuePath = isRecord(v) ? [...path, "value"] : path;
    const read = (p: Path): { value: Decimal; text: string } | undefined => {
      const t = scalarAt(l, p);
      if (t === undefined) return undefined;
      const clean = t.trim();
      if (!/^(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?$/.test(clean)) {
        l.diagnostics.push(diagnostic("DS202", tree.spanOf(p), `\`${clean}\` is not an index: write a number of points between 0 and 10000, such as \`3400\`.`));
        return undefined;
      }
      return { value: new Decimal(clean.replace(/,/g, "")), text: clean };
    };
    const expected = read(valuePath);
    if (!expected) return;
    let tolerance: Decimal | undefined;
    if (isRecord(v) && v.tolerance !== undefined) {
      tolerance = read([...path, "tolerance"])?.value;
      if (tolerance === undefined) return;
    }
    const e: Mutable<HhiExpectationModel> = {
      kind: "hhi",
      expected: expected.value,
      decimals: decimalsOf(expected.text),
      text: expected.text,
      valueSpan: tree.spanOf(valuePath),
      keySpan: tree.keySpanOf(path),
      label: "concentration index (HHI)",
    };
    if (tolerance) e.tolerance = tolerance;
    out.push(e);
  };

  if (raw.total !== undefined) amount(["expect", "total"], "total", "total");
  if (raw.firm_commitment !== undefined) amount(["expect", "firm_commitment"], "firm_commitment", "firm commitment");
  const years = raw.year;
  if (isRecord(years)) {
    for (const y of Object.keys(years)) {
      if (!/^[0-9]{4}$/.test(y)) {
        l.diagnostics.push(diagnostic("DS402", tree.keySpanOf(["expect", "year", y]), `\`${y}\` is not a calendar year: write a year such as \`2027\`.`));
        continue;
      }
      amount(["expect", "year", y], "year", `${y} payments`, { year: Number(y) });
    }
  }
  const providers = raw.provider;
  if (isRecord(providers)) {
    for (const name of Object.keys(providers)) {
      const v = providers[name];
      const path: Path = ["expect", "provider", name];
      if (isRecord(v)) {
        if (v.total !== undefined) amount([...path, "total"], "provider_total", `total of ${name}`, { provider: name, providerSpan: tree.keySpanOf(path) });
        if (v.share !== undefined) share([...path, "share"], name);
      } else {
        amount(path, "provider_total", `total of ${name}`, { provider: name, providerSpan: tree.keySpanOf(path) });
      }
    }
  }
  if (raw.hhi !== undefined) index(["expect", "hhi"]);
  return out;
}

/** Reads `scenarios`: each item with a readable id, and its picks whose deal and scenario ids are text (the shape check reports the rest). */
function lowerScenarios(tree: SyntaxTree): PortfolioScenarioModel[] {
  const raw = valueAt(tree.root, ["scenarios"]);
  if (!Array.isArray(raw)) return [];
  const out: PortfolioScenarioModel[] = [];
  raw.forEach((item, index) => {
    if (!isRecord(item) || !isId(item.id)) return;
    const at: Path = ["scenarios", index];
    const picks: ScenarioPickModel[] = [];
    if (isRecord(item.deals)) {
      for (const [deal, scenario] of Object.entries(item.deals)) {
        if (typeof scenario !== "string") continue;
        const path: Path = [...at, "deals", deal];
        picks.push({ deal, scenario: scenario.trim(), dealSpan: tree.keySpanOf(path), scenarioSpan: tree.spanOf(path) });
      }
    }
    const s: Mutable<PortfolioScenarioModel> = { index, id: item.id, idSpan: tree.spanOf([...at, "id"]), itemSpan: tree.spanOf(at), picks };
    if (typeof item.label === "string") s.label = item.label;
    if (typeof item.note === "string") s.note = item.note;
    out.push(s);
  });
  return out;
}
