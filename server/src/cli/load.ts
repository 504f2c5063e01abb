/** Reading the deal and portfolio files a command names, for the commands that print figures or dates. */
import { analyze, analyzePortfolio, type Analysis, type PortfolioAnalysis } from "../core";
import { kindOf, readDealFile, resolveTargets } from "./files";
import { fileHost, fileLocation, type FileHost } from "./host";
import { EXIT_USAGE, UsageError, type Io } from "./io";

export type Loaded =
  | { readonly kind: "deal"; readonly file: string; readonly analysis: Analysis }
  | { readonly kind: "portfolio"; readonly file: string; readonly analysis: PortfolioAnalysis };

/**
 * Reads and analyzes deal and portfolio files, in order, over one host: each
 * deal is analyzed once. A file that cannot be read, or that a portfolio
 * includes and cannot be read, is reported on stderr and sets `failed`.
 */
export function loadFiles(files: readonly string[], io: Io): { loaded: Loaded[]; failed: boolean; host: FileHost } {
  const host = fileHost(io.cwd);
  const loaded: Loaded[] = [];
  let failed = false;
  for (const file of files) {
    const location = fileLocation(file, io.cwd);
    const read = host.read(location);
    if ("problem" in read) {
      io.err(`dealspec: ${read.problem}`);
      failed = true;
      continue;
    }
    if (kindOf(file) === "portfolio") loaded.push({ kind: "portfolio", file, analysis: analyzePortfolio(read.text, location, host) });
    else loaded.push({ kind: "deal", file, analysis: host.deal(location) ?? analyze(read.text) });
  }
  for (const [location, problem] of host.unreadable()) {
    if (!files.some((f) => fileLocation(f, io.cwd) === location)) {
      io.err(`dealspec: ${problem} (a portfolio includes it)`);
      failed = true;
    }
  }
  return { loaded, failed, host };
}

/** A per-deal command's usage error for a portfolio file, `hint` saying what to do instead. */
export function refusePortfolio(command: string, file: string, hint: (file: string) => string): void {
  if (kindOf(file) === "portfolio") throw new UsageError(`dealspec ${command}: ${file} is a portfolio file; ${hint(file)}`);
}

/**
 * The one deal file a per-deal command (`schedule`, `export`) is given, read
 * and analyzed; or the exit code after saying why not (a usage error is
 * thrown for the wrong number of arguments and for a portfolio, with
 * `portfolioHint` saying what to do instead).
 */
export function loadOneDeal(command: string, positionals: readonly string[], io: Io, portfolioHint: (file: string) => string): { file: string; analysis: Analysis } | number {
  if (positionals.length !== 1) throw new UsageError(`dealspec ${command}: name exactly one deal file`);
  const { files, problems } = resolveTargets([...positionals], io.cwd);
  for (const p of problems) io.err(`dealspec: ${p.message}`);
  if (files.length !== 1) {
    if (files.length > 1) io.err(`dealspec ${command}: ${positionals[0]} names ${files.length} deal files: name one`);
    return EXIT_USAGE;
  }
  const file = files[0]!;
  refusePortfolio(command, file, portfolioHint);
  const read = readDealFile(file, io.cwd);
  if ("problem" in read) {
    io.err(`dealspec: ${read.problem}`);
    return EXIT_USAGE;
  }
  return { file, analysis: analyze(read.text) };
}
