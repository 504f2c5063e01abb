/** `dealspec scenarios` and `dealspec sensitivity`: what-ifs side by side, and the tornado data. */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { analyze, Decimal, formatMoney, hasErrors, readPercent, scenariosJson, sensitivity, sensitivityJson, type Analysis, type ScenarioColumnJson } from "../core";
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError, type Io } from "./io";
import { refusePortfolio } from "./load";

export const SCENARIOS_USAGE = `Usage: dealspec scenarios FILE [--format table|markdown|json|csv]

Prints the base deal and each of its scenarios side by side: total, payments
per year, run rate, NPV, exit exposure, and each scenario's difference from
the base. A scenario with errors shows no figures (run \`dealspec lint\`).`;

export const SENSITIVITY_USAGE = `Usage: dealspec sensitivity FILE [--step 10%] [--format table|json|markdown]

Prints how much each assumption moves the total and the NPV: each assumed
fee's amount or price -/+ the step (default 10%), its escalation rate -/+ 1
point, the discount rate -/+ 1 point, the capacity steps 3 months earlier and
later, and each option the other way. Sorted by the swing in NPV when the deal
has a discount rate, else in total. Each row is a generated scenario (shown
in the JSON), so the same scenario written in the file gives the same figures.`;

/**
 * Reads and analyzes the one deal file a command takes. A portfolio file is a
 * usage error, as for `schedule` and `export` (analysed as a deal, it would
 * show a portfolio without figures and errors `lint` does not report); `hint`
 * says where its figures are.
 */
function loadDeal(command: string, positionals: readonly string[], io: Io, hint: (file: string) => string): { file: string; analysis: Analysis } | number {
  if (positionals.length !== 1) throw new UsageError(`dealspec ${command}: name one deal file`);
  const file = positionals[0]!;
  refusePortfolio(command, file, hint);
  let text: string;
  try {
    text = readFileSync(path.resolve(io.cwd, file), "utf8");
  } catch (e) {
    io.err(`dealspec: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
    return EXIT_USAGE;
  }
  const analysis = analyze(text);
  if (hasErrors(analysis.diagnostics)) {
    const n = analysis.diagnostics.filter((d) => d.severity === "error").length;
    io.err(`dealspec: ${file} has ${n} ${n === 1 ? "error" : "errors"} (run \`dealspec lint ${file}\`); figures that cannot be computed are shown as missing`);
  }
  return { file, analysis };
}

function format(value: string | undefined, allowed: readonly string[], command: string): string {
  const f = value ?? allowed[0]!;
  if (!allowed.includes(f)) throw new UsageError(`dealspec ${command}: --format is one of ${allowed.join(", ")}`);
  return f;
}

/** Aligned columns: the first to the left, the others (amounts) to the right. */
function alignTable(rows: readonly (readonly string[])[]): string {
  const widths: number[] = [];
  for (const r of rows) r.forEach((c, i) => (widths[i] = Math.max(widths[i] ?? 0, [...c].length)));
  return rows.map((r) => r.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join("  ").trimEnd()).join("\n");
}

function markdownTable(rows: readonly (readonly string[])[]): string {
  const [head, ...body] = rows;
  const line = (r: readonly string[]) => `| ${r.map((c) => c.replace(/\|/g, "\\|")).join(" | ")} |`;
  return [line(head!), `| --- |${" ---: |".repeat(head!.length - 1)}`, ...body.map(line)].join("\n");
}

function csvText(rows: readonly (readonly string[])[]): string {
  const cell = (c: string) => (/[",\n]/.test(c) ? `"${c.replace(/"/g, '""')}"` : c);
  return rows.map((r) => r.map(cell).join(",")).join("\n");
}

/**
 * The figure rows of the side-by-side view, money as `show` writes it (`—`
 * where a figure is missing; a year without payments in a column that has
 * figures is zero). `sign` marks the deltas' sign (not in CSV).
 */
function comparisonRows(columns: readonly ScenarioColumnJson[], show: (v: string | null) => string, sign: boolean): string[][] {
  const years = [...new Set(columns.flatMap((c) => Object.keys(c.years)))].sort();
  const clauses = Math.max(0, ...columns.map((c) => c.exit_exposure.length));
  const digits = columns.find((c) => c.total !== null)?.total?.split(".")[1]?.length ?? 0;
  const zero = (0).toFixed(digits);
  const signed = (v: string | null) => (sign && v !== null && !v.startsWith("-") ? `+${show(v)}` : show(v));
  const rows: string[][] = [["", ...columns.map((c) => c.id)]];
  rows.push(["total", ...columns.map((c) => show(c.total) + (c.total !== null && !c.complete ? " (partial)" : ""))]);
  for (const y of years) rows.push([y, ...columns.map((c) => (c.total === null ? show(null) : show(c.years[y] ?? zero)))]);
  rows.push(["run rate", ...columns.map((c) => show(c.run_rate))]);
  if (columns.some((c) => c.npv !== null)) rows.push(["NPV", ...columns.map((c) => show(c.npv))]);
  for (let i = 0; i < clauses; i++) rows.push([clauses > 1 ? `exit exposure ${i + 1}` : "exit exposure", ...columns.map((c) => show(c.exit_exposure[i] ?? null))]);
  rows.push(["delta total", ...columns.map((c) => (c.delta === null ? "" : signed(c.delta.total)))]);
  if (columns.some((c) => c.npv !== null)) rows.push(["delta NPV", ...columns.map((c) => (c.delta === null ? "" : signed(c.delta.npv)))]);
  return rows;
}

export function scenarios(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: "string" } } });
  const fmt = format(values.format, ["table", "markdown", "json", "csv"], "scenarios");
  const loaded = loadDeal("scenarios", positionals, io, (file) => `scenarios are shown per deal: name one of its deal files, or run \`dealspec totals ${file}\`, which shows the portfolio's own scenarios side by side`);
  if (typeof loaded === "number") return loaded;
  const data = scenariosJson(loaded.analysis);
  const currency = data.currency;
  if (fmt === "json") io.out(JSON.stringify(data, null, 2));
  else if (fmt === "csv") io.out(csvText(comparisonRows(data.scenarios, (v) => v ?? "", false)));
  else {
    const show = (v: string | null) => (v === null || currency === null ? "—" : formatMoney(new Decimal(v), currency));
    const rows = comparisonRows(data.scenarios, show, true);
    if (data.scenarios.length === 1) io.err(`dealspec: ${loaded.file} has no scenarios`);
    io.out(fmt === "markdown" ? markdownTable(rows) : alignTable(rows));
  }
  return hasErrors(loaded.analysis.diagnostics) ? EXIT_ERRORS : EXIT_OK;
}

export function sensitivityCommand(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: "string" }, step: { type: "string" } } });
  const fmt = format(values.format, ["table", "json", "markdown"], "sensitivity");
  let step = new Decimal("0.1");
  if (values.step !== undefined) {
    const r = readPercent(values.step);
    if (!r.ok || r.value.rate.isZero()) throw new UsageError(`dealspec sensitivity: --step is a percentage above 0, such as 10% (got \`${values.step}\`)`);
    step = r.value.rate;
  }
  const loaded = loadDeal("sensitivity", positionals, io, () => "sensitivity is per deal: name one of its deal files");
  if (typeof loaded === "number") return loaded;
  const s = sensitivity(loaded.analysis, step);
  if (!s) {
    io.err(`dealspec: ${loaded.file} has no complete figures, so there is no sensitivity to compute`);
    return EXIT_ERRORS;
  }
  const data = sensitivityJson(loaded.analysis, s);
  if (fmt === "json") {
    io.out(JSON.stringify(data, null, 2));
  } else {
    const currency = data.currency!;
    const show = (v: string | null) => (v === null ? "—" : `${v.startsWith("-") ? "" : "+"}${formatMoney(new Decimal(v), currency)}`);
    const measure = data.measure === "npv" ? "NPV" : "total";
    const rows: string[][] = [["driver", "low", `Δ total`, `Δ NPV`, "high", `Δ total`, `Δ NPV`, `swing (${measure})`]];
    for (const d of data.drivers) {
      rows.push([
        d.driver,
        d.low.label,
        show(d.low.delta_total),
        show(d.low.delta_npv),
        d.high?.label ?? "",
        d.high ? show(d.high.delta_total) : "",
        d.high ? show(d.high.delta_npv) : "",
        formatMoney(new Decimal(d.swing), currency),
      ]);
    }
    if (data.drivers.length === 0) io.err(`dealspec: ${loaded.file} rests on no assumption, discount rate, capacity step or option to vary`);
    io.out(fmt === "markdown" ? markdownTable(rows) : alignTable(rows));
  }
  return hasErrors(loaded.analysis.diagnostics) ? EXIT_ERRORS : EXIT_OK;
}
