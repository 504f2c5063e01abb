/**
 * The output formats of `dealspec lint`: human, stylish, json, sarif, github
 * and junit. Each takes the same report and returns the text for stdout.
 */
import { pathToFileURL } from "node:url";
import { CODES, codeAnchor, LineIndex, type DiagnosticCode, type Severity } from "../core";
import type { LocatedDiagnostic } from "./format";

export const FORMATS = ["stylish", "human", "json", "sarif", "github", "junit"] as const;
export type FormatName = (typeof FORMATS)[number];

export interface FileReport {
  /** As shown: relative to the working folder. */
  readonly file: string;
  readonly text: string;
  readonly diagnostics: readonly LocatedDiagnostic[];
}

/** A file or argument that could not be linted (unreadable, binary, too large, nothing found). */
export interface InputProblem {
  readonly file?: string;
  readonly message: string;
  /** Set when the file is there but is not a deal file's text (DS104 too large, DS110 not UTF-8): reported as the file's diagnostic too. */
  readonly code?: DiagnosticCode;
}

export interface LintReport {
  readonly files: readonly FileReport[];
  readonly problems: readonly InputProblem[];
  readonly cwd: string;
  readonly version: string;
  readonly exitCode: number;
}

export interface ReportOptions {
  readonly color: boolean;
  /** Base URI of the documentation folder, ending in `/`. */
  readonly docsBase: string;
}

export function countSeverities(files: readonly FileReport[]): Record<Severity, number> {
  const counts = { error: 0, warning: 0, info: 0 };
  for (const f of files) for (const d of f.diagnostics) counts[d.severity]++;
  return counts;
}

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? "" : "s"}`;

/** The one-line-per-diagnostic format: `file:line:col  severity  CODE  message`. */
export function human(report: LintReport): string {
  const lines: string[] = [];
  for (const f of report.files) for (const d of f.diagnostics) lines.push(`${f.file}:${d.line}:${d.column}  ${d.severity}  ${d.code}  ${d.message}`);
  return lines.join("\n");
}

/** The summary line the human format prints on stderr. */
export function humanSummary(report: LintReport): string {
  const c = countSeverities(report.files);
  return `${plural(report.files.length, "file")} checked: ${plural(c.error, "error")}, ${plural(c.warning, "warning")}`;
}

export function json(report: LintReport): string {
  // A file that could not be read as text is an entry with one diagnostic at its start, so a JSON reader sees why.
  const unreadable = report.problems.flatMap((p) =>
    p.file !== undefined && p.code !== undefined
      ? [{ file: p.file, diagnostics: [{ code: p.code, severity: "error", message: p.message, line: 1, column: 1, endLine: 1, endColumn: 1 }] }]
      : [],
  );
  return JSON.stringify([...report.files.map((f) => ({ file: f.file, diagnostics: f.diagnostics })), ...unreadable], null, 2);
}

// ---------------------------------------------------------------- stylish

interface Paint {
  bold(s: string): string;
  dim(s: string): string;
  red(s: string): string;
  yellow(s: string): string;
  blue(s: string): string;
  green(s: string): string;
  underline(s: string): string;
}

function paint(enabled: boolean): Paint {
  const wrap = (open: number, close: number) => (s: string) => (enabled && s !== "" ? `\u001b[${open}m${s}\u001b[${close}m` : s);
  return { bold: wrap(1, 22), dim: wrap(2, 22), red: wrap(31, 39), yellow: wrap(33, 39), blue: wrap(34, 39), green: wrap(32, 39), underline: wrap(4, 24) };
}

/** Spaces that line up with `text` up to UTF-16 column `upto` (tabs kept, one space per code point). */
function padTo(text: string, upto: number): string {
  let out = "";
  for (let i = 0; i < upto && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c >= 0xdc00 && c <= 0xdfff) continue;
    out += text[i] === "\t" ? "\t" : " ";
  }
  return out + " ".repeat(Math.max(0, upto - text.length));
}

function caretCount(text: string, from: number, to: number): number {
  let n = 0;
  for (let i = from; i < to && i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (!(c >= 0xdc00 && c <= 0xdfff)) n++;
  }
  return Math.max(1, n + Math.max(0, to - Math.max(from, text.length)));
}

const MAX_FRAME_LINES = 4;

function codeFrame(index: LineIndex, d: LocatedDiagnostic, p: Paint, mark: (s: string) => string): string[] {
  const first = d.line - 1;
  let last = d.endLine - 1;
  // A range that ends at the start of a line ends, for display, on the line before.
  if (last > first && d.endColumn === 1) last--;
  const shownLast = Math.min(last, first + MAX_FRAME_LINES - 1);
  const from = Math.max(0, first - 1);
  const to = Math.min(index.lineCount - 1, shownLast + 1);
  const width = String(to + 1).length;
  const out: string[] = [];
  for (let l = from; l <= to; l++) {
    const text = index.lineText(l);
    const inRange = l >= first && l <= shownLast;
    const gutter = `${inRange ? mark(">") : " "} ${p.dim(`${String(l + 1).padStart(width)} |`)}`;
    out.push(`${gutter}${text === "" ? "" : ` ${text}`}`);
    if (inRange) {
      const start = l === first ? d.column - 1 : text.length - text.trimStart().length;
      const end = l === last ? (l === d.endLine - 1 ? d.endColumn - 1 : text.length) : text.length;
      const carets = end > start ? caretCount(text, start, end) : 1;
      out.push(`  ${p.dim(`${" ".repeat(width)} |`)} ${padTo(text, start)}${mark("^".repeat(carets))}`);
    }
  }
  if (shownLast < last) out.push(`  ${p.dim(`${" ".repeat(width)} |`)} ${p.dim(`... ${plural(last - shownLast, "more line")}`)}`);
  return out;
}

/** Grouped by file, each diagnostic with a code frame, then a summary line. */
export function stylish(report: LintReport, options: ReportOptions): string {
  const p = paint(options.color);
  const lines: string[] = [];
  const sev = (s: Severity) => (s === "error" ? p.red : s === "warning" ? p.yellow : p.blue);
  for (const f of report.files) {
    if (f.diagnostics.length === 0) continue;
    const index = new LineIndex(f.text);
    lines.push(p.underline(f.file));
    for (const d of f.diagnostics) {
      const mark = sev(d.severity);
      lines.push(`  ${p.dim(`${d.line}:${d.column}`)}  ${mark(d.severity)}  ${d.message}  ${p.dim(d.code)}`);
      lines.push("");
      lines.push(...codeFrame(index, d, p, mark).map((l) => `  ${l}`));
      for (const r of d.related ?? []) lines.push(`  ${p.dim(`↳ ${r.file}:${r.line}:${r.column}`)}  ${r.message}`);
      lines.push("");
    }
  }
  for (const problem of report.problems) lines.push(`${p.red("✖")} ${problem.message}`);
  if (report.problems.length > 0) lines.push("");
  const c = countSeverities(report.files);
  const total = c.error + c.warning + c.info;
  const withProblems = report.files.filter((f) => f.diagnostics.length > 0).length;
  const checked = plural(report.files.length, "file");
  if (total === 0) {
    lines.push(`${report.problems.length > 0 ? p.yellow("!") : p.green("✔")} ${checked} checked, no problems`);
  } else {
    const parts = [plural(c.error, "error"), plural(c.warning, "warning")];
    if (c.info > 0) parts.push(plural(c.info, "info"));
    const mark = c.error > 0 ? p.red : c.warning > 0 ? p.yellow : p.blue;
    lines.push(mark(p.bold(`✖ ${plural(total, "problem")} (${parts.join(", ")}) in ${plural(withProblems, "file")}, ${checked} checked`)));
  }
  return lines.join("\n");
}

// ---------------------------------------------------------------- github

function escapeData(s: string): string {
  return s.replace(/%/g, "%25").replace(/\r/g, "%0D").replace(/\n/g, "%0A");
}

function escapeProperty(s: string): string {
  return escapeData(s).replace(/:/g, "%3A").replace(/,/g, "%2C");
}

const GITHUB_LEVEL: Record<Severity, string> = { error: "error", warning: "warning", info: "notice" };

/** GitHub Actions workflow commands, one annotation per diagnostic. */
export function github(report: LintReport): string {
  const lines: string[] = [];
  for (const f of report.files) {
    const file = escapeProperty(f.file.split("\\").join("/"));
    for (const d of f.diagnostics) {
      lines.push(
        `::${GITHUB_LEVEL[d.severity]} file=${file},line=${d.line},col=${d.column},endLine=${d.endLine},endColumn=${d.endColumn},title=${escapeProperty(d.code)}::${escapeData(d.message)}`,
      );
    }
  }
  for (const p of report.problems) {
    lines.push(`::error ${p.file ? `file=${escapeProperty(p.file.split("\\").join("/"))},` : ""}title=dealspec::${escapeData(p.message)}`);
  }
  return lines.join("\n");
}

// ---------------------------------------------------------------- sarif

const SARIF_LEVEL: Record<Severity, "error" | "warning" | "note"> = { error: "error", warning: "warning", info: "note" };

export function helpUri(code: DiagnosticCode, docsBase: string): string {
  return new URL(codeAnchor(code), docsBase).href;
}

function artifactUri(file: string): string {
  return file
    .split(/[\\/]/)
    .map((s) => encodeURIComponent(s))
    .join("/");
}

/** A SARIF 2.1.0 log with one run: every rule, and one result per diagnostic. */
export function sarif(report: LintReport, options: ReportOptions): string {
  const codes = Object.keys(CODES) as DiagnosticCode[];
  const ruleIndex = new Map(codes.map((c, i) => [c, i]));
  const results: unknown[] = [];
  for (const f of report.files) {
    const index = new LineIndex(f.text);
    for (const d of f.diagnostics) {
      const relatedLocations = (d.related ?? []).map((r, id) => ({
        id,
        message: { text: r.message },
        physicalLocation: {
          artifactLocation: { uri: artifactUri(r.file), uriBaseId: "SRCROOT" },
          region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn },
        },
      }));
      const charOffset = index.offset({ line: d.line - 1, character: d.column - 1 });
      const charEnd = index.offset({ line: d.endLine - 1, character: d.endColumn - 1 });
      results.push({
        ruleId: d.code,
        ruleIndex: ruleIndex.get(d.code as DiagnosticCode),
        level: SARIF_LEVEL[d.severity],
        message: { text: d.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: artifactUri(f.file), uriBaseId: "SRCROOT" },
              region: { startLine: d.line, startColumn: d.column, endLine: d.endLine, endColumn: d.endColumn, charOffset, charLength: Math.max(0, charEnd - charOffset) },
            },
          },
        ],
        ...(relatedLocations.length > 0 ? { relatedLocations } : {}),
      });
    }
  }
  const cwdUri = pathToFileURL(report.cwd).href;
  const log = {
    $schema: "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
    version: "2.1.0",
    runs: [
      {
        tool: {
          driver: {
            name: "dealspec",
            semanticVersion: report.version,
            informationUri: new URL("cli.md", options.docsBase).href,
            rules: codes.map((code) => ({
              id: code,
              shortDescription: { text: CODES[code].title },
              helpUri: helpUri(code, options.docsBase),
              defaultConfiguration: { level: SARIF_LEVEL[CODES[code].severity] },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: cwdUri.endsWith("/") ? cwdUri : `${cwdUri}/` } },
        columnKind: "utf16CodeUnits",
        invocations: [
          {
            executionSuccessful: report.problems.length === 0,
            exitCode: report.exitCode,
            toolExecutionNotifications: report.problems.map((p) => ({
              level: "error",
              message: { text: p.message },
              ...(p.file ? { locations: [{ physicalLocation: { artifactLocation: { uri: artifactUri(p.file), uriBaseId: "SRCROOT" } } }] } : {}),
            })),
          },
        ],
        results,
      },
    ],
  };
  return JSON.stringify(log, null, 2);
}

// ---------------------------------------------------------------- junit

function xml(s: string): string {
  return s
    .replace(/[^\t\n\r\u0020-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/gu, "\uFFFD")
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;");
}

/**
 * JUnit XML: one test suite per file, one test case per diagnostic (errors
 * fail, warnings and infos pass with their text in system-out), a passing
 * case for a clean file, and an erroring case for a file that could not be read.
 */
export function junit(report: LintReport): string {
  const suites: string[] = [];
  let tests = 0;
  let failures = 0;
  let errors = 0;
  for (const f of report.files) {
    const cases: string[] = [];
    let suiteFailures = 0;
    for (const d of f.diagnostics) {
      const name = xml(`${d.code} ${d.line}:${d.column}`);
      const text = xml(`${f.file}:${d.line}:${d.column}  ${d.severity}  ${d.code}  ${d.message}`);
      if (d.severity === "error") {
        suiteFailures++;
        cases.push(`    <testcase classname="${xml(f.file)}" name="${name}"><failure message="${xml(d.message)}" type="${d.code}">${text}</failure></testcase>`);
      } else {
        cases.push(`    <testcase classname="${xml(f.file)}" name="${name}"><system-out>${text}</system-out></testcase>`);
      }
    }
    if (f.diagnostics.length === 0) cases.push(`    <testcase classname="${xml(f.file)}" name="${xml(f.file)}"/>`);
    tests += cases.length;
    failures += suiteFailures;
    suites.push(`  <testsuite name="${xml(f.file)}" tests="${cases.length}" failures="${suiteFailures}" errors="0" skipped="0">\n${cases.join("\n")}\n  </testsuite>`);
  }
  if (report.problems.length > 0) {
    const cases = report.problems.map(
      (p) => `    <testcase classname="dealspec" name="${xml(p.file ?? "input")}"><error message="${xml(p.message)}" type="input">${xml(p.message)}</error></testcase>`,
    );
    tests += cases.length;
    errors += cases.length;
    suites.push(`  <testsuite name="dealspec input" tests="${cases.length}" failures="0" errors="${cases.length}" skipped="0">\n${cases.join("\n")}\n  </testsuite>`);
  }
  return [
    `<?xml version="1.0" encoding="UTF-8"?>`,
    `<testsuites name="dealspec lint" tests="${tests}" failures="${failures}" errors="${errors}">`,
    ...suites,
    `</testsuites>`,
  ].join("\n");
}
