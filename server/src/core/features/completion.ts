/**
 * Completion that works while the file is being typed, valid YAML or not: the
 * context (which mapping the cursor is in) comes from the indentation of the
 * lines above, not from the parsed tree. Keys come with their documentation
 * from the schema; values for enumerations, currency codes, party roles and
 * the unit of a `price`; snippets for a new deal, a fee (by amount or by unit
 * price), a termination clause, an option to extend and a capacity step.
 * Here: the keys, and the keys inside a scenario's `set`, `change` and
 * `shift`; the cursor's context in completionContext.ts, values in
 * completionValues.ts, snippets in completionSnippets.ts.
 */
import { z } from "zod";
import type { Analysis } from "../analyze";
import type { Span } from "../diagnostics";
import { keysAt, schemasAt } from "../schema";
import { contextAt, WORD, wordAfter, type Candidate, type Context } from "./completionContext";
import { clauseSnippet, DEAL_SNIPPET, feeSnippet, optionSnippet, SCENARIO_SNIPPETS, stepSnippet, unitFeeSnippet } from "./completionSnippets";
import { countOf, idsOf, partyRoles, priceCandidates, valueCandidates } from "./completionValues";

/** What `complete` offers: its type is in completionContext.ts. */
export type { Candidate, CandidateKind } from "./completionContext";

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
