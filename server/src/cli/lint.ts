/** `dealspec lint`: check deal and portfolio files and report in the format CI or a person reads. */
import { parseArgs } from "node:util";
import { parseIsoDate, type Day } from "../core";
import type { ConfigFinder } from "./config";
import { kindOf, resolveTargets } from "./files";
import { fileLocation } from "./host";
import { lintContext, lintFile, type FileResult, type LintContext, type LintSettings } from "./lintFile";
import { lintOnWorkers, workerCount } from "./lintWorkers";
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, plural, UsageError, useColor, type Io } from "./io";
import { countSeverities, FORMATS, github, human, humanSummary, json, junit, sarif, stylish, type FileReport, type FormatName, type InputProblem, type LintReport } from "./reporters";

export const LINT_USAGE = `Usage: dealspec lint [options] [files, folders or globs]

Checks deal files and portfolio files (default: every *.deal.yaml, *.deal.yml,
*.portfolio.yaml and *.portfolio.yml under the current folder).

Options:
  --format NAME        stylish, human, json, sarif, github or junit
                       (default: stylish on a terminal, human otherwise)
  --max-warnings N     exit 1 when there are more than N warnings
  --quiet              report errors only
  --config FILE        use this configuration for every file instead of the
                       nearest dealspec.config.yaml
  --today DATE         warn (DS700) on each option whose exercise deadline
                       passed before DATE (YYYY-MM-DD) unexercised; without it
                       lint does not depend on the date
  --color, --no-color  force colour on or off (default: on a terminal, unless NO_COLOR)`;

export function lint(args: string[], io: Io, version: string): number | Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: {
      format: { type: "string" },
      "max-warnings": { type: "string" },
      quiet: { type: "boolean", default: false },
      config: { type: "string" },
      today: { type: "string" },
      color: { type: "boolean" },
      "no-color": { type: "boolean" },
    },
  });
  const format = (values.format ?? (io.isTTY ? "stylish" : "human")) as FormatName;
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`dealspec lint: unknown format \`${values.format}\`: use ${FORMATS.join(", ")}`);
  let maxWarnings: number | undefined;
  if (values["max-warnings"] !== undefined) {
    const text = values["max-warnings"];
    if (!/^\d+$/.test(text)) throw new UsageError(`dealspec lint: --max-warnings takes a whole number of warnings, such as 0, not \`${text}\``);
    maxWarnings = Number(text);
  }
  let today: Day | undefined;
  if (values.today !== undefined) {
    const p = parseIsoDate(values.today);
    if (!p.ok) throw new UsageError(`dealspec lint: --today takes a date written YYYY-MM-DD (${p.detail}), not \`${values.today}\``);
    today = p.day;
  }
  const color = useColor(io, values["no-color"] ? false : values.color);

  const problems: InputProblem[] = [];
  const settings: LintSettings = { cwd: io.cwd, ...(values.config !== undefined ? { config: values.config } : {}), ...(today !== undefined ? { today } : {}) };
  // One context for the run's main thread: a deal is read and analyzed once, whether it is linted itself, included by
  // portfolios, or both (when the run checks no portfolio, each deal's analysis is dropped once it is checked).
  const ctx = lintContext(settings);
  const { configs } = ctx;

  const { files, explicit, problems: argProblems } = resolveTargets(positionals, io.cwd, { portfolios: true });
  for (const p of argProblems) problems.push({ message: p.message });

  const checked: string[] = [];
  for (const file of files) {
    const ignoredBy = configs.ignores(file);
    if (ignoredBy) {
      if (explicit.has(file) && !values.quiet) io.err(`dealspec: ${file} is ignored by ${ignoredBy.file}`);
      continue;
    }
    checked.push(file);
  }
  const finish = (results: readonly FileResult[], unreadable: Iterable<readonly [string, string]>): number => {
    const reports: FileReport[] = [];
    for (const r of results) {
      if ("problem" in r) problems.push(r.problem);
      else {
        // Loads the file's configuration here too, so that its problems are reported below whichever thread checked the file.
        configs.forFile(r.report.file);
        reports.push(r.report);
      }
    }
    // A file a portfolio includes that exists but cannot be read (binary, too large, not UTF-8) is an input problem too.
    const reported = new Set(checked.map((f) => fileLocation(f, io.cwd)));
    for (const [location, problem] of unreadable) {
      if (!reported.has(location)) problems.push({ file: ctx.host.display(location), message: problem });
    }
    return report(reports, problems, configs, { values, format, maxWarnings, color, io, version });
  };

  // Deals' analyses are kept for the run only when portfolios may include them again.
  const keepDeals = checked.some((file) => kindOf(file) === "portfolio");
  const workers = workerCount(checked.length, io.env ?? {});
  if (workers === 0) {
    const run: LintContext = { ...ctx, keepDeals };
    return finish(checked.map((file) => lintFile(file, run)), ctx.host.unreadable());
  }
  return lintOnWorkers(checked, { ...settings, keepDeals }, workers).then((results) => {
    // Each thread lists what it found unreadable first; in the files' order, the first listing of each is the one a single thread makes.
    const unreadable = new Map<string, string>();
    for (const r of results) for (const [location, problem] of r.unreadable) if (!unreadable.has(location)) unreadable.set(location, problem);
    return finish(
      results.map((r) => r.result),
      unreadable,
    );
  });
}

interface ReportOptions {
  readonly values: { readonly quiet?: boolean };
  readonly format: FormatName;
  readonly maxWarnings: number | undefined;
  readonly color: boolean;
  readonly io: Io;
  readonly version: string;
}

/** Prints the reports in the chosen format, the input and configuration problems, and returns the exit code. */
function report(reports: FileReport[], problems: InputProblem[], configs: ConfigFinder, { values, format, maxWarnings, color, io, version }: ReportOptions): number {
  let configFailed = false;
  for (const c of configs.all()) {
    if (c.problems.length === 0) continue;
    configFailed = true;
    for (const line of c.problems) io.err(`dealspec: ${line}`);
  }

  const counts = countSeverities(reports);
  const tooManyWarnings = maxWarnings !== undefined && counts.warning > maxWarnings;
  const exitCode = problems.length > 0 || configFailed ? EXIT_USAGE : counts.error > 0 || tooManyWarnings ? EXIT_ERRORS : EXIT_OK;

  const shown: FileReport[] = values.quiet ? reports.map((r) => ({ ...r, diagnostics: r.diagnostics.filter((d) => d.severity === "error") })) : reports;
  const report: LintReport = { files: shown, problems, cwd: io.cwd, version, exitCode };
  const options = { color, docsBase: io.docsBase ?? "file:///" };

  // Input problems go to stderr, except in the formats that carry them (sarif, github, junit, stylish).
  const carries = format === "sarif" || format === "github" || format === "junit" || format === "stylish";
  if (!carries) for (const p of problems) io.err(`dealspec: ${p.message}`);
  let output: string;
  switch (format) {
    case "human":
      output = human(report);
      break;
    case "json":
      output = json(report);
      break;
    case "stylish":
      output = stylish(report, options);
      break;
    case "sarif":
      output = sarif(report, options);
      break;
    case "github":
      output = github(report);
      break;
    case "junit":
      output = junit(report);
      break;
  }
  if (output !== "") io.out(output);
  if (format === "human") io.err(humanSummary(report));
  if (tooManyWarnings) io.err(`dealspec: ${plural(counts.warning, "warning")} found, more than --max-warnings ${maxWarnings} allows`);
  return exitCode;
}
