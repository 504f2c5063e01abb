/**
 * `dealspec`: the command-line front end over the engine. Lints deal files
 * and prints their figures. Exit codes: 0 clean (warnings allowed), 1 when a
 * file has an error, 2 for usage or I/O problems.
 */
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { parseArgs } from "node:util";
import { analyze, figuresJson, hasErrors, type Analysis } from "../core";
import { resolveTargets } from "./files";
import { figuresText, locate } from "./format";

export const EXIT_OK = 0;
export const EXIT_ERRORS = 1;
export const EXIT_USAGE = 2;

export interface Io {
  readonly cwd: string;
  out(text: string): void;
  err(text: string): void;
}

const USAGE = `Usage: dealspec <command> [options] [files]

Commands:
  lint [paths...]           check deal files (default: **/*.deal.yaml under the current folder)
      --format human|json   output format (default human)
  totals [--json] FILE...   print the computed figures of deal files

Options:
  -h, --help                show this help
  -v, --version             show the version

Exit codes: 0 no errors, 1 a file has errors, 2 usage or I/O problem.`;

interface Loaded {
  readonly file: string;
  readonly analysis: Analysis;
}

function load(files: readonly string[], io: Io): { loaded: Loaded[]; failed: boolean } {
  const loaded: Loaded[] = [];
  let failed = false;
  for (const file of files) {
    let text: string;
    try {
      text = readFileSync(path.resolve(io.cwd, file), "utf8");
    } catch (e) {
      io.err(`dealspec: cannot read ${file}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`);
      failed = true;
      continue;
    }
    loaded.push({ file, analysis: analyze(text) });
  }
  return { loaded, failed };
}

function lint(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { format: { type: "string", default: "human" } } });
  const format = values.format;
  if (format !== "human" && format !== "json") {
    io.err(`dealspec lint: unknown format \`${format}\`: use human or json`);
    return EXIT_USAGE;
  }
  const { files, problems } = resolveTargets(positionals, io.cwd);
  for (const p of problems) io.err(`dealspec: ${p.message}`);
  const { loaded, failed } = load(files, io);
  let anyError = false;
  const report: unknown[] = [];
  for (const { file, analysis } of loaded) {
    if (hasErrors(analysis.diagnostics)) anyError = true;
    const located = locate(analysis.diagnostics, analysis.text);
    if (format === "json") {
      report.push({ file, diagnostics: located });
    } else {
      for (const d of located) io.out(`${file}:${d.line}:${d.column}  ${d.severity}  ${d.code}  ${d.message}`);
    }
  }
  if (format === "json") io.out(JSON.stringify(report, null, 2));
  else {
    const counts = { error: 0, warning: 0, info: 0 };
    for (const { analysis } of loaded) for (const d of analysis.diagnostics) counts[d.severity]++;
    io.err(`${loaded.length} ${loaded.length === 1 ? "file" : "files"} checked: ${counts.error} ${counts.error === 1 ? "error" : "errors"}, ${counts.warning} ${counts.warning === 1 ? "warning" : "warnings"}`);
  }
  if (problems.length > 0 || failed) return EXIT_USAGE;
  return anyError ? EXIT_ERRORS : EXIT_OK;
}

function totals(args: string[], io: Io): number {
  const { values, positionals } = parseArgs({ args, allowPositionals: true, options: { json: { type: "boolean", default: false } } });
  if (positionals.length === 0) {
    io.err("dealspec totals: name at least one deal file");
    return EXIT_USAGE;
  }
  const { files, problems } = resolveTargets(positionals, io.cwd);
  for (const p of problems) io.err(`dealspec: ${p.message}`);
  const { loaded, failed } = load(files, io);
  let anyError = false;
  for (const { file, analysis } of loaded) {
    if (hasErrors(analysis.diagnostics)) {
      anyError = true;
      const n = analysis.diagnostics.filter((d) => d.severity === "error").length;
      io.err(`dealspec: ${file} has ${n} ${n === 1 ? "error" : "errors"} (run \`dealspec lint ${file}\`); figures below leave out what could not be read`);
    }
  }
  if (values.json) {
    const out = loaded.map(({ analysis }) => figuresJson(analysis));
    io.out(JSON.stringify(positionals.length === 1 && out.length === 1 && files.length === 1 ? out[0] : out, null, 2));
  } else {
    io.out(loaded.map(({ file, analysis }) => figuresText(file, analysis)).join("\n\n"));
  }
  if (problems.length > 0 || failed) return EXIT_USAGE;
  return anyError ? EXIT_ERRORS : EXIT_OK;
}

export function run(argv: readonly string[], io: Io): number {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "lint":
        return lint(rest, io);
      case "totals":
        return totals(rest, io);
      case "-v":
      case "--version":
        io.out(VERSION);
        return EXIT_OK;
      case undefined:
      case "-h":
      case "--help":
      case "help":
        (command === undefined ? io.err : io.out)(USAGE);
        return command === undefined ? EXIT_USAGE : EXIT_OK;
      default:
        io.err(`dealspec: unknown command \`${command}\`\n\n${USAGE}`);
        return EXIT_USAGE;
    }
  } catch (e) {
    if ((e as { code?: string }).code?.startsWith("ERR_PARSE_ARGS")) {
      io.err(`dealspec: ${(e as Error).message}\n\n${USAGE}`);
      return EXIT_USAGE;
    }
    throw e;
  }
}

declare const DEALSPEC_VERSION: string | undefined;
const VERSION = typeof DEALSPEC_VERSION === "string" ? DEALSPEC_VERSION : "0.0.0-dev";
