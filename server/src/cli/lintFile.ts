/**
 * Checking one file for `dealspec lint`: read, analyze (a deal or a
 * portfolio), add the policies' breaches and `--today`'s passed deadlines,
 * apply the configuration's rules and locate the diagnostics. The same code
 * runs in the main thread and in lint's worker threads (lintWorkers.ts).
 */
import { analyze, analyzePortfolio, applyRules, failedAnalysis, failedPortfolioAnalysis, passedDeadlineDiagnostics, type Day, type PolicySubject } from "../core";
import { ConfigFinder, loadConfig } from "./config";
import { kindOf } from "./files";
import { locate, type RelatedFiles } from "./format";
import { fileHost, fileLocation, type FileHost } from "./host";
import { policyBreaches, withBreaches } from "./policies";
import type { FileReport, InputProblem } from "./reporters";

/** What checking a file needs: one host (a deal is read and analyzed once per thread) and the configurations. */
export interface LintContext {
  readonly cwd: string;
  readonly configs: ConfigFinder;
  readonly host: FileHost;
  readonly related: RelatedFiles;
  readonly today?: Day;
  /** Whether each deal's analysis is kept for the rest of the run (see `LintSettings.keepDeals`). */
  readonly keepDeals: boolean;
}

/** How a thread sets up its context: the working folder, `--config` and `--today` as given. */
export interface LintSettings {
  readonly cwd: string;
  readonly config?: string;
  readonly today?: Day;
  /**
   * Whether each deal's analysis is kept for the rest of the run (default
   * true): a run that checks portfolios analyzes each deal once, whether it is
   * checked itself, included by portfolios, or both; a run of deals alone
   * drops each deal's analysis once it is checked, so that memory does not
   * grow with the number of files.
   */
  readonly keepDeals?: boolean;
}

export function lintContext(settings: LintSettings): LintContext {
  const fixed = settings.config !== undefined ? loadConfig(settings.config, settings.cwd) : undefined;
  const host = fileHost(settings.cwd);
  const related: RelatedFiles = (uri) => {
    const r = uri.startsWith("file:") ? host.read(uri) : undefined;
    return r && "text" in r ? { file: host.display(uri), text: r.text } : undefined;
  };
  return {
    cwd: settings.cwd,
    configs: new ConfigFinder(settings.cwd, fixed),
    host,
    related,
    keepDeals: settings.keepDeals ?? true,
    ...(settings.today !== undefined ? { today: settings.today } : {}),
  };
}

/** A file's report, or why it could not be read. Plain data, so that a worker can send it. */
export type FileResult = { readonly report: FileReport } | { readonly problem: InputProblem };

export function lintFile(file: string, ctx: LintContext): FileResult {
  const { configs, host, today } = ctx;
  const location = fileLocation(file, ctx.cwd);
  const read = host.read(location);
  if ("problem" in read) return { problem: { file, message: read.problem, ...(read.code ? { code: read.code } : {}) } };
  const config = configs.forFile(file)?.config;
  const portfolio = kindOf(file) === "portfolio";
  let subject: PolicySubject;
  try {
    subject = portfolio ? { kind: "portfolio", analysis: analyzePortfolio(read.text, location, host) } : { kind: "deal", analysis: host.deal(location) ?? analyze(read.text) };
  } catch (e) {
    // An analysis that throws is a bug in Dealspec: the file gets DS199, an error (so the run fails), and the other files are still checked.
    subject = portfolio ? { kind: "portfolio", analysis: failedPortfolioAnalysis(read.text, location, e) } : { kind: "deal", analysis: failedAnalysis(read.text, e) };
  }
  // The value limits of the configuration's policies, reported on the file's lines like its own diagnostics.
  // With --today: the passed deadlines of a deal's unexercised options (DS700).
  const dated = today !== undefined && subject.kind === "deal" ? [...subject.analysis.diagnostics, ...passedDeadlineDiagnostics(subject.analysis, today)] : subject.analysis.diagnostics;
  const found = withBreaches(dated, policyBreaches(configs, file, ctx.cwd, subject));
  const diagnostics = config ? applyRules(found, config) : found;
  if (subject.kind === "deal" && !ctx.keepDeals) host.invalidate(location);
  return { report: { file, text: read.text, diagnostics: locate(diagnostics, read.text, file, ctx.related) } };
}
