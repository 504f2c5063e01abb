/** The snippets completion offers: a new deal, a fee (by amount or by unit price), a termination clause, an option to extend, a capacity step and a scenario. */
import type { Analysis } from "../analyze";
import { addMonths, formatDay } from "../dates";
import { Decimal } from "../money";
import { PRICE_UNITS } from "../values";
import { formatQuantity } from "./units";

const ONE_HUNDRED = new Decimal(100);

export const SCENARIO_SNIPPETS: readonly { label: string; detail: string; body: (indent: string) => string }[] = [
  { label: "scenario: exit on a date", detail: "notice under a termination clause", body: (i) => `id: \${1:exit-early}\n${i}exit: {on: \${2:2027-06-01}, clause: \${3:1}}` },
  { label: "scenario: slip", detail: "capacity (or a fee) later", body: (i) => `id: \${1:slip}\n${i}shift: {\${2:capacity}: \${3:3 months}}` },
  { label: "scenario: price change", detail: "a fee's amount or price changed", body: (i) => `id: \${1:price-up}\n${i}change: {\${2:all}: "\${3:+10%}"}` },
];

/** Escapes text for a snippet. */
export function esc(text: string): string {
  return text.replace(/[$}\\]/g, (c) => `\\${c}`);
}

export function feeSnippet(indent: string): string {
  return ["id: ${1:new-fee}", `${indent}amount: \${2:${esc("$1M")}}`, `${indent}every: \${3|month,quarter,year,once|}`, ""].join("\n").replace(/\n$/, "");
}

export function clauseSnippet(indent: string, roles: readonly string[]): string {
  return [`by: \${1|${["either", ...roles].join(",")}|}`, `${indent}notice: \${2:90 days}`].join("\n");
}

export function unitFeeSnippet(indent: string): string {
  return ["id: ${1:new-fee}", `${indent}price: \${2:${esc("$4M")}} per \${3|${PRICE_UNITS.join(",")}|}`, `${indent}every: \${4|month,quarter,year|}`].join("\n");
}

export function optionSnippet(indent: string, roles: readonly string[]): string {
  return [
    "id: ${1:extend-1y}",
    `${indent}extend: \${2:12 months}`,
    `${indent}by: \${3|${[...roles, "either"].join(",")}|}`,
    `${indent}notice: \${4:180 days}`,
    `${indent}exercised: \${5|false,true|}`,
  ].join("\n");
}

/** A capacity step: `from` the day after the last step (or a year into the term), and the kinds the deal's capacity gives, at their current values. */
export function stepSnippet(indent: string, a?: Analysis): string {
  const m = a?.model;
  const term = m?.term;
  const steps = m?.capacity?.steps ?? [];
  let from = "YYYY-MM-DD";
  if (term) {
    const base = steps.length > 0 ? steps[steps.length - 1]!.from : term.start;
    const candidates = [addMonths(base, 12), addMonths(base, 6), addMonths(base, 1), base + 1];
    const day = candidates.find((d) => d > base && d <= term.last);
    if (day !== undefined) from = formatDay(day);
  }
  const lines = [`from: \${1:${from}}`];
  const capacity = m?.capacity;
  let n = 2;
  const power = capacity && [...steps].reverse().find((st) => st.megawatts !== undefined)?.megawatts;
  const gpus = capacity && [...steps].reverse().find((st) => st.gpus !== undefined)?.gpus;
  if (!capacity || capacity.megawatts !== undefined || power !== undefined) lines.push(`${indent}power: \${${n++}:${formatQuantity(power ?? capacity?.megawatts ?? ONE_HUNDRED)} MW}`);
  if (capacity && (capacity.gpus !== undefined || gpus !== undefined)) lines.push(`${indent}gpus: \${${n++}:${formatQuantity(gpus ?? capacity.gpus!)}}`);
  return lines.join("\n");
}

export const DEAL_SNIPPET = [
  "dealspec: 1",
  "deal: ${1:new-deal}",
  "title: ${2:Title}",
  "currency: ${3:USD}",
  "parties:",
  "  buyer: ${4:Buyer}",
  "  provider: ${5:Provider}",
  "term:",
  "  start: ${6:2027-01-01}",
  "  months: ${7:36}",
  "fees:",
  "  - id: ${8:base}",
  `    amount: \${9:${esc("$1M")}}`,
  "    every: ${10|month,quarter,year,once|}",
  "$0",
].join("\n");
