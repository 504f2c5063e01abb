/**
 * The command line's side of policies (review gates, docs/ci.md#policies):
 * which configuration applies to a file, checking a file (`lint`: value
 * limits) or a file and its base revision (`diff`: both kinds), and the
 * portfolios `diff` checks at both revisions. The checks themselves are the
 * core's `checkPolicies`.
 */
import * as path from "node:path";
import { analyzePortfolio, cachingHost, canonicalLocation, checkPolicies, policyApplies, type Analysis, type Diagnostic, type PolicyBreach, type PolicySubject, type SubjectKind } from "../core";
import { decodeUtf8 } from "../utf8";
import type { ConfigFinder } from "./config";
import { DEAL_FILE, kindOf, readDealFile, resolveTargets } from "./files";
import { locate, type LocatedDiagnostic, type RelatedFiles } from "./format";
import { listFiles, readFiles } from "./git";
import { fileHost, fileLocation, locationPath } from "./host";
import type { FileReport } from "./reporters";

/** The breaches of the policies of a file's configuration, for a file (a path relative to `cwd`), with its base revision for change limits. */
export function policyBreaches(configs: ConfigFinder, file: string, cwd: string, subject: PolicySubject, base?: PolicySubject): PolicyBreach[] {
  const loaded = configs.forFile(file);
  if (!loaded || loaded.config.policies.length === 0) return [];
  const rel = path.relative(path.dirname(loaded.file), path.resolve(cwd, file)).split(path.sep).join("/");
  return checkPolicies(loaded.config.policies, {
    subject,
    ...(base ? { base } : {}),
    path: rel,
    configName: path.relative(cwd, loaded.file).split(path.sep).join("/") || loaded.file,
    configUri: fileLocation(loaded.file),
  });
}

/** A file's diagnostics and its policies' breaches, in the order of their position in the file. */
export function withBreaches(diagnostics: readonly Diagnostic[], breaches: readonly PolicyBreach[]): Diagnostic[] {
  if (breaches.length === 0) return [...diagnostics];
  return [...diagnostics, ...breaches.map((b) => b.diagnostic)].sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end);
}

/** True when some policy of the file's configuration is about a file of this kind at its path. */
function anyPolicyFor(configs: ConfigFinder, file: string, cwd: string, kind: SubjectKind): boolean {
  const loaded = configs.forFile(file);
  if (!loaded) return false;
  const rel = path.relative(path.dirname(loaded.file), path.resolve(cwd, file)).split(path.sep).join("/");
  return loaded.config.policies.some((p) => policyApplies(p, kind, rel));
}

export interface PortfolioPair {
  /** Relative to the working folder, with `/`. */
  readonly file: string;
  readonly text: string;
  readonly subject: PolicySubject;
  readonly base?: PolicySubject;
}

/**
 * The portfolio files `diff` checks: those of the working tree within the
 * given paths that `wanted` accepts (some policy is about them), each
 * analyzed over the working tree and, when the base commit has the file at
 * the same path, over the base commit's files.
 */
function portfolioPairs(root: string, commit: string, cwd: string, args: readonly string[], wanted: (file: string) => boolean): PortfolioPair[] {
  const { files } = resolveTargets(args, cwd, { portfolios: true });
  const portfolios = files.filter((f) => kindOf(f) === "portfolio" && wanted(f.split(path.sep).join("/")));
  if (portfolios.length === 0) return [];
  const head = fileHost(cwd);
  const base = gitHost(root, commit);
  const out: PortfolioPair[] = [];
  for (const f of portfolios) {
    const file = f.split(path.sep).join("/");
    const location = fileLocation(f, cwd);
    const read = head.read(location);
    if (!("text" in read)) continue;
    const subject: PolicySubject = { kind: "portfolio", analysis: analyzePortfolio(read.text, location, head) };
    const baseText = base.portfolioText(location);
    out.push({ file, text: read.text, subject, ...(baseText !== undefined ? { base: { kind: "portfolio", analysis: analyzePortfolio(baseText, location, base) } } : {}) });
  }
  return out;
}

/**
 * A portfolio host over a commit: the same `file://` locations as the working
 * tree's, with the deal and portfolio files as the commit has them (read in
 * one git process, on first use).
 */
function gitHost(root: string, commit: string) {
  let texts: Map<string, string> | undefined;
  const load = () => {
    if (texts) return texts;
    texts = new Map();
    // Links are left out: a portfolio at the base reaches the files themselves.
    const paths = listFiles(root, commit)
      .filter((f) => !f.link && (kindOf(f.path) === "portfolio" || DEAL_FILE.test(f.path)))
      .map((f) => f.path);
    for (const [p, bytes] of readFiles(root, commit, paths)) {
      const text = decodeUtf8(bytes);
      // Not UTF-8: as if the file were not there; the working tree's side reports it.
      if (text !== undefined) texts.set(fileLocation(path.join(root, p)), text);
    }
    return texts;
  };
  return cachingHost({
    readText: (location) => load().get(canonicalLocation(location)),
    listFiles: (folder, depth) => {
      const prefix = `${canonicalLocation(folder).replace(/\/$/, "")}/`;
      return [...load().keys()].filter((l) => l.startsWith(prefix) && l.slice(prefix.length).split("/").length <= depth);
    },
  });
}

// ---------------------------------------------------------------- dealspec diff

/** A breach as `diff` reports it: located in its file. */
export interface ReportedBreach extends LocatedDiagnostic {
  /** Relative to the working folder, with `/`. */
  readonly file: string;
  readonly breach: PolicyBreach;
}

export interface Gates {
  /** Every file checked, with its breaches located: the lint formats' report. */
  readonly files: FileReport[];
  readonly breaches: ReportedBreach[];
  /** The problems of the configuration files, as `file:line:col  error  CODE  message` lines. */
  readonly problems: string[];
  /** How many policies the configurations hold. */
  readonly policies: number;
}

export interface GateInput {
  readonly cwd: string;
  readonly root: string;
  readonly commit: string;
  /** The working tree's configurations (one for every file with `--config`): their policies, and their `ignore` globs for portfolios. */
  readonly configs: ConfigFinder;
  /** The deals compared: the working tree's side (absent: removed) and the base's. */
  readonly deals: readonly { readonly file: string; readonly now?: Analysis; readonly base?: Analysis }[];
  /** The paths given on the command line that exist in the working tree, and whether any were given. */
  readonly args: readonly string[];
  readonly anyArgs: boolean;
  readonly inScope: (rel: string) => boolean;
}

/** Checks the policies of `diff`: every deal of the working tree in scope, against its base, and the portfolios when some policy is about them. */
export function reviewGates(input: GateInput): Gates {
  const configs = input.configs;
  const checked: { file: string; text: string; breaches: PolicyBreach[] }[] = [];
  for (const d of input.deals) {
    if (!d.now) continue;
    const base: PolicySubject | undefined = d.base ? { kind: "deal", analysis: d.base } : undefined;
    checked.push({ file: d.file, text: d.now.text, breaches: policyBreaches(configs, d.file, input.cwd, { kind: "deal", analysis: d.now }, base) });
  }
  const canList = !input.anyArgs || input.args.length > 0;
  // The portfolios in scope that some policy is about: analyzed now and at the base commit.
  if (canList) {
    const wanted = (file: string) => input.inScope(file) && !configs.ignores(file) && anyPolicyFor(configs, file, input.cwd, "portfolio");
    for (const p of portfolioPairs(input.root, input.commit, input.cwd, input.args, wanted)) {
      checked.push({ file: p.file, text: p.text, breaches: policyBreaches(configs, p.file, input.cwd, p.subject, p.base) });
    }
  }
  const configTexts = new Map<string, { file: string; text: string } | undefined>();
  const related: RelatedFiles = (uri) => {
    if (!configTexts.has(uri)) {
      const file = locationPath(uri);
      const r = readDealFile(file, input.cwd);
      configTexts.set(uri, "text" in r ? { file: path.relative(input.cwd, file).split(path.sep).join("/") || file, text: r.text } : undefined);
    }
    return configTexts.get(uri);
  };
  const files: FileReport[] = [];
  const breaches: ReportedBreach[] = [];
  for (const c of checked) {
    const located = locate(
      c.breaches.map((b) => b.diagnostic),
      c.text,
      c.file,
      related,
    );
    located.forEach((l, i) => breaches.push({ ...l, file: c.file, breach: c.breaches[i]! }));
    files.push({ file: c.file, text: c.text, diagnostics: located });
  }
  const all = configs.all();
  return { files, breaches, problems: all.flatMap((c) => [...c.problems]), policies: all.reduce((n, c) => n + c.config.policies.length, 0) };
}
