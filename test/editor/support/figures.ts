/**
 * Expected figures for the editor tests, from outside the editor: the CLI's `totals --json` (the
 * stable JSON interface of docs/language.md), formatted with the engine's own money formatters, so
 * the editor must show exactly what the CLI computes.
 */
import { execFileSync } from "node:child_process";
import * as path from "node:path";

/** The repository root (this file runs from out/test/editor/support/). */
export const ROOT = path.resolve(__dirname, "..", "..", "..", "..");

export interface Figures {
  deal: string;
  currency: string;
  total: string;
  years: Record<string, string>;
  fees: Record<string, { total: string; periods: number; first: string; last: string }>;
}

/** A portfolio's figures, as `totals --json` gives them for a `*.portfolio.yaml` file (the part the tests read). */
export interface PortfolioFigures {
  portfolio: string;
  currency: string;
  total: string;
  years: Record<string, string>;
  providers: Record<string, { total: string; percent: string; deals: string[] }>;
}

function cliTotals(file: string): unknown {
  const cli = path.join(ROOT, "server", "out", "cli.js");
  // In the desktop VS Code, process.execPath is Electron: ELECTRON_RUN_AS_NODE makes it a plain Node.
  const out = execFileSync(process.execPath, [cli, "totals", "--json", file], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" },
    encoding: "utf8",
  });
  return JSON.parse(out);
}

export function cliFigures(file: string): Figures {
  return cliTotals(file) as Figures;
}

/** The base deal and its scenarios, as `dealspec scenarios --format json` gives them (the part the tests read). */
export interface Scenarios {
  currency: string;
  scenarios: { id: string; total: string; delta: { total: string } | null }[];
}

export function cliScenarios(file: string): Scenarios {
  const cli = path.join(ROOT, "server", "out", "cli.js");
  const out = execFileSync(process.execPath, [cli, "scenarios", "--format", "json", file], {
    env: { ...process.env, ELECTRON_RUN_AS_NODE: "1" },
    encoding: "utf8",
  });
  return JSON.parse(out) as Scenarios;
}

export function cliPortfolioFigures(file: string): PortfolioFigures {
  return cliTotals(file) as PortfolioFigures;
}

interface MoneyModule {
  Decimal: new (v: string) => unknown;
  formatMoney(value: unknown, currency: string): string;
  formatCompact(value: unknown, currency: string): string;
}
const money = require(path.join(ROOT, "out", "server", "src", "core", "money.js")) as MoneyModule;

/** `$43,750,000,000.00`: the exact form hovers show. */
export function exact(amount: string, currency: string): string {
  return money.formatMoney(new money.Decimal(amount), currency);
}

/** `$43.75B`: the compact form inline hints show. */
export function compact(amount: string, currency: string): string {
  return money.formatCompact(new money.Decimal(amount), currency);
}
