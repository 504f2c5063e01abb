/**
 * Value candidates: the values of enumerations, ISO 4217 currency codes with
 * their names, the deal's party roles in `by`, a scenario's option ids and
 * clause numbers, and the unit of a `price`. With the ids and counts of the
 * deal's lists, which scenario keys complete too.
 */
import { z } from "zod";
import type { Analysis } from "../analyze";
import type { Span } from "../diagnostics";
import { currencyName, knownCurrencyCodes } from "../money";
import { schemasAt } from "../schema";
import { isRecord, type Segment } from "../syntax";
import { PRICE_UNITS, readMoney, type PriceUnit } from "../values";
import { WORD, wordAfter, type Candidate } from "./completionContext";
import { esc } from "./completionSnippets";

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

export function valueCandidates(text: string, keyPath: readonly Segment[], replace: Span, a?: Analysis): Candidate[] {
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
    // A role is any name (`toString` too): only the table's own keys are documented.
    return [...partyRoles(text, a), "either"].map((r) => value(r, r === "either" ? "buyer or provider" : "party role", Object.hasOwn(VALUE_DOCS, r) ? VALUE_DOCS[r] : undefined));
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
export function priceCandidates(value: string, offset: number, text: string): Candidate[] | undefined {
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
export function idsOf(a: Analysis | undefined, list: "fees" | "options"): string[] {
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

export function countOf(a: Analysis | undefined, path: readonly string[]): number {
  let v: unknown = a?.syntax.root;
  for (const p of path) v = isRecord(v) ? v[p] : undefined;
  return Array.isArray(v) ? v.length : 0;
}
