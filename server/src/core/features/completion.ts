/**
 * Completion that works while the file is being typed, valid YAML or not: the
 * context (which mapping the cursor is in) comes from the indentation of the
 * lines above, not from the parsed tree. Keys come with their documentation
 * from the schema; values for enumerations, currency codes, party roles and
 * the unit of a `price`; snippets for a new deal, a fee (by amount or by unit
 * price), a termination clause, an option to extend and a capacity step.
 */
import { z } from "zod";
import type { Analysis } from "../analyze";
import type { Span } from "../diagnostics";
import { addMonths, formatDay } from "../dates";
import { currencyName, Decimal, knownCurrencyCodes } from "../money";
import { keysAt, schemasAt } from "../schema";
import { isRecord, type Segment } from "../syntax";
import { PRICE_UNITS, readMoney, type PriceUnit } from "../values";
import { formatQuantity } from "./units";

export type CandidateKind = "key" | "value" | "snippet";

export interface Candidate {
  readonly label: string;
  readonly kind: CandidateKind;
  readonly detail?: string;
  /** Markdown. */
  readonly documentation?: string;
  /** Text to insert, with absolute indentation on every line after the first. */
  readonly insertText: string;
  /** True when `insertText` is a snippet (`${1:placeholder}`). */
  readonly snippet: boolean;
  /** The text the candidate replaces (the word being typed). */
  readonly replace: Span;
  readonly sortText?: string;
}

interface LineShape {
  readonly blank: boolean;
  /** Column of the `-` of a list item, if the line starts one. */
  readonly dashCol?: number;
  /** Column where the line's key (or item content) starts. */
  readonly keyCol: number;
  readonly key?: string;
}

const KEY_LINE = /^([^\s:#'"{[][^:#]*?)\s*:(?:\s|$)/;

function shape(line: string): LineShape {
  const t = line.replace(/\r$/, "");
  if (t.trim() === "" || /^\s*#/.test(t)) return { blank: true, keyCol: 0 };
  const indent = t.length - t.trimStart().length;
  const dash = /^(\s*)-(?:\s+|$)/.exec(t);
  const keyCol = dash ? dash[0].length : indent;
  const key = KEY_LINE.exec(t.slice(keyCol))?.[1];
  const out: { -readonly [K in keyof LineShape]: LineShape[K] } = { blank: false, keyCol };
  if (dash) out.dashCol = indent;
  if (key !== undefined) out.key = key;
  return out;
}

interface Context {
  /** The path of the mapping (or list item) the cursor is in. */
  readonly path: Segment[];
  /** Keys already present in that mapping. */
  readonly siblings: Set<string>;
}

/**
 * The path of the mapping whose keys start at column `col` on line `lineNo`,
 * found from the indentation of the lines above. `dashCol` is set when the
 * cursor's own line starts a list item.
 */
function contextAt(lines: readonly string[], lineNo: number, col: number, dashCol: number | undefined): Context {
  const reversed: Segment[] = [];
  const siblings = new Set<string>();
  let mode: "map" | "list" = dashCol === undefined ? "map" : "list";
  let listCol = dashCol ?? 0;
  let index = 0;
  let ascended = false;
  /** Steps out to the key on line shape `s` that holds the current mapping; false when the line has no key. */
  const ascend = (s: LineShape): boolean => {
    if (s.key === undefined) return false;
    reversed.push(s.key);
    ascended = true;
    col = s.keyCol;
    if (s.dashCol !== undefined) {
      mode = "list";
      listCol = s.dashCol;
      index = 0;
    } else {
      mode = "map";
    }
    return true;
  };
  for (let i = lineNo - 1; i >= 0; i--) {
    const s = shape(lines[i]!);
    if (s.blank) continue;
    if (mode === "map") {
      if (s.keyCol > col) continue;
      if (s.keyCol === col) {
        if (!ascended && s.key !== undefined) siblings.add(s.key);
        if (s.dashCol !== undefined) {
          mode = "list";
          listCol = s.dashCol;
          index = 0;
        }
        continue;
      }
      if (!ascend(s)) break;
    } else {
      if (s.dashCol === listCol) {
        index++;
        continue;
      }
      if (s.keyCol > listCol) continue;
      reversed.push(index);
      mode = "map";
      if (!ascend(s)) break;
    }
  }
  if (mode === "list") reversed.push(index);
  if (!ascended && dashCol === undefined) {
    // Keys below the cursor in the same mapping.
    for (let i = lineNo + 1; i < lines.length; i++) {
      const s = shape(lines[i]!);
      if (s.blank || s.keyCol > col) continue;
      if (s.keyCol < col || s.dashCol !== undefined) break;
      if (s.key !== undefined) siblings.add(s.key);
    }
  }
  return { path: reversed.reverse(), siblings };
}

const WORD = /[A-Za-z0-9_-]*$/;

const ONE_HUNDRED = new Decimal(100);

function wordAfter(text: string, offset: number): number {
  const m = /^[A-Za-z0-9_-]*/.exec(text.slice(offset));
  return offset + (m?.[0].length ?? 0);
}

const VALUE_DOCS: Readonly<Record<string, string>> = {
  month: "Every month.",
  quarter: "Every quarter (3 months).",
  year: "Every year (12 months).",
  once: "Once, on `from`.",
  in_advance: "Paid on the first day of each period (the default).",
  in_arrears: "Paid on the last day of each period.",
  contract: "Stated in the contract (the default).",
  reported: "From public reporting.",
  assumed: "A modelling assumption: say what it rests on in a `note:`.",
  either: "The buyer or the provider.",
};

/** The deal's party roles: from the model when the file parses, else from the text under `parties:`. */
export function partyRoles(text: string, a?: Analysis): string[] {
  const roles = new Set(["buyer", "provider"]);
  if (a?.model) for (const r of Object.keys(a.model.parties)) roles.add(r);
  else if (isRecord(a?.syntax.root) && isRecord(a.syntax.root.parties)) for (const r of Object.keys(a.syntax.root.parties)) roles.add(r);
  else {
    const lines = text.split("\n");
    const at = lines.findIndex((l) => /^parties\s*:/.test(l));
    if (at >= 0) {
      const inline = /^parties\s*:\s*\{(.*)\}?/.exec(lines[at]!);
      if (inline) for (const m of inline[1]!.matchAll(/([A-Za-z0-9_-]+)\s*:/g)) roles.add(m[1]!);
      for (let i = at + 1; i < lines.length && /^(\s+|\s*$|\s*#)/.test(lines[i]!); i++) {
        const m = /^\s+([A-Za-z0-9_-]+)\s*:/.exec(lines[i]!);
        if (m) roles.add(m[1]!);
      }
    }
  }
  return [...roles];
}

function enumValues(path: readonly Segment[]): string[] {
  const out: string[] = [];
  for (const s of schemasAt(path)) {
    if (s instanceof z.ZodEnum) out.push(...(s.options as string[]).map(String));
    if (s instanceof z.ZodBoolean) out.push("true", "false");
  }
  return [...new Set(out)];
}

function valueCandidates(text: string, keyPath: readonly Segment[], replace: Span, a?: Analysis): Candidate[] {
  const key = keyPath[keyPath.length - 1];
  const value = (label: string, detail?: string, documentation?: string): Candidate => ({
    label,
    kind: "value",
    insertText: label,
    snippet: false,
    replace,
    ...(detail !== undefined ? { detail } : {}),
    ...(documentation !== undefined ? { documentation } : {}),
  });
  if (keyPath.length === 1 && key === "currency") {
    return knownCurrencyCodes().map((code) => value(code, currencyName(code)));
  }
  if (keyPath.length === 1 && key === "dealspec") return [value("1", "Dealspec language version 1")];
  if (keyPath[0] === "scenarios" && key === "exercise") return idsOf(a, "options").map((id) => value(id, "option", `Exercise option \`${id}\` in this scenario.`));
  if (keyPath[0] === "scenarios" && keyPath[2] === "exit" && key === "clause") {
    return Array.from({ length: countOf(a, ["termination"]) }, (_, n) => value(String(n + 1), `termination clause ${n + 1}`));
  }
  if ((keyPath[0] === "termination" || keyPath[0] === "options") && key === "by") {
    return [...partyRoles(text, a), "either"].map((r) => value(r, r === "either" ? "buyer or provider" : "party role", VALUE_DOCS[r]));
  }
  return enumValues(keyPath).map((v) => value(v, undefined, VALUE_DOCS[v]));
}

const UNIT_DOCS: Readonly<Record<PriceUnit, string>> = {
  "MW-month": "Per megawatt and month: price × the MW in force × the months of each period (1, 3 or 12). Needs `capacity.power` or a `quantity` such as `500 MW`.",
  "kW-month": "Per kilowatt and month: price × the kW in force (1 MW = 1,000 kW) × the months of each period. Needs `capacity.power` or a `quantity` such as `5,000 kW`.",
  "GPU-month": "Per GPU and month: price × the GPUs in force × the months of each period. Needs `capacity.gpus` or a `quantity` such as `20,000`.",
  "GPU-hour": "Per GPU and hour: price × the GPUs in force × 24 hours for each day a period covers (a 31-day month costs more than a 30-day one). Needs `capacity.gpus` or a `quantity`.",
};

/**
 * The unit of a `price` being typed: after the amount (`$4M `, `$4M p`) the
 * candidates are `per MW-month` ...; after `per ` they are the units. The
 * amount must read as money (any currency marker: the deal's is checked by
 * the engine).
 */
function priceCandidates(value: string, offset: number, text: string): Candidate[] | undefined {
  const word = WORD.exec(value)?.[0] ?? "";
  const typed = value.slice(0, value.length - word.length);
  const replace = { start: offset - word.length, end: wordAfter(text, offset) };
  const unit = (label: string, u: PriceUnit): Candidate => ({ label, kind: "value", detail: "price unit", documentation: UNIT_DOCS[u], insertText: label, snippet: false, replace });
  const afterPer = /^(.*\S)\s+per\s+$/.exec(typed);
  if (afterPer && readMoney(afterPer[1]!, undefined).ok) return PRICE_UNITS.map((u) => unit(u, u));
  if (/\S\s+$/.test(typed) && readMoney(typed.trim(), undefined).ok && /^p?e?r?$/.test(word)) return PRICE_UNITS.map((u) => unit(`per ${u}`, u));
  if (typed.trim() === "" && word === "") {
    return PRICE_UNITS.map((u) => ({ label: `… per ${u}`, kind: "snippet" as const, detail: "a unit price", documentation: UNIT_DOCS[u], insertText: `\${1:${esc(u.startsWith("GPU-hour") ? "$2.10" : u.startsWith("GPU") ? "$1,500" : u.startsWith("kW") ? "$150" : "$150k")}} per ${u}`, snippet: true, replace }));
  }
  return undefined;
}

/**
 * The ids of a list of the deal (`fees`, `options`): from the last analysis'
 * value tree, or, while the text does not parse, from its lines (`id:` under
 * the list's top-level key).
 */
function idsOf(a: Analysis | undefined, list: "fees" | "options"): string[] {
  const items = isRecord(a?.syntax.root) ? a.syntax.root[list] : undefined;
  if (Array.isArray(items)) return items.flatMap((item) => (isRecord(item) && typeof item.id === "string" ? [item.id] : []));
  const out: string[] = [];
  let inside = false;
  for (const line of a?.text.split("\n") ?? []) {
    const top = /^([A-Za-z_][A-Za-z0-9_-]*)\s*:/.exec(line);
    if (top) inside = top[1] === list;
    const id = inside ? /^\s*(?:-\s*)?(?:\{\s*)?id\s*:\s*([a-z0-9_-]+)/.exec(line) : null;
    if (id) out.push(id[1]!);
  }
  return out;
}

function countOf(a: Analysis | undefined, path: readonly string[]): number {
  let v: unknown = a?.syntax.root;
  for (const p of path) v = isRecord(v) ? v[p] : undefined;
  return Array.isArray(v) ? v.length : 0;
}

/** What a scenario's `set` may name: each place of the deal, by id or position, as a dotted PATH. */
function setPaths(a: Analysis | undefined): { path: string; doc: string }[] {
  const out: { path: string; doc: string }[] = [];
  const keysOf = (schemaPath: (string | number)[], prefix: string) => {
    for (const k of keysAt(schemaPath)) if (k.key !== "id" && k.key !== "steps") out.push({ path: `${prefix}.${k.key}`, doc: k.description });
  };
  out.push({ path: "discount_rate", doc: keysAt([]).find((k) => k.key === "discount_rate")?.description ?? "" });
  keysOf(["term"], "term");
  keysOf(["capacity"], "capacity");
  keysOf(["commitment"], "commitment");
  for (const id of idsOf(a, "fees")) {
    out.push({ path: `fees.${id}`, doc: `The whole fee \`${id}\` (a mapping), or \`null\` to remove it.` });
    keysOf(["fees", 0], `fees.${id}`);
  }
  for (const id of idsOf(a, "options")) keysOf(["options", 0], `options.${id}`);
  for (let n = 1; n <= countOf(a, ["termination"]); n++) keysOf(["termination", 0], `termination.${n}`);
  for (let n = 1; n <= countOf(a, ["capacity", "steps"]); n++) keysOf(["capacity", "steps", 0], `capacity.steps.${n}`);
  return out;
}

/** Keys inside a scenario's `set`, `change` or `shift`: paths, fee ids and their keywords. */
function scenarioKeyCandidates(kind: "set" | "change" | "shift", ctx: Context, replace: Span, keyFollows: boolean, a: Analysis | undefined): Candidate[] {
  const candidate = (label: string, detail: string, documentation: string, value: string, sortText: string): Candidate => ({
    label,
    kind: "key",
    detail,
    documentation,
    insertText: keyFollows ? label : `${label}: ${value}`,
    snippet: !keyFollows && value !== "",
    replace,
    sortText,
  });
  const fees = idsOf(a, "fees").filter((id) => !ctx.siblings.has(id));
  if (kind === "set") return setPaths(a).filter((p) => !ctx.siblings.has(p.path)).map((p) => candidate(p.path, "set", p.doc, "", `1${p.path}`));
  if (kind === "change") {
    return [
      ...fees.map((id) => candidate(id, "fee", `Multiply fee \`${id}\`'s amount or price by (1 + p).`, '"${1:+10%}"', `0${id}`)),
      candidate("assumed", "every assumed fee", "Every fee whose `basis` is `assumed`.", '"${1:+10%}"', "1assumed"),
      candidate("all", "every fee", "Every fee of the deal.", '"${1:+10%}"', "1all"),
    ];
  }
  return [
    ...fees.map((id) => candidate(id, "fee", `Move fee \`${id}\`'s \`from\` (its \`until\` stays).`, "${1:3 months}", `0${id}`)),
    candidate("capacity", "every capacity step", "Move every `capacity.steps` entry.", "${1:3 months}", "1capacity"),
    candidate("term", "the whole deal", "Move the term and every date in the deal.", "${1:3 months}", "1term"),
  ];
}

const SCENARIO_SNIPPETS: readonly { label: string; detail: string; body: (indent: string) => string }[] = [
  { label: "scenario: exit on a date", detail: "notice under a termination clause", body: (i) => `id: \${1:exit-early}\n${i}exit: {on: \${2:2027-06-01}, clause: \${3:1}}` },
  { label: "scenario: slip", detail: "capacity (or a fee) later", body: (i) => `id: \${1:slip}\n${i}shift: {\${2:capacity}: \${3:3 months}}` },
  { label: "scenario: price change", detail: "a fee's amount or price changed", body: (i) => `id: \${1:price-up}\n${i}change: {\${2:all}: "\${3:+10%}"}` },
];

/** Escapes text for a snippet. */
function esc(text: string): string {
  return text.replace(/[$}\\]/g, (c) => `\\${c}`);
}

function feeSnippet(indent: string): string {
  return ["id: ${1:new-fee}", `${indent}amount: \${2:${esc("$1M")}}`, `${indent}every: \${3|month,quarter,year,once|}`, ""].join("\n").replace(/\n$/, "");
}

function clauseSnippet(indent: string, roles: readonly string[]): string {
  return [`by: \${1|${["either", ...roles].join(",")}|}`, `${indent}notice: \${2:90 days}`].join("\n");
}

function unitFeeSnippet(indent: string): string {
  return ["id: ${1:new-fee}", `${indent}price: \${2:${esc("$4M")}} per \${3|${PRICE_UNITS.join(",")}|}`, `${indent}every: \${4|month,quarter,year|}`].join("\n");
}

function optionSnippet(indent: string, roles: readonly string[]): string {
  return [
    "id: ${1:extend-1y}",
    `${indent}extend: \${2:12 months}`,
    `${indent}by: \${3|${[...roles, "either"].join(",")}|}`,
    `${indent}notice: \${4:180 days}`,
    `${indent}exercised: \${5|false,true|}`,
  ].join("\n");
}

/** A capacity step: `from` the day after the last step (or a year into the term), and the kinds the deal's capacity gives, at their current values. */
function stepSnippet(indent: string, a?: Analysis): string {
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

const DEAL_SNIPPET = [
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

function keyCandidates(
  ctx: Context,
  col: number,
  replace: Span,
  keyFollows: boolean,
  startsItem: boolean,
  text: string,
  a?: Analysis,
): Candidate[] {
  const out: Candidate[] = [];
  const indent = " ".repeat(col);
  const { path } = ctx;
  const inner = " ".repeat(col + 2);
  for (const info of keysAt(path)) {
    if (ctx.siblings.has(info.key)) continue;
    const child = [...path, info.key];
    const isList = schemasAt(child).some((s) => s instanceof z.ZodArray);
    const isMap = !isList && keysAt(child).length > 0 && !["exit_exposure", "total", "run_rate", "peak_month"].includes(info.key);
    const insertText = keyFollows ? info.key : isList ? `${info.key}:\n${inner}- ` : isMap ? `${info.key}:\n${inner}` : `${info.key}: `;
    out.push({
      label: info.key,
      kind: "key",
      detail: info.required ? "required" : "optional",
      documentation: info.description,
      insertText,
      snippet: false,
      replace,
      sortText: `${info.required ? "0" : "1"}${info.key}`,
    });
  }
  if (path.length === 2 && path[0] === "expect" && path[1] === "year" && a?.figures) {
    for (const y of a.figures.years.keys()) {
      if (!ctx.siblings.has(String(y))) out.push({ label: String(y), kind: "key", detail: "calendar year", insertText: keyFollows ? String(y) : `${y}: `, snippet: false, replace });
    }
  }
  if (path[0] === "scenarios" && path.length === 3 && (path[2] === "set" || path[2] === "change" || path[2] === "shift")) {
    return scenarioKeyCandidates(path[2], ctx, replace, keyFollows, a);
  }
  const listItem = typeof path[path.length - 1] === "number";
  const listPath = (listItem ? path.slice(0, -1) : path).join(".");
  if (!keyFollows && (startsItem || !listItem)) {
    const dash = listItem ? "" : "- ";
    const itemIndent = listItem ? indent : " ".repeat(col + 2);
    const snippet = (label: string, detail: string, documentation: string, body: string, sortText = "00") =>
      out.push({ label, kind: "snippet", detail, documentation, insertText: dash + body, snippet: true, replace, sortText });
    switch (listPath) {
      case "fees":
        snippet("fee", "a new fee", "A fee with `id`, `amount` and `every`.", feeSnippet(itemIndent));
        snippet("fee priced per unit", "a new fee with a unit price", "A fee with `id`, `price` (money per MW-month, kW-month, GPU-month or GPU-hour of the capacity in force) and `every`.", unitFeeSnippet(itemIndent), "01");
        break;
      case "termination":
        snippet("termination clause", "a new termination clause", "A termination clause with `by` and `notice`.", clauseSnippet(itemIndent, partyRoles(text, a)));
        break;
      case "options":
        snippet("option to extend", "a new option", "An option to extend the term, with `id`, `extend`, `by`, `notice` and `exercised`.", optionSnippet(itemIndent, partyRoles(text, a)));
        break;
      case "capacity.steps":
        snippet("capacity step", "a new capacity step", "A change of capacity from a day on: `from` and the `power` and/or `gpus` in force from then.", stepSnippet(itemIndent, a));
        break;
      case "scenarios":
        for (const sn of SCENARIO_SNIPPETS) snippet(sn.label, sn.detail, "A scenario: the deal with a change, evaluated into its own figures.", sn.body(itemIndent));
        break;
      default:
        break;
    }
  }
  if (!keyFollows && path.length === 0 && col === 0 && !/^dealspec\s*:/m.test(text)) {
    out.push({ label: "deal", kind: "snippet", detail: "a new deal file", documentation: "The keys every deal file needs, ready to fill in.", insertText: DEAL_SNIPPET, snippet: true, replace, sortText: "00" });
  }
  return out;
}

/** What may be written at `offset` in `text`. `a` (the last analysis) lends party roles and years when it has them. */
export function complete(text: string, offset: number, a?: Analysis): Candidate[] {
  const lineStart = text.lastIndexOf("\n", offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  if (/(^|\s)#/.test(before)) return [];
  const lines = text.split("\n");
  const lineNo = text.slice(0, lineStart).split("\n").length - 1;

  const keyPos = /^(\s*)(-\s+)?([A-Za-z0-9_.-]*)$/.exec(before);
  if (keyPos) {
    const word = keyPos[3]!;
    const col = keyPos[1]!.length + (keyPos[2]?.length ?? 0);
    const dashCol = keyPos[2] ? keyPos[1]!.length : undefined;
    // A dotted word is a `set` PATH being typed: the whole path is replaced.
    const end = word.includes(".") ? offset + (/^[A-Za-z0-9_.-]*/.exec(text.slice(offset))?.[0].length ?? 0) : wordAfter(text, offset);
    const replace = { start: offset - word.length, end };
    const keyFollows = /^\s*:/.test(text.slice(end, text.indexOf("\n", end) < 0 ? text.length : text.indexOf("\n", end)));
    const ctx = contextAt(lines, lineNo, col, dashCol);
    // A list of plain values (such as `by:` with one role per line): complete values.
    const listOwner = ctx.path.slice(0, -1);
    if (dashCol !== undefined && keysAt(ctx.path).length === 0 && listOwner.length > 0) {
      return valueCandidates(text, listOwner, replace, a);
    }
    return keyCandidates(ctx, col, replace, keyFollows, dashCol !== undefined, text, a);
  }

  const valuePos = /^(\s*)(-\s+)?([A-Za-z0-9_-]+)\s*:\s+(.*)$/.exec(before);
  if (valuePos) {
    const col = valuePos[1]!.length + (valuePos[2]?.length ?? 0);
    const dashCol = valuePos[2] ? valuePos[1]!.length : undefined;
    if (valuePos[3] === "price") {
      const path = contextAt(lines, lineNo, col, dashCol).path;
      if (path.length === 2 && path[0] === "fees") return priceCandidates(valuePos[4]!, offset, text) ?? [];
    }
    const word = WORD.exec(valuePos[4]!)?.[0] ?? "";
    const typed = valuePos[4]!.slice(0, valuePos[4]!.length - word.length);
    // Inside a flow list (`by: [buyer, `) a value may follow a bracket or comma; otherwise only the start of the value.
    if (typed.trim() !== "" && !/[[,]\s*$/.test(typed)) return [];
    const replace = { start: offset - word.length, end: wordAfter(text, offset) };
    const ctx = contextAt(lines, lineNo, col, dashCol);
    return valueCandidates(text, [...ctx.path, valuePos[3]!], replace, a);
  }
  return [];
}
