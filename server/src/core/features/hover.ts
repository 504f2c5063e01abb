/**
 * Hover: what is under an offset, explained in Markdown. A fee, the deal id
 * or term, a termination clause, an expectation, capacity and its steps, an
 * option and commitment get their figures with the computation behind them;
 * a money literal (also the money of a `price`) gets its exact value; any
 * other key gets its documentation. A key or value with an error says what
 * is wrong first; a fee left out of the figures says so, and why. In a
 * portfolio file (`portfolioHover`): the portfolio's figures on its id, an
 * include's deals, a rate, an expectation, a scenario or one of its picks
 * (explainPortfolio.ts).
 */
import type { z } from "zod";
import type { Analysis } from "../analyze";
import type { Diagnostic, Span } from "../diagnostics";
import { currencyName, formatMoney, formatMoneyExact } from "../money";
import { portfolioSchema } from "../portfolio/schema";
import type { PortfolioAnalysis } from "../portfolio/types";
import { keysAt } from "../schema";
import type { Path } from "../syntax";
import { readMoney, readPrice } from "../values";
import { hitAt, spanContains, type Hit } from "./common";
import { explainClause, explainCommitment, explainDeal, explainExpectation, explainOption } from "./explain";
import { explainCapacity, explainStep } from "./explainCapacity";
import { explainFee } from "./explainFee";
import { explainExpectationCheck, explainInclude, explainPick, explainPortfolio, explainPortfolioScenario, explainRate } from "./explainPortfolio";
import { md } from "./markdown";
import { explainScenario } from "./scenarios";

export interface HoverResult {
  readonly span: Span;
  readonly markdown: string;
}

const MONEY_KINDS = new Set(["money", "expectation", "tolerance", "price"]);

/** The schema's kind of the value at a path (`money`, `date`, ...), if it documents one. */
function kindAt(path: Path): string | undefined {
  const last = path[path.length - 1];
  if (typeof last === "number") {
    // A list item: `expect.exit_exposure[0]` holds an expectation like its list.
    return kindAt(path.slice(0, -1));
  }
  const parent = path.slice(0, -1);
  if (parent[0] === "expect" && parent[1] === "year" && parent.length === 2) return "expectation";
  return keysAt(parent).find((k) => k.key === last)?.kind;
}

/** `$1.25B` = $1,250,000,000.00, when the hit is a money literal the deal's currency reads. */
function moneyLiteral(a: Analysis, hit: Hit): string | undefined {
  if (hit.part !== "value") return undefined;
  const kind = kindAt(hit.path);
  if (!kind || !MONEY_KINDS.has(kind)) return undefined;
  const text = a.syntax.scalarText(hit.path);
  const currency = a.model?.currency;
  if (text === undefined || currency === undefined) return undefined;
  if (kind === "price") {
    const p = readPrice(text, currency);
    if (!p.ok) return undefined;
    const name = currencyName(currency) ?? currency;
    return `\`${md(text.trim())}\` = **${formatMoneyExact(p.value.amount, currency)}** per ${p.value.unit} (${name}, exact)`;
  }
  if (kind === "tolerance" && /%\s*$/.test(text)) return undefined;
  const r = readMoney(text, currency);
  if (!r.ok) return undefined;
  const exact = formatMoneyExact(r.value.amount, currency);
  const rounded = formatMoney(r.value.amount, currency);
  const name = currencyName(currency) ?? currency;
  return exact === rounded
    ? `\`${md(text.trim())}\` = **${exact}** (${name}, exact)`
    : `\`${md(text.trim())}\` = **${exact}** (${name}, exact); a charge of it is rounded half away from zero to ${rounded}`;
}

/** The documentation of the key under the offset, or of the key whose value is under it (in a deal file unless `schema` says otherwise). */
function keyDoc(hit: Hit, schema?: z.ZodType): string | undefined {
  const key = hit.path[hit.path.length - 1];
  const info = keysAt(hit.path.slice(0, -1), schema).find((k) => k.key === key);
  if (!info) return undefined;
  return `**\`${info.key}\`**${info.required ? " (required)" : ""}: ${info.description}`;
}

/** A fee that could not be read: left out of the figures, and the first error that keeps it out (unless the hover shows it already). */
function excludedFee(a: Analysis, index: number, shown: readonly Diagnostic[]): string | undefined {
  const span = a.syntax.spanOf(["fees", index]);
  const first = a.diagnostics.find((d) => d.severity === "error" && d.span.start >= span.start && d.span.end <= span.end);
  if (!first) return undefined;
  const id = a.syntax.scalarText(["fees", index, "id"])?.trim();
  const why = shown.includes(first) ? "Left out of the figures until this error is fixed." : `Left out of the figures: ${first.message}`;
  return [`### Fee ${id ? `\`${md(id)}\`` : `#${index + 1}`}`, "", why].join("\n");
}

function figureHover(a: Analysis, hit: Hit, offset: number): string | undefined {
  const m = a.model;
  if (!m) return undefined;
  const [top, index] = hit.path;
  switch (top) {
    case "deal":
    case "term":
    case "discount_rate":
      return explainDeal(a);
    case "fees": {
      if (typeof index !== "number") return undefined;
      const fee = m.fees.find((f) => f.index === index);
      return fee ? explainFee(a, fee) : undefined;
    }
    case "termination": {
      if (typeof index !== "number") return undefined;
      const clause = m.termination.find((c) => c.index === index);
      return clause ? explainClause(a, clause) : undefined;
    }
    case "expect": {
      const e = m.expectations.find((x) => spanContains(x.keySpan, offset) || spanContains(x.valueSpan, offset));
      return e ? explainExpectation(a, e) : undefined;
    }
    case "capacity": {
      const [, key, position] = hit.path;
      if (key === "steps" && typeof position === "number") {
        const step = m.capacity?.steps.find((s) => s.index === position);
        return step ? explainStep(a, step) : undefined;
      }
      return m.capacity ? explainCapacity(a) : undefined;
    }
    case "options": {
      if (typeof index !== "number") return undefined;
      const option = m.options.find((o) => o.index === index);
      return option ? explainOption(a, option) : undefined;
    }
    case "commitment":
      return m.commitment ? explainCommitment(a, m.commitment) : undefined;
    case "scenarios":
      return typeof index === "number" ? explainScenario(a, index) : undefined;
    default:
      return undefined;
  }
}

/**
 * What is wrong with the key or value under the offset: the errors on it
 * (their range inside the hovered one, holding the offset). Warnings and
 * remarks are not repeated: the figures they are about follow.
 */
function problemsAt(a: Pick<Analysis, "diagnostics">, hit: Pick<Hit, "span">, offset: number): Diagnostic[] {
  return a.diagnostics.filter((d) => d.severity === "error" && spanContains(d.span, offset) && d.span.start >= hit.span.start && d.span.end <= hit.span.end);
}

/**
 * The hover at `offset`, or undefined when there is nothing to say. A key or
 * value with a problem says what is wrong first; then come the figures (or
 * why there are none), else the key's documentation.
 */
export function hover(a: Analysis, offset: number): HoverResult | undefined {
  const hit = hitAt(a.syntax, offset);
  if (!hit) return undefined;
  const problems = problemsAt(a, hit, offset);
  const parts = [moneyLiteral(a, hit), figureHover(a, hit, offset)].filter((p): p is string => p !== undefined);
  if (parts.length === 0) {
    const [top, index] = hit.path;
    const left = top === "fees" && typeof index === "number" && a.model && !a.model.fees.some((f) => f.index === index) ? excludedFee(a, index, problems) : undefined;
    if (left) parts.push(left);
    const doc = keyDoc(hit);
    if (doc) parts.push(doc);
  }
  if (problems.length > 0) parts.unshift(problems.map((d) => `**⚠ ${d.code}**: ${d.message}`).join("\n\n"));
  if (parts.length === 0) return undefined;
  return { span: hit.span, markdown: parts.join("\n\n---\n\n") };
}

/** The hover at `offset` in a portfolio file. */
export function portfolioHover(pa: PortfolioAnalysis, offset: number): HoverResult | undefined {
  const hit = hitAt(pa.syntax, offset);
  if (!hit) return undefined;
  const [top, second] = hit.path;
  let markdown: string | undefined;
  if (top === "portfolio" || (top === "currency" && hit.part === "value")) markdown = explainPortfolio(pa);
  else if (top === "include" && typeof second === "number") markdown = explainInclude(pa, second);
  else if (top === "fx" && typeof second === "string") markdown = explainRate(pa, second);
  else if (top === "expect") markdown = explainExpectationCheck(pa, offset);
  else if (top === "scenarios" && typeof second === "number") {
    const [, , key, deal] = hit.path;
    if (key === "deals" && typeof deal === "string") markdown = explainPick(pa, second, deal);
    else if (hit.path.length === 2 || key === "id" || (hit.part === "value" && (key === "label" || key === "note"))) markdown = explainPortfolioScenario(pa, second);
  }
  markdown ??= keyDoc(hit, portfolioSchema);
  return markdown ? { span: hit.span, markdown } : undefined;
}
