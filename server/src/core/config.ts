/**
 * The project configuration file, `dealspec.config.yaml`: rule severity
 * overrides, ignore globs and policies (review gates on figures, checked by
 * `core/policies/`). Pure: text in, a configuration and its problems (codes
 * DS800-DS807) out. Finding the file (walking up from a deal file) is the
 * front ends' job.
 *
 * ```yaml
 * rules:
 *   DS306: off        # off | info | warning | error
 *   DS217: error
 * ignore:
 *   - drafts/         # a folder, anywhere below the config file
 *   - "archive/**"    # anchored at the config file's folder
 *   - "*.old.deal.yaml"
 * policies:
 *   - figure: total
 *     max_increase: 5%  # or money: $100M
 *     severity: error
 * ```
 */
import { z } from "zod";
import type { IgnorePattern } from "./files/pattern";
import { CODES, suggest, type Diagnostic, type DiagnosticCode, type Severity, type Span } from "./diagnostics";
import { LineIndex } from "./lines";
import { Decimal, isKnownCurrency } from "./money";
import { isChangeLimit, LIMIT_KINDS, POLICY_FIGURE_NAMES, POLICY_FIGURES, type LimitKind, type LimitValue, type Policy, type PolicyFigure, type PolicyLimit, type SubjectKind } from "./policies";
import { isRecord, parseSyntax, type Path, type SyntaxTree } from "./syntax";
import { isId, readMoney, readSignedMoney } from "./values";

export const CONFIG_FILE = "dealspec.config.yaml";

export type RuleSetting = "off" | Severity;
const RULE_SETTINGS: readonly RuleSetting[] = ["off", "info", "warning", "error"];

export type { IgnorePattern } from "./files/pattern";

export interface DealspecConfig {
  readonly rules: ReadonlyMap<DiagnosticCode, RuleSetting>;
  readonly ignore: readonly IgnorePattern[];
  readonly policies: readonly Policy[];
}

export interface ConfigProblem {
  /** DS800-DS807. */
  readonly code: DiagnosticCode;
  readonly message: string;
  readonly span: Span;
}

export interface ConfigParse {
  /** The valid parts of the file; an entry with a problem is left out. */
  readonly config: DealspecConfig;
  readonly problems: readonly ConfigProblem[];
}

export const EMPTY_CONFIG: DealspecConfig = { rules: new Map(), ignore: [], policies: [] };

const TOP_KEYS = ["rules", "ignore", "policies"] as const;

function onlyComments(text: string): boolean {
  return text.split(/\r?\n/).every((l) => /^\s*(#.*)?$/.test(l));
}

/** Parses and validates a configuration file. Never throws. */
export function parseConfig(text: string): ConfigParse {
  if (onlyComments(text)) return { config: EMPTY_CONFIG, problems: [] };
  const tree = parseSyntax(text);
  const problems: ConfigProblem[] = [];
  for (const d of tree.diagnostics) {
    if (d.severity !== "error") continue;
    problems.push({
      code: "DS800",
      span: d.span,
      message: d.code === "DS102" ? "A configuration file is a mapping with the keys `rules`, `ignore` and `policies`." : d.message.replace(/deal files?/g, "configuration files"),
    });
  }
  if (problems.length > 0 || !isRecord(tree.root)) return { config: EMPTY_CONFIG, problems };
  const root = tree.root;
  const problem: Report = (path, code, message, prefer = "value") => problems.push({ code, span: prefer === "key" ? tree.keySpanOf(path) : tree.spanOf(path), message });

  for (const key of Object.keys(root)) {
    if ((TOP_KEYS as readonly string[]).includes(key)) continue;
    const guess = suggest(key, TOP_KEYS);
    problem([key], "DS801", `Unknown key \`${key}\` in the configuration${guess ? `: did you mean \`${guess}\`?` : `. Known keys: \`rules\`, \`ignore\`, \`policies\`.`}`, "key");
  }
  return { config: { rules: readRules(tree, root.rules, problem), ignore: readIgnore(root.ignore, problem), policies: readPolicies(tree, root.policies, problem) }, problems };
}

type Report = (path: Path, code: DiagnosticCode, message: string, prefer?: "key" | "value") => void;

function readRules(tree: SyntaxTree, value: unknown, problem: Report): Map<DiagnosticCode, RuleSetting> {
  const rules = new Map<DiagnosticCode, RuleSetting>();
  if (value === undefined || value === null) return rules;
  if (!isRecord(value)) {
    problem(["rules"], "DS803", "Write `rules` as a mapping of diagnostic code to `off`, `info`, `warning` or `error`, such as `DS306: off`.");
    return rules;
  }
  const codes = Object.keys(CODES);
  for (const [key, setting] of Object.entries(value)) {
    if (!Object.hasOwn(CODES, key)) {
      const guess = codes.includes(key.toUpperCase()) ? key.toUpperCase() : suggest(key, codes);
      problem(["rules", key], "DS802", `\`${key}\` is not a Dealspec diagnostic code${guess ? `: did you mean \`${guess}\`?` : " (codes look like `DS306`; docs/diagnostics.md lists them)."}`, "key");
      continue;
    }
    const code = key as DiagnosticCode;
    const text = typeof setting === "string" ? setting : tree.scalarText(["rules", key]) ?? String(setting);
    if (typeof setting !== "string" || !(RULE_SETTINGS as readonly string[]).includes(setting)) {
      const guess = typeof setting === "string" ? (setting === "warn" ? "warning" : suggest(setting, RULE_SETTINGS)) : undefined;
      problem(["rules", key], "DS803", `\`${text}\` is not a rule setting: write \`off\`, \`info\`, \`warning\` or \`error\`${guess ? ` (did you mean \`${guess}\`?)` : ""}.`);
      continue;
    }
    if (code.startsWith("DS1") && setting !== "error") {
      problem(["rules", key], "DS803", `${code} (${CODES[code].title}) means the file cannot be read, so it stays an error; remove this line.`);
      continue;
    }
    if (code.startsWith("DS80")) {
      problem(["rules", key], "DS803", `${code} (${CODES[code].title}) is a problem of the configuration file itself, which is always an error; remove this line.`);
      continue;
    }
    if (code.startsWith("DS82")) {
      problem(["rules", key], "DS803", `${code} (${CODES[code].title}) is reported with the severity its policy gives (\`severity:\` in \`policies\`); remove this line.`);
      continue;
    }
    rules.set(code, setting as RuleSetting);
  }
  return rules;
}

function readIgnore(value: unknown, problem: Report): IgnorePattern[] {
  const out: IgnorePattern[] = [];
  if (value === undefined || value === null) return out;
  if (!Array.isArray(value)) {
    problem(["ignore"], "DS804", "Write `ignore` as a list of globs, such as `[drafts/, \"archive/**\"]`.");
    return out;
  }
  value.forEach((item, i) => {
    if (typeof item !== "string" || item.trim() === "") {
      problem(["ignore", i], "DS804", "Write each ignore entry as a non-empty glob string, such as `\"archive/**\"`.");
      return;
    }
    const compiled = compileIgnore(item);
    if (typeof compiled === "string") problem(["ignore", i], "DS804", compiled);
    else out.push(compiled);
  });
  return out;
}

// ---------------------------------------------------------------- policies

const limitValue = z.union([z.string(), z.number()], { error: "Write the limit as money (`$100M`), a percentage (`5%`) or a number (`2500`)." });

/** The shape of one policy; values are read exactly afterwards, from their source text. */
const policySchema = z.strictObject(
  {
    figure: z.string({ error: `Name the figure the policy limits: ${POLICY_FIGURE_NAMES.map((f) => `\`${f}\``).join(", ")}.` }),
    max: limitValue.optional(),
    min: limitValue.optional(),
    max_increase: limitValue.optional(),
    max_decrease: limitValue.optional(),
    severity: z.enum(["error", "warning", "info"], { error: "Write `error`, `warning` or `info`." }).optional(),
    files: z.union([z.string(), z.array(z.string({ error: "Write each entry as a glob string, such as `\"deals/**\"`." }))], { error: "Write `files` as a list of globs, such as `[\"deals/**\"]`." }).optional(),
    kind: z.enum(["deal", "portfolio"], { error: "Write `deal` or `portfolio`." }).optional(),
    scenario: z.string({ error: "Write a scenario id, or `\"*\"` for the base figures and every scenario." }).optional(),
  },
  { error: "Write a policy as a mapping with a `figure` and a limit, such as `{figure: total, max_increase: 5%}`." },
);

const POLICY_KEYS = Object.keys(policySchema.shape);

/** Reads `policies`: each entry on its own, so that one with a problem leaves the others in force. */
function readPolicies(tree: SyntaxTree, value: unknown, problem: Report): Policy[] {
  const out: Policy[] = [];
  if (value === undefined || value === null) return out;
  if (!Array.isArray(value)) {
    problem(["policies"], "DS805", "Write `policies` as a list, each entry a mapping such as `{figure: total, max_increase: 5%}`.");
    return out;
  }
  const lines = new LineIndex(tree.text);
  value.forEach((entry, index) => {
    const at: Path = ["policies", index];
    const parsed = policySchema.safeParse(entry);
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const path: Path = [...at, ...issue.path.filter((p): p is string | number => typeof p !== "symbol")];
        if (issue.code === "unrecognized_keys") {
          for (const key of issue.keys) {
            const guess = suggest(key, POLICY_KEYS);
            problem([...path, key], "DS801", `Unknown key \`${key}\` in a policy${guess ? `: did you mean \`${guess}\`?` : `. Known keys: ${POLICY_KEYS.map((k) => `\`${k}\``).join(", ")}.`}`, "key");
          }
        } else if (issue.path.length === 1 && issue.path[0] === "figure" && isRecord(entry) && entry.figure === undefined) {
          problem([...at, Object.keys(entry)[0] ?? ""], "DS805", `A policy names its figure: add \`figure:\` (${POLICY_FIGURE_NAMES.map((f) => `\`${f}\``).join(", ")}).`, "key");
        } else {
          problem(path, "DS805", issue.message);
        }
      }
      return;
    }
    const p = parsed.data;
    if (!(POLICY_FIGURE_NAMES as readonly string[]).includes(p.figure)) {
      const guess = suggest(p.figure, POLICY_FIGURE_NAMES);
      problem([...at, "figure"], "DS806", `\`${p.figure}\` is not a figure a policy can limit${guess ? `: did you mean \`${guess}\`?` : "."} Figures: ${POLICY_FIGURE_NAMES.map((f) => `\`${f}\``).join(", ")}.`);
      return;
    }
    const figure = p.figure as PolicyFigure;
    const on = POLICY_FIGURES[figure].on as readonly SubjectKind[];
    if (p.kind !== undefined && !on.includes(p.kind)) {
      problem([...at, "kind"], "DS806", `\`${figure}\` is a figure of ${on[0]} files only, so a policy on it cannot be about ${p.kind} files: remove \`kind\`, or choose another figure.`);
      return;
    }
    let ok = true;
    const limits: PolicyLimit[] = [];
    for (const kind of LIMIT_KINDS) {
      if (p[kind] === undefined) continue;
      const path: Path = [...at, kind];
      const text = (tree.scalarText(path) ?? String(p[kind])).trim();
      const read = readLimit(figure, kind, text);
      if (typeof read === "string") {
        problem(path, "DS807", read);
        ok = false;
      } else limits.push({ kind, value: read, text, span: tree.spanOf(path) });
    }
    if (limits.length === 0 && ok) {
      problem([...at, "figure"], "DS805", `The policy on \`${figure}\` has no limit: add \`max\`, \`min\`, \`max_increase\` or \`max_decrease\`.`, "key");
      return;
    }
    const files: IgnorePattern[] = [];
    (typeof p.files === "string" ? [p.files] : (p.files ?? [])).forEach((glob, i) => {
      const compiled = glob.trim() === "" ? "Write each entry as a non-empty glob, such as `\"deals/**\"`." : compileIgnore(glob);
      if (typeof compiled === "string") {
        problem(typeof p.files === "string" ? [...at, "files"] : [...at, "files", i], "DS805", compiled);
        ok = false;
      } else files.push(compiled);
    });
    if (p.scenario !== undefined && p.scenario !== "*" && !isId(p.scenario)) {
      problem([...at, "scenario"], "DS805", `\`${p.scenario}\` is not a scenario id (lower-case letters, digits, \`-\` and \`_\`): name one, or write \`"*"\` for the base figures and every scenario.`);
      ok = false;
    }
    if (!ok) return;
    const span = tree.keySpanOf([...at, "figure"]);
    out.push({
      index,
      figure,
      limits,
      severity: p.severity ?? "error",
      files,
      ...(p.kind !== undefined ? { kind: p.kind } : {}),
      ...(p.scenario !== undefined ? { scenario: p.scenario } : {}),
      span,
      line: lines.position(span.start).line + 1,
    });
  });
  return out;
}

const PERCENT_TEXT = /^([0-9]+(?:\.[0-9]+)?)\s*%$/;
const NUMBER_TEXT = /^(?:[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.[0-9]+)?$/;

/** Reads one limit in the unit its figure and kind take; a message when it cannot. */
function readLimit(figure: PolicyFigure, kind: LimitKind, text: string): LimitValue | string {
  const unit = POLICY_FIGURES[figure].unit;
  const change = isChangeLimit(kind);
  const percent = PERCENT_TEXT.exec(text);
  if (unit === "share") {
    if (percent) return { type: "percent", rate: new Decimal(percent[1]!).div(100) };
    return change
      ? `\`${text}\` is not a change of a share: write it in percentage points with \`%\`, such as \`10%\` (the share may rise by at most 10 points).`
      : `\`${text}\` is not a share: write a percentage of the total, such as \`50%\`.`;
  }
  if (unit === "index") {
    if (percent && change) return { type: "percent", rate: new Decimal(percent[1]!).div(100) };
    if (NUMBER_TEXT.test(text)) return { type: "number", value: new Decimal(text.replace(/,/g, "")) };
    return change
      ? `\`${text}\` is not a change of \`${figure}\`: write index points, such as \`200\`, or a percentage of the base value, such as \`10%\`.`
      : `\`${text}\` is not a value of \`${figure}\`: write index points between 0 and 10,000, such as \`2500\`.`;
  }
  if (percent) {
    if (change) return { type: "percent", rate: new Decimal(percent[1]!).div(100) };
    return `A \`${kind}\` of \`${figure}\` is an amount, such as \`$45B\`: a percentage limits a change (\`max_increase: ${text}\`).`;
  }
  // Money: a currency marker is kept, to be compared with the figures' currency.
  const money = change ? readMoney(text, undefined) : readSignedMoney(text, undefined);
  if (!money.ok) {
    const also = change ? ", or a percentage of the base value, such as `5%`" : "";
    return `\`${text}\` is not a limit of \`${figure}\`: write an amount, such as \`$100M\` or \`USD 2.50\`${also}.`;
  }
  const currency = money.value.marker;
  if (currency !== undefined && !isKnownCurrency(currency)) return `\`${currency}\` is not an ISO 4217 currency code: write the limit in a currency such as \`USD 100M\`, or without one.`;
  return currency === undefined ? { type: "money", amount: money.value.amount } : { type: "money", amount: money.value.amount, currency };
}

/**
 * Compiles one ignore entry (gitignore-like): `*` and `?` stay within a path
 * segment, `**` crosses segments, `[...]` and `{a,b}` as in shells; an entry
 * with a `/` before its end is anchored at the config file's folder, one
 * without matches at any depth; a trailing `/` names a folder; a leading `!`
 * lints again what an earlier entry ignored. Returns a message when invalid.
 */
export function compileIgnore(entry: string): IgnorePattern | string {
  let p = entry.trim();
  const negated = p.startsWith("!");
  if (negated) p = p.slice(1);
  if (p.startsWith("./")) p = p.slice(2);
  const dirOnly = p.endsWith("/");
  if (dirOnly) p = p.replace(/\/+$/, "");
  const anchored = p.includes("/");
  if (p.startsWith("/")) p = p.slice(1);
  if (p === "") return `\`${entry}\` names nothing: write a glob such as \`drafts/\` or \`"archive/**"\`.`;
  const body = globBody(p);
  if (typeof body !== "string") return `\`${entry}\` is not a valid glob: ${body.error}.`;
  // A match on a folder ignores everything below it.
  const source = `^${anchored ? "" : "(?:.*/)?"}${body}${dirOnly ? "/.*" : "(?:/.*)?"}$`;
  return { pattern: entry, negated, regex: new RegExp(source, "u") };
}

function escapeRegex(c: string): string {
  return /[\\^$.*+?()[\]{}|/]/.test(c) ? `\\${c}` : c;
}

function globBody(p: string): string | { error: string } {
  let out = "";
  let braces = 0;
  for (let i = 0; i < p.length; i++) {
    const c = p[i]!;
    if (c === "\\") {
      const next = p[i + 1];
      if (next === undefined) return { error: "it ends with a lone `\\`" };
      out += escapeRegex(next);
      i++;
    } else if (c === "*") {
      if (p[i + 1] === "*") {
        const atStart = i === 0 || p[i - 1] === "/";
        const atEnd = i + 2 === p.length || p[i + 2] === "/";
        if (atStart && atEnd) {
          if (p[i + 2] === "/") {
            out += "(?:[^/]*/)*";
            i += 2;
          } else {
            out += ".*";
            i += 1;
          }
          continue;
        }
        i++;
      }
      out += "[^/]*";
    } else if (c === "?") {
      out += "[^/]";
    } else if (c === "[") {
      const close = p.indexOf("]", i + 2);
      if (close < 0) return { error: "a `[` has no matching `]`" };
      let cls = p.slice(i + 1, close);
      const neg = cls.startsWith("!") || cls.startsWith("^");
      if (neg) cls = cls.slice(1);
      out += `[${neg ? "^" : ""}${cls.replace(/[\\\]^]/g, (m) => `\\${m}`)}]`;
      i = close;
    } else if (c === "{") {
      braces++;
      out += "(?:";
    } else if (c === "}" && braces > 0) {
      braces--;
      out += ")";
    } else if (c === "," && braces > 0) {
      out += "|";
    } else {
      out += escapeRegex(c);
    }
  }
  if (braces > 0) return { error: "a `{` has no matching `}`" };
  return out;
}

/**
 * True when a path, relative to the configuration file's folder and written
 * with `/`, is ignored: the last entry that matches it decides.
 */
export function isIgnored(config: Pick<DealspecConfig, "ignore"> & Partial<DealspecConfig>, relativePath: string): boolean {
  const p = relativePath.replace(/\\/g, "/").replace(/^\.\//, "");
  let ignored = false;
  for (const entry of config.ignore) if (entry.negated === ignored && entry.regex.test(p)) ignored = !entry.negated;
  return ignored;
}

/** Applies the rule settings: severities overridden, `off` rules dropped. */
export function applyRules(diagnostics: readonly Diagnostic[], config: Pick<DealspecConfig, "rules"> & Partial<DealspecConfig>): Diagnostic[] {
  if (config.rules.size === 0) return [...diagnostics];
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const setting = config.rules.get(d.code);
    if (setting === undefined) out.push(d);
    else if (setting !== "off") out.push(setting === d.severity ? d : { ...d, severity: setting });
  }
  return out;
}
