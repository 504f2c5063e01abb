/**
 * The pieces every hover explanation is written with, deal or portfolio:
 * Markdown escaping and tables, the money formatters of a set of figures,
 * provenance lines, and what to say when there are no figures or only some.
 */
import type { Analysis } from "../analyze";
import type { Figures } from "../evaluate/figures";
import { formatMoney, formatMoneyExact, type Decimal } from "../money";
import type { Provenance } from "../model/types";
import { plural } from "./common";
import { figuresStatus } from "./display";

/** Longest tables a hover shows before it summarises the rest. */
export const MAX_TABLE_ROWS = 24;

export type Money = (v: Decimal) => string;

/** Money as the figures write it: rounded to the minor unit as the engine rounds them. */
export function moneyOf(f: Figures): Money {
  return (v) => formatMoney(v, f.currency);
}

/** Amounts as written or before rounding (a fee's amount, an escalated amount), every decimal kept. */
export function exactOf(f: Figures): Money {
  return (v) => formatMoneyExact(v, f.currency);
}

/** Escapes text from the deal file for Markdown. */
export function md(text: string): string {
  return text.replace(/[\\`*_{}[\]<>|#]/g, (c) => `\\${c}`).replace(/\s*\n\s*/g, " ");
}

export function provenanceLines(p: Provenance): string[] {
  const out = [`Basis: **${p.basis}**${p.basis === "contract" && p.source === undefined ? " (default)" : ""}`];
  if (p.source !== undefined) out.push(`Source: ${md(p.source)}`);
  if (p.note !== undefined) out.push(`Note: ${md(p.note)}`);
  return out;
}

/** Why a hover shows no figures: the deal's own reason (`No figures: the deal's \`term\` cannot be read (...)`). */
export function noFigures(a: Analysis): string {
  return figuresStatus(a).detail ?? "No figures.";
}

export function caveat(a: Analysis): string[] {
  const status = figuresStatus(a);
  if (status.kind === "partial") return [`**⚠ ${status.label}**: ${status.detail}`, ""];
  const errors = a.diagnostics.filter((d) => d.severity === "error").length;
  if (errors === 0 && a.model?.complete !== false) return [];
  return [`_This file has ${plural(errors, "error")}: the figures leave out what could not be read._`, ""];
}

export function table(header: readonly string[], align: readonly ("l" | "r")[], rows: readonly (readonly string[])[]): string[] {
  return [`| ${header.join(" | ")} |`, `|${align.map((x) => (x === "r" ? " ---: " : " --- ")).join("|")}|`, ...rows.map((r) => `| ${r.join(" | ")} |`)];
}

/** At most MAX_TABLE_ROWS rows; the rest summarised in one row. */
export function capped(rows: (readonly string[])[], width: number, what: string): (readonly string[])[] {
  if (rows.length <= MAX_TABLE_ROWS) return rows;
  const rest = rows.length - MAX_TABLE_ROWS + 1;
  return [...rows.slice(0, MAX_TABLE_ROWS - 1), [`… ${plural(rest, `more ${what}`)}`, ...Array<string>(width - 1).fill("")]];
}
