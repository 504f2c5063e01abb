/**
 * `dealspec`: the command-line front end over the engine. Lints deal and
 * portfolio files and prints their figures. Exit codes: 0 clean (warnings allowed), 1 when a
 * file has an error, 2 for usage or I/O problems.
 */
import { parseArgs } from "node:util";
import { dealJsonSchema, figuresJson, hasErrors, portfolioFiguresJson, portfolioJsonSchema, type Analysis } from "../core";
import { calendar, CALENDAR_USAGE } from "./calendar";
import { diff, DIFF_USAGE } from "./diff";
import { exportCommand, EXPORT_USAGE } from "./export";
import { resolveTargets } from "./files";
import { figuresText, portfolioFiguresText } from "./format";
import { init, INIT_USAGE } from "./init";
import { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, UsageError, type Io } from "./io";
import { lint, LINT_USAGE } from "./lint";
import { loadFiles } from "./load";
import { scenarios, SCENARIOS_USAGE, sensitivityCommand, SENSITIVITY_USAGE } from "./scenarios";
import { schedule, SCHEDULE_USAGE } from "./schedule";

export { EXIT_ERRORS, EXIT_OK, EXIT_USAGE, type Io } from "./io";

const USAGE = `Usage: dealspec <command> [options] [files]

Commands:
  lint [paths...]            check deal and portfolio files (default: every *.deal.yaml and
                             *.portfolio.yaml under the current folder)
      --format NAME          stylish, human, json, sarif, github or junit
      --max-warnings N       exit 1 when there are more than N warnings
      --quiet                report errors only
  totals [--json] FILE...    print the computed figures of deal and portfolio files
      --scenario ID          the figures of one scenario of a deal file
  scenarios FILE             the base deal and its scenarios side by side
      --format table|markdown|json|csv
  sensitivity FILE           how much each assumption moves the total and NPV
      --step 10%, --format table|json|markdown
  schedule FILE              print the payment schedule behind the figures
      --format table|csv|json, --by month|quarter|year
  calendar [paths...]        key dates (deadlines, notice, escalations, steps) as iCalendar
      --format ics|json|table, --alarm 30d,7d, --today DATE, -o FILE
  diff [--base REV] [paths]  compare figures and terms at a git revision with the working tree,
                             and check the policies of dealspec.config.yaml
      --format markdown|json, or a lint format for the breached policies
  export FILE --format F     a deal as an Excel workbook (xlsx) or FinOps FOCUS rows (focus)
      -o OUT
  schema                     print the JSON Schema (draft 2020-12) of deal (or portfolio) files
  init NAME [--portfolio]    write NAME.deal.yaml (or NAME.portfolio.yaml), a commented template

Options:
  -h, --help                 show this help (\`dealspec <command> --help\` for a command's)
  -v, --version              show the version

Exit codes: 0 no errors, 1 a file has errors, 2 usage or I/O problem.
Documentation: docs/cli.md.`;

const TOTALS_USAGE = `Usage: dealspec totals [--json] [--scenario ID] FILE...

Prints the computed figures of deal files (*.deal.yaml) and portfolio files
(*.portfolio.yaml: totals by year and provider, shares, HHI, firm commitment,
capacity in force); --json prints the stable JSON shapes (one object for one
file, an array for several, in argument order). --scenario ID prints the
figures of that scenario of each deal file instead (its JSON adds "delta").`;

const SCHEMA_USAGE = `Usage: dealspec schema [--portfolio]

Prints the JSON Schema (draft 2020-12) of deal files (with --portfolio: of
portfolio files), generated from the engine's schema; editors and
yaml-language-server use it for completion and validation.`;

function totals(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: "boolean", default: false }, scenario: { type: "string" } } });
  if (positionals.length === 0) throw new UsageError("dealspec totals: name at least one deal or portfolio file");
  const scenario = values.scenario;
  const { files, problems } = resolveTargets(positionals, io.cwd, { portfolios: true });
  for (const p of problems) io.err(`dealspec: ${p.message}`);
  const { loaded, failed } = loadFiles(files, io);
  let anyError = false;
  for (const { file, analysis } of loaded) {
    if (hasErrors(analysis.diagnostics)) {
      anyError = true;
      const n = analysis.diagnostics.filter((d) => d.severity === "error").length;
      io.err(`dealspec: ${file} has ${n} ${n === 1 ? "error" : "errors"} (run \`dealspec lint ${file}\`); figures below leave out what could not be read`);
    }
  }
  if (scenario !== undefined) {
    const missing = loaded.filter((l) => l.kind !== "deal" || !l.analysis.scenarios.some((r) => r.id === scenario));
    for (const l of missing) io.err(`dealspec: ${l.file} has no scenario \`${scenario}\`${l.kind === "deal" && l.analysis.scenarios.length > 0 ? ` (its scenarios: ${l.analysis.scenarios.map((r) => r.id).join(", ")})` : ""}`);
    if (missing.length > 0) return EXIT_USAGE;
  }
  if (values.json) {
    const out = loaded.map((l) => (l.kind === "portfolio" ? portfolioFiguresJson(l.analysis) : scenario !== undefined ? (figuresJson(l.analysis).scenarios?.[scenario] ?? null) : figuresJson(l.analysis)));
    io.out(JSON.stringify(positionals.length === 1 && out.length === 1 && files.length === 1 ? out[0] : out, null, 2));
  } else {
    io.out(loaded.map((l) => (l.kind === "portfolio" ? portfolioFiguresText(l.file, l.analysis) : scenario !== undefined ? scenarioText(l.file, l.analysis, scenario) : figuresText(l.file, l.analysis))).join("\n\n"));
  }
  if (problems.length > 0 || failed) return EXIT_USAGE;
  return anyError ? EXIT_ERRORS : EXIT_OK;
}

/** One scenario's figures as readable text: the deal's figures as the scenario changes them. */
function scenarioText(file: string, a: Analysis, id: string): string {
  const r = a.scenarios.find((s) => s.id === id)!;
  if (!r.figures || !r.model) return `${file}: scenario ${id}\n  no figures: the scenario has errors (run \`dealspec lint ${file}\`)`;
  const text = figuresText(`${file} (scenario ${id}${r.label ? `: ${r.label}` : ""})`, { ...a, model: r.model, figures: r.figures, scenarios: [], scenarioExpectations: [] });
  return `${text}\n  changes\n${r.applied.map((line) => `    ${line}`).join("\n")}`;
}

function schema(args: string[], io: Io): number {
  const portfolio = args[0] === "--portfolio";
  const extra = args.slice(portfolio ? 1 : 0);
  if (extra.length > 0) throw new UsageError(`dealspec schema: takes only \`--portfolio\`, got \`${extra[0]}\``);
  io.out(JSON.stringify(portfolio ? portfolioJsonSchema() : dealJsonSchema(), null, 2));
  return EXIT_OK;
}

const COMMANDS: Record<string, { usage: string; run: (args: string[], io: Io) => number | Promise<number> }> = {
  lint: { usage: LINT_USAGE, run: (args, io) => lint(args, io, VERSION) },
  totals: { usage: TOTALS_USAGE, run: totals },
  schedule: { usage: SCHEDULE_USAGE, run: schedule },
  diff: { usage: DIFF_USAGE, run: (args, io) => diff(args, io, VERSION) },
  calendar: { usage: CALENDAR_USAGE, run: calendar },
  export: { usage: EXPORT_USAGE, run: exportCommand },
  schema: { usage: SCHEMA_USAGE, run: schema },
  init: { usage: INIT_USAGE, run: init },
  scenarios: { usage: SCENARIOS_USAGE, run: scenarios },
  sensitivity: { usage: SENSITIVITY_USAGE, run: sensitivityCommand },
};

/** Runs a command: a number, or a promise of one for the commands that write files asynchronously (`export`). */
export function run(argv: readonly string[], io: Io): number | Promise<number> {
  const [command, ...rest] = argv;
  if (command === undefined) {
    io.err(USAGE);
    return EXIT_USAGE;
  }
  if (command === "-v" || command === "--version") {
    io.out(VERSION);
    return EXIT_OK;
  }
  if (command === "-h" || command === "--help" || command === "help") {
    const topic = command === "help" ? rest[0] : undefined;
    io.out(topic !== undefined && Object.hasOwn(COMMANDS, topic) ? COMMANDS[topic]!.usage : USAGE);
    return EXIT_OK;
  }
  const cmd = Object.hasOwn(COMMANDS, command) ? COMMANDS[command] : undefined;
  if (!cmd) {
    io.err(`dealspec: unknown command \`${command}\`\n\n${USAGE}`);
    return EXIT_USAGE;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.out(cmd.usage);
    return EXIT_OK;
  }
  const usageError = (e: unknown): number => {
    if (e instanceof UsageError) {
      io.err(`${e.message}\n\n${cmd.usage}`);
      return EXIT_USAGE;
    }
    if ((e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.err(`dealspec ${command}: ${(e as Error).message}\n\n${cmd.usage}`);
      return EXIT_USAGE;
    }
    throw e;
  };
  try {
    const code = cmd.run(rest, io);
    return typeof code === "number" ? code : code.catch(usageError);
  } catch (e) {
    return usageError(e);
  }
}

declare const DEALSPEC_VERSION: string | undefined;
const VERSION = typeof DEALSPEC_VERSION === "string" ? DEALSPEC_VERSION : "0.0.0-dev";
