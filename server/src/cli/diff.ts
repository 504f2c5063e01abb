/**
 * `dealspec diff`: each deal's figures and terms at a git revision against
 * the working tree, as a Markdown report for a pull request (`markdown.ts`)
 * or JSON, with the breaches of the configuration's policies (`policies.ts`),
 * which the lint formats print on their own.
 */
import * as path from "node:path";
import { parseArgs } from "node:util";
import { analyze, Decimal, figuresJson, formatDay, formatMoney, formatMoneyExact, formatPercent, isGlob, isGpuUnit, type Analysis } from "../core";
import { quantityText } from "../core/features/units";
import { ConfigFinder, loadConfig } from "./config";
import { printDiff } from "./diff-output";
import { baseDealFiles, existsNow, scopeOf } from "./diffFiles";
import { decodeDealBytes, kindOf, readDealFile, resolveTargets } from "./files";
import { defaultBranch, GitError, isShallow, listFiles, mergeBase, readFiles, repoRoot, resolveCommit, shortCommit } from "./git";
import { EXIT_USAGE, plural, UsageError, type Io } from "./io";
import { reviewGates } from "./policies";
import { FORMATS } from "./reporters";

export const DIFF_USAGE = `Usage: dealspec diff [--base REV] [--format NAME] [--config FILE] [paths...]

Compares each deal's figures and terms at a git revision with the working
tree, and checks the policies of dealspec.config.yaml (value and change
limits). REV defaults to the merge-base of HEAD and the default branch
(origin's HEAD, origin/main, origin/master, main or master), else HEAD. Paths
(files, folders or globs) default to the current folder.

Options:
  --format NAME    markdown (a pull-request comment, the default) or json: the
                   report with the breached policies; stylish, human, sarif,
                   github or junit: the breached policies alone, as lint prints
                   diagnostics
  --config FILE    use this configuration for every file instead of the
                   nearest dealspec.config.yaml
  --max-chars N    the longest Markdown report, cut with a note beyond it
                   (default 65536, GitHub's limit for a comment)

Exit codes: 0, or 1 when a policy with severity error is breached; 2 for a
usage, git or configuration problem.`;

export interface Side {
  readonly file: string;
  readonly analysis?: Analysis;
  /** Why the file could not be read. */
  readonly problem?: string;
}

export interface Change {
  readonly name: string;
  readonly old: string | null;
  readonly new: string | null;
}

export interface FigureChange extends Change {
  readonly delta: string | null;
}

export interface DealDiff {
  readonly deal: string | null;
  readonly file: string;
  readonly old_file: string | null;
  readonly status: "changed" | "unchanged" | "added" | "removed";
  readonly currency: string | null;
  readonly figures: FigureChange[];
  readonly terms: Change[];
  readonly notes: string[];
}

// ---------------------------------------------------------------- comparing

function errorCount(a: Analysis | undefined): number {
  return a ? a.diagnostics.filter((d) => d.severity === "error").length : 0;
}

/** The figures that a reviewer compares, as plain decimal strings (null: does not apply). */
function figureList(a: Analysis | undefined): Map<string, string | null> {
  const out = new Map<string, string | null>();
  if (!a) return out;
  const j = figuresJson(a);
  out.set("total", j.total);
  for (const [y, v] of Object.entries(j.years)) out.set(`year ${y}`, v);
  out.set("run rate", j.run_rate);
  out.set("peak month", j.peak_month);
  j.exit_exposure.forEach((v, i) => out.set(`exit exposure #${i + 1}`, v));
  for (const [id, o] of Object.entries(j.options ?? {})) out.set(`option \`${id}\` value`, o.value);
  out.set("per GPU-hour", j.per_gpu_hour);
  out.set("per MW-month", j.per_mw_month);
  out.set("NPV", j.npv);
  out.set("shortfall", j.shortfall);
  // Each scenario's headline figures: a review sees what a change does to the what-ifs too.
  for (const [id, sc] of Object.entries(j.scenarios ?? {})) {
    out.set(`scenario \`${id}\` total`, sc?.total ?? null);
    if (sc?.npv !== undefined && sc.npv !== null) out.set(`scenario \`${id}\` NPV`, sc.npv);
    out.set(`scenario \`${id}\` delta total`, sc?.delta.total ?? null);
  }
  return out;
}

/** The terms a reviewer reads, each as display text. */
function termList(a: Analysis | undefined): Map<string, string> {
  const out = new Map<string, string>();
  const m = a?.model;
  if (!m) return out;
  const cur = m.currency ?? "USD";
  const money = (v: Decimal) => formatMoney(v, cur);
  if (m.title) out.set("title", m.title);
  if (m.currency) out.set("currency", m.currency);
  for (const [role, name] of Object.entries(m.parties)) out.set(`party ${role}`, name);
  if (m.term) {
    out.set("term start", formatDay(m.term.start));
    out.set("term end", formatDay(m.term.last));
    const last = a.figures?.term.last;
    if (last !== undefined && last !== m.term.last) out.set("term end with the exercised options", formatDay(last));
  }
  if (m.capacity?.gpus) out.set("capacity gpus", m.capacity.gpus.toString());
  if (m.capacity?.powerText) out.set("capacity power", m.capacity.powerText);
  // Steps by their day: a moved step is one gone and one new.
  for (const step of m.capacity?.steps ?? []) {
    const sets = [step.megawatts !== undefined ? `power ${step.megawatts.toString()} MW` : undefined, step.gpus !== undefined ? `gpus ${step.gpus.toString()}` : undefined].filter((x) => x !== undefined);
    out.set(`capacity step from ${formatDay(step.from)}`, sets.join(", "));
  }
  if (m.commitment) out.set("commitment minimum", money(m.commitment.minimum));
  if (m.discountRate) out.set("discount rate", formatPercent(m.discountRate.rate));
  for (const fee of m.fees) {
    const k = `fee \`${fee.id}\``;
    const every = fee.every === "once" ? " once" : ` every ${fee.every}`;
    if (fee.price) {
      out.set(`${k} price`, `${fee.credit ? "credit " : ""}${formatMoneyExact(fee.amount, cur)} per ${fee.price.unit}${every}`);
      out.set(`${k} quantity`, fee.price.quantity !== undefined ? quantityText(fee.price.quantity, fee.price.unit) : `the ${isGpuUnit(fee.price.unit) ? "GPUs" : "power"} in force`);
    } else {
      out.set(`${k} amount`, `${fee.credit ? "credit " : ""}${money(fee.amount)}${every}`);
    }
    out.set(`${k} from`, formatDay(fee.from));
    if (fee.every !== "once") out.set(`${k} until`, formatDay(fee.until));
    if (fee.escalate) out.set(`${k} escalation`, `${formatPercent(fee.escalate.rate)} every ${fee.escalate.every}`);
    if (fee.paid !== "in_advance") out.set(`${k} paid`, fee.paid);
    out.set(`${k} basis`, fee.basis);
  }
  m.options.forEach((o, i) => {
    const k = `option \`${o.id}\``;
    out.set(`${k} extend`, o.extend.text);
    out.set(`${k} by`, o.byText);
    out.set(`${k} notice`, o.notice.text);
    out.set(`${k} exercised`, String(o.exercised));
    if (!o.reprice.isZero()) out.set(`${k} reprice`, `${o.reprice.isNegative() ? "-" : "+"}${formatPercent(o.reprice.abs())}`);
    const deadline = a.figures?.options[i]?.step.deadline;
    if (deadline !== undefined) out.set(`${k} deadline`, formatDay(deadline));
  });
  // What each scenario changes, in the order applied.
  for (const r of a.scenarios) out.set(`scenario \`${r.id}\``, r.applied.length > 0 ? r.applied.join("; ") : "no changes");
  m.termination.forEach((c, i) => {
    const k = `termination #${i + 1}`;
    out.set(`${k} by`, c.byText);
    out.set(`${k} notice`, c.notice.text);
    out.set(`${k} fee`, money(c.fee));
    out.set(`${k} not before`, formatDay(c.noticeDay));
  });
  return out;
}

function compareDeal(oldSide: Side | undefined, newSide: Side | undefined): DealDiff {
  const oa = oldSide?.analysis;
  const na = newSide?.analysis;
  const oldCur = oa?.figures?.currency ?? null;
  const newCur = na?.figures?.currency ?? null;
  const notes: string[] = [];
  for (const [side, label] of [
    [oldSide, "at the base"],
    [newSide, "in the working tree"],
  ] as const) {
    if (side?.problem) notes.push(`${side.problem} ${label}`);
    const n = errorCount(side?.analysis);
    if (n > 0) {
      const partial = !side!.analysis!.figures || !side!.analysis!.model?.complete;
      notes.push(`\`${side!.file}\` has ${plural(n, "error")} ${label}${partial ? ": its figures leave out what could not be read" : ""} (run \`dealspec lint ${side!.file}\`)`);
    }
  }
  const figures: FigureChange[] = [];
  const of = figureList(oa);
  const nf = figureList(na);
  if (oldSide && newSide) {
    const sameCurrency = oldCur === newCur;
    if (!sameCurrency && oldCur && newCur) notes.push(`the currency changed from ${oldCur} to ${newCur}: no deltas are shown`);
    for (const name of [...new Set([...of.keys(), ...nf.keys()])].sort((a, b) => figureRank(a) - figureRank(b) || a.localeCompare(b))) {
      const o = of.get(name) ?? null;
      const n = nf.get(name) ?? null;
      if (o === n) continue;
      const delta = sameCurrency && o !== null && n !== null ? new Decimal(n).minus(new Decimal(o)).toFixed(Math.max(decimals(o), decimals(n))) : null;
      figures.push({ name, old: o, new: n, delta });
    }
  }
  const terms: Change[] = [];
  if (oldSide && newSide) {
    const ot = termList(oa);
    const nt = termList(na);
    for (const name of new Set([...ot.keys(), ...nt.keys()])) {
      const o = ot.get(name) ?? null;
      const n = nt.get(name) ?? null;
      if (o !== n) terms.push({ name, old: o, new: n });
    }
  }
  const deal = na?.model?.id ?? oa?.model?.id ?? null;
  const status = !oldSide ? "added" : !newSide ? "removed" : figures.length > 0 || terms.length > 0 || oldSide.problem !== newSide.problem ? "changed" : "unchanged";
  return {
    deal,
    file: (newSide ?? oldSide)!.file,
    old_file: oldSide?.file ?? null,
    status,
    currency: newCur ?? oldCur,
    figures,
    terms,
    notes,
  };
}

const FIGURE_ORDER = ["total", "year", "run rate", "peak month", "exit exposure", "per GPU-hour", "per MW-month", "NPV", "shortfall"];

function figureRank(name: string): number {
  const i = FIGURE_ORDER.findIndex((f) => name === f || name.startsWith(`${f} `));
  return i < 0 ? FIGURE_ORDER.length : i;
}

function decimals(s: string): number {
  const dot = s.indexOf(".");
  return dot < 0 ? 0 : s.length - dot - 1;
}

export interface DiffReport {
  readonly base: { readonly rev: string; readonly commit: string; readonly how: string };
  readonly head: "working tree";
  readonly deals: DealDiff[];
  readonly summary: Record<DealDiff["status"], number>;
}

// ---------------------------------------------------------------- the command

function toPosix(p: string): string {
  return p.split(path.sep).join("/");
}

export function diff(args: string[], io: Io, version = "0.0.0-dev"): number {
  const { values, positionals } = parseArgs({
    args,
    allowPositionals: true,
    options: { base: { type: "string" }, format: { type: "string", default: "markdown" }, config: { type: "string" }, "max-chars": { type: "string" } },
  });
  const maxChars = values["max-chars"] === undefined ? undefined : Number(values["max-chars"]);
  if (maxChars !== undefined && !(/^\d+$/.test(values["max-chars"]!) && maxChars >= 1000)) throw new UsageError(`dealspec diff: --max-chars takes a whole number of characters, at least 1000, not \`${values["max-chars"]}\``);
  const format = values.format!;
  if (format !== "markdown" && format !== "json" && !(FORMATS as readonly string[]).includes(format)) {
    throw new UsageError(`dealspec diff: unknown format \`${format}\`: use markdown, json, ${FORMATS.filter((f) => f !== "json").join(", ")}`);
  }
  try {
    return runDiff(values.base, format, positionals, io, { config: values.config, maxChars, version });
  } catch (e) {
    if (e instanceof GitError) {
      io.err(`dealspec diff: ${e.message}`);
      return EXIT_USAGE;
    }
    throw e;
  }
}

function chooseBase(root: string, base: string | undefined, io: Io): { rev: string; commit: string; how: string } {
  const shallowHint = "Fetch the history it needs (in GitHub Actions: `actions/checkout` with `fetch-depth: 0`; elsewhere: `git fetch --unshallow`, or `git fetch origin <branch>`)";
  if (base !== undefined) {
    const commit = resolveCommit(root, base);
    if (!commit) {
      if (isShallow(root)) throw new GitError(`the base revision \`${base}\` is not in this clone, which is shallow. ${shallowHint}, or pass --base with a revision the clone has.`);
      throw new GitError(`\`${base}\` is not a revision of this repository: name a branch, tag or commit with --base`);
    }
    return { rev: base, commit, how: `\`${base}\` (${shortCommit(commit)})` };
  }
  const head = resolveCommit(root, "HEAD");
  if (!head) throw new GitError("this repository has no commit yet: there is nothing to compare the working tree with");
  const branch = defaultBranch(root);
  if (branch) {
    const mb = mergeBase(root, "HEAD", branch);
    if (mb) return { rev: mb, commit: mb, how: `the merge-base with \`${branch}\` (${shortCommit(mb)})` };
    if (isShallow(root)) throw new GitError(`this clone is shallow, so the merge-base of HEAD and \`${branch}\` is not in it. ${shallowHint}, or pass --base.`);
    io.err(`dealspec diff: HEAD and ${branch} share no history; comparing with HEAD`);
  }
  return { rev: "HEAD", commit: head, how: `\`HEAD\` (${shortCommit(head)})` };
}

function runDiff(base: string | undefined, format: string, args: string[], io: Io, options: { config?: string | undefined; maxChars?: number | undefined; version: string }): number {
  const root = repoRoot(io.cwd);
  const chosen = chooseBase(root, base, io);
  const scope = scopeOf(args, io.cwd);
  // The working tree's configurations: their `ignore` globs leave files out on both sides, as in `lint`.
  const configs = new ConfigFinder(io.cwd, options.config !== undefined ? loadConfig(options.config, io.cwd) : undefined);

  // The base side: deal files in the commit's tree, within the scope, not ignored.
  const relFromRoot = (p: string) => toPosix(path.relative(io.cwd, path.join(root, p)));
  const tree = listFiles(root, chosen.commit);
  const links = tree.filter((f) => f.link);
  const linkTargets = readFiles(root, chosen.commit, links.map((f) => f.path));
  const baseFiles = baseDealFiles(tree, linkTargets, (p) => scope(relFromRoot(p)) && !configs.ignores(relFromRoot(p)));
  const blobs = readFiles(root, chosen.commit, [...new Set(baseFiles.map((f) => f.blob))]);
  const oldSides = new Map<string, Side>();
  for (const { path: p, blob } of baseFiles) {
    const file = relFromRoot(p);
    const bytes = blobs.get(blob);
    if (!bytes) continue;
    const read = decodeDealBytes(file, bytes);
    oldSides.set(file, "problem" in read ? { file, problem: read.problem } : { file, analysis: analyze(read.text) });
  }

  // The working-tree side. A path that is gone from the working tree is fine when the base had it (a removed deal).
  const existing = args.filter((a) => existsNow(a, io.cwd) || isGlob(a));
  for (const a of args) {
    if (existing.includes(a)) continue;
    const rel = toPosix(path.normalize(a)).replace(/\/$/, "");
    if (![...oldSides.keys()].some((f) => f === rel || f.startsWith(`${rel}/`))) throw new GitError(`no such file or folder in the working tree or at the base: ${a}`);
  }
  const { files, explicit } = existing.length === 0 && args.length > 0 ? { files: [] as string[], explicit: new Set<string>() } : resolveTargets(existing, io.cwd);
  const newSides = new Map<string, Side>();
  for (const f of files) {
    const file = toPosix(f);
    const ignoredBy = configs.ignores(f);
    if (ignoredBy) {
      if (explicit.has(f)) io.err(`dealspec diff: ${file} is ignored by ${ignoredBy.file}`);
      continue;
    }
    if (kindOf(file) === "portfolio") {
      io.err(`dealspec diff: ${file} is a portfolio file; diff compares deal files only (docs/cli.md)`);
      continue;
    }
    const read = readDealFile(f, io.cwd);
    newSides.set(file, "problem" in read ? { file, problem: read.problem } : { file, analysis: analyze(read.text) });
  }

  // Pair by path, then a removed and an added file with the same deal id as a move.
  const pairs: [Side | undefined, Side | undefined][] = [];
  const unmatchedOld = new Map(oldSides);
  const added: Side[] = [];
  for (const [file, side] of newSides) {
    const old = unmatchedOld.get(file);
    if (old) {
      unmatchedOld.delete(file);
      pairs.push([old, side]);
    } else added.push(side);
  }
  for (const side of added) {
    const id = side.analysis?.model?.id;
    const moved = id ? [...unmatchedOld.values()].find((o) => o.analysis?.model?.id === id) : undefined;
    if (moved) {
      unmatchedOld.delete(moved.file);
      pairs.push([moved, side]);
    } else pairs.push([undefined, side]);
  }
  for (const old of unmatchedOld.values()) pairs.push([old, undefined]);
  pairs.sort((a, b) => (a[1] ?? a[0])!.file.localeCompare((b[1] ?? b[0])!.file));

  const analyses = new Map<DealDiff, { old?: Analysis; new?: Analysis }>();
  const deals = pairs.map(([o, n]) => {
    const d = compareDeal(o, n);
    analyses.set(d, { ...(o?.analysis ? { old: o.analysis } : {}), ...(n?.analysis ? { new: n.analysis } : {}) });
    return d;
  });
  const summary = { changed: 0, unchanged: 0, added: 0, removed: 0 };
  for (const d of deals) summary[d.status]++;
  const report: DiffReport = { base: chosen, head: "working tree", deals, summary };
  const gates = reviewGates({
    cwd: io.cwd,
    root,
    commit: chosen.commit,
    configs,
    deals: pairs.map(([o, n]) => ({ file: (n ?? o)!.file, ...(n?.analysis ? { now: n.analysis } : {}), ...(o?.analysis ? { base: o.analysis } : {}) })),
    args: existing,
    anyArgs: args.length > 0,
    inScope: (rel) => scope(rel),
  });
  return printDiff(report, analyses, gates, format, io, options);
}
