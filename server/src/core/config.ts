/**
 * The project configuration file, `dealspec.config.yaml`: rule severity
 * overrides and ignore globs. Pure: text in, a configuration and its problems
 * out. Finding the file (walking up from a deal file) is the front ends' job.
 *
 * ```yaml
 * rules:
 *   DS306: off        # off | info | warning | error
 *   DS217: error
 * ignore:
 *   - drafts/         # a folder, anywhere below the config file
 *   - "archive/**"    # anchored at the config file's folder
 *   - "*.old.deal.yaml"
 * ```
 */
import { CODES, suggest, type Diagnostic, type DiagnosticCode, type Severity, type Span } from "./diagnostics";
import { isRecord, parseSyntax, type Path, type SyntaxTree } from "./syntax";

export const CONFIG_FILE = "dealspec.config.yaml";

export type RuleSetting = "off" | Severity;
const RULE_SETTINGS: readonly RuleSetting[] = ["off", "info", "warning", "error"];

export interface IgnorePattern {
  /** As written. */
  readonly pattern: string;
  /** `!pattern`: a path it matches is linted again. */
  readonly negated: boolean;
  readonly regex: RegExp;
}

export interface DealspecConfig {
  readonly rules: ReadonlyMap<DiagnosticCode, RuleSetting>;
  readonly ignore: readonly IgnorePattern[];
}

export interface ConfigProblem {
  readonly message: string;
  readonly span: Span;
}

export interface ConfigParse {
  /** The valid parts of the file; an entry with a problem is left out. */
  readonly config: DealspecConfig;
  readonly problems: readonly ConfigProblem[];
}

export const EMPTY_CONFIG: DealspecConfig = { rules: new Map(), ignore: [] };

const TOP_KEYS = ["rules", "ignore"] as const;

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
      span: d.span,
      message: d.code === "DS102" ? "A configuration file is a mapping with the keys `rules` and `ignore`." : d.message.replace(/deal files?/g, "configuration files"),
    });
  }
  if (problems.length > 0 || !isRecord(tree.root)) return { config: EMPTY_CONFIG, problems };
  const root = tree.root;
  const problem = (path: Path, message: string, prefer: "key" | "value" = "value") =>
    problems.push({ span: prefer === "key" ? tree.keySpanOf(path) : tree.spanOf(path), message });

  for (const key of Object.keys(root)) {
    if ((TOP_KEYS as readonly string[]).includes(key)) continue;
    const guess = suggest(key, TOP_KEYS);
    problem([key], `Unknown key \`${key}\` in the configuration${guess ? `: did you mean \`${guess}\`?` : `. Known keys: \`rules\`, \`ignore\`.`}`, "key");
  }
  return { config: { rules: readRules(tree, root.rules, problem), ignore: readIgnore(root.ignore, problem) }, problems };
}

type Report = (path: Path, message: string, prefer?: "key" | "value") => void;

function readRules(tree: SyntaxTree, value: unknown, problem: Report): Map<DiagnosticCode, RuleSetting> {
  const rules = new Map<DiagnosticCode, RuleSetting>();
  if (value === undefined || value === null) return rules;
  if (!isRecord(value)) {
    problem(["rules"], "Write `rules` as a mapping of diagnostic code to `off`, `info`, `warning` or `error`, such as `DS306: off`.");
    return rules;
  }
  const codes = Object.keys(CODES);
  for (const [key, setting] of Object.entries(value)) {
    if (!(key in CODES)) {
      const guess = codes.includes(key.toUpperCase()) ? key.toUpperCase() : suggest(key, codes);
      problem(["rules", key], `\`${key}\` is not a Dealspec diagnostic code${guess ? `: did you mean \`${guess}\`?` : " (codes look like `DS306`; docs/diagnostics.md lists them)."}`, "key");
      continue;
    }
    const code = key as DiagnosticCode;
    const text = typeof setting === "string" ? setting : tree.scalarText(["rules", key]) ?? String(setting);
    if (typeof setting !== "string" || !(RULE_SETTINGS as readonly string[]).includes(setting)) {
      const guess = typeof setting === "string" ? (setting === "warn" ? "warning" : suggest(setting, RULE_SETTINGS)) : undefined;
      problem(["rules", key], `\`${text}\` is not a rule setting: write \`off\`, \`info\`, \`warning\` or \`error\`${guess ? ` (did you mean \`${guess}\`?)` : ""}.`);
      continue;
    }
    if (code.startsWith("DS1") && setting !== "error") {
      problem(["rules", key], `${code} (${CODES[code].title}) means the file cannot be read, so it stays an error; remove this line.`);
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
    problem(["ignore"], "Write `ignore` as a list of globs, such as `[drafts/, \"archive/**\"]`.");
    return out;
  }
  value.forEach((item, i) => {
    if (typeof item !== "string" || item.trim() === "") {
      problem(["ignore", i], "Write each ignore entry as a non-empty glob string, such as `\"archive/**\"`.");
      return;
    }
    const compiled = compileIgnore(item);
    if (typeof compiled === "string") problem(["ignore", i], compiled);
    else out.push(compiled);
  });
  return out;
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
export function isIgnored(config: DealspecConfig, relativePath: string): boolean {
  const p = relativePath.replace(/\\/g, "/").replace(/^\.\//, "");
  let ignored = false;
  for (const entry of config.ignore) if (entry.negated === ignored && entry.regex.test(p)) ignored = !entry.negated;
  return ignored;
}

/** Applies the rule settings: severities overridden, `off` rules dropped. */
export function applyRules(diagnostics: readonly Diagnostic[], config: DealspecConfig): Diagnostic[] {
  if (config.rules.size === 0) return [...diagnostics];
  const out: Diagnostic[] = [];
  for (const d of diagnostics) {
    const setting = config.rules.get(d.code);
    if (setting === undefined) out.push(d);
    else if (setting !== "off") out.push(setting === d.severity ? d : { ...d, severity: setting });
  }
  return out;
}
