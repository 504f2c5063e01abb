/**
 * Every diagnostic the engine can give, with a stable code. Codes are grouped
 * in ranges (DS1xx syntax, DS2xx schema and values, DS3xx semantics, DS4xx
 * expectations, DS5xx portfolios, DS6xx scenarios, DS7xx dates against
 * a given today (only with `dealspec lint --today`), DS8xx the configuration
 * file and its policies) and are never renumbered; docs/diagnostics.md
 * documents each.
 */

export type Severity = "error" | "warning" | "info";

export interface Span {
  /** Offset of the first UTF-16 code unit. */
  readonly start: number;
  /** Offset just past the last code unit. */
  readonly end: number;
}

export interface RelatedInfo {
  /** The file the span is in, when it is another file than the diagnostic's own (portfolios point into deal files). */
  readonly uri?: string;
  readonly span: Span;
  readonly message: string;
}

/** A text edit that repairs the problem, offered as a quick fix. */
export interface Fix {
  readonly title: string;
  readonly edits: ReadonlyArray<{ readonly span: Span; readonly newText: string }>;
}

export interface Diagnostic {
  readonly code: DiagnosticCode;
  readonly severity: Severity;
  readonly message: string;
  readonly span: Span;
  readonly related?: readonly RelatedInfo[];
  readonly fixes?: readonly Fix[];
}

export const CODES = {
  DS100: { severity: "error", title: "Invalid YAML" },
  DS101: { severity: "error", title: "More than one YAML document" },
  DS102: { severity: "error", title: "Top level is not a mapping" },
  DS103: { severity: "error", title: "Alias expansion too large" },
  DS104: { severity: "error", title: "File too large" },
  DS105: { severity: "error", title: "Nesting too deep" },
  DS106: { severity: "error", title: "Duplicate key" },
  DS107: { severity: "error", title: "Key is not a plain string" },
  DS108: { severity: "error", title: "Merge key" },
  DS109: { severity: "error", title: "Amount split at its commas" },
  DS110: { severity: "error", title: "Not UTF-8 text" },
  DS199: { severity: "error", title: "Analysis failed" },

  DS200: { severity: "error", title: "Missing required key" },
  DS201: { severity: "error", title: "Unknown key" },
  DS202: { severity: "error", title: "Wrong kind of value" },
  DS203: { severity: "error", title: "Value not among the allowed ones" },
  DS204: { severity: "error", title: "Empty list" },
  DS205: { severity: "error", title: "Invalid identifier" },
  DS206: { severity: "error", title: "Unsupported language version" },
  DS210: { severity: "error", title: "Invalid date" },
  DS211: { severity: "error", title: "Invalid money amount" },
  DS212: { severity: "error", title: "Negative amount" },
  DS213: { severity: "error", title: "Exponent notation in an amount" },
  DS214: { severity: "error", title: "Unknown or ambiguous scale suffix" },
  DS215: { severity: "error", title: "Currency marker disagrees with the deal's currency" },
  DS216: { severity: "error", title: "Invalid percentage" },
  DS217: { severity: "warning", title: "Plain number above 1 used as a percentage" },
  DS218: { severity: "error", title: "Invalid duration" },
  DS219: { severity: "error", title: "Unknown currency code" },
  DS220: { severity: "error", title: "Invalid quantity" },
  DS221: { severity: "error", title: "Invalid count" },
  DS222: { severity: "error", title: "Amount beyond exact range" },
  DS230: { severity: "error", title: "Invalid unit price" },
  DS231: { severity: "error", title: "Unknown price unit" },
  DS232: { severity: "error", title: "Quantity does not fit the price's unit" },
  DS233: { severity: "error", title: "Percentage without its sign" },

  DS300: { severity: "error", title: "Term needs exactly one of end or months" },
  DS301: { severity: "error", title: "Term ends before it starts" },
  DS302: { severity: "error", title: "Fee window outside the term" },
  DS303: { severity: "error", title: "Empty fee window" },
  DS304: { severity: "error", title: "Duplicate fee id" },
  DS305: { severity: "error", title: "until on a one-time fee" },
  DS306: { severity: "warning", title: "Assumed fee without a note or source" },
  DS307: { severity: "warning", title: "Notice reaches past the term's end" },
  DS308: { severity: "error", title: "not_before outside the term" },
  DS309: { severity: "error", title: "Unknown party role" },
  DS310: { severity: "warning", title: "Total below the committed minimum" },
  DS311: { severity: "error", title: "Term or schedule too large" },
  DS312: { severity: "warning", title: "Escalation on a one-time fee" },
  DS320: { severity: "error", title: "Both amount and price" },
  DS321: { severity: "error", title: "Neither amount nor price" },
  DS322: { severity: "error", title: "Unit price on a one-time fee" },
  DS323: { severity: "error", title: "No quantity for a unit price" },
  DS324: { severity: "error", title: "Capacity steps out of order" },
  DS325: { severity: "error", title: "Capacity step outside the term" },
  DS326: { severity: "error", title: "Capacity step sets nothing" },
  DS327: { severity: "error", title: "Duplicate option id" },
  DS328: { severity: "error", title: "Option deadline before the term's start" },
  DS329: { severity: "error", title: "Quantity on a fee without a price" },
  DS330: { severity: "error", title: "Date outside 0001-01-01 to 9999-12-31" },
  DS331: { severity: "error", title: "Charge beyond exact range" },

  DS400: { severity: "error", title: "Expectation does not hold" },
  DS401: { severity: "info", title: "Expectation not checked" },
  DS402: { severity: "error", title: "Expectation refers to a figure that does not exist" },

  DS500: { severity: "error", title: "Include matches no file" },
  DS501: { severity: "error", title: "Include cycle: a portfolio includes itself" },
  DS502: { severity: "error", title: "Same deal id in two files" },
  DS503: { severity: "error", title: "No exchange rate for a deal's currency" },
  DS504: { severity: "error", title: "Included file has errors" },
  DS505: { severity: "error", title: "Include is not a deal or portfolio file" },
  DS506: { severity: "error", title: "Invalid exchange rate" },
  DS507: { severity: "error", title: "Portfolio currency needed" },
  DS508: { severity: "error", title: "Exchange rate of the portfolio's own currency is not 1" },
  DS509: { severity: "info", title: "Exchange rate not used" },
  DS520: { severity: "error", title: "Portfolio scenario names a deal the portfolio does not include" },
  DS521: { severity: "error", title: "Portfolio scenario names a scenario the deal does not have" },
  DS522: { severity: "error", title: "Picked scenario has no figures" },
  DS523: { severity: "error", title: "Duplicate portfolio scenario id" },
  DS524: { severity: "warning", title: "Picked deal is not counted" },

  DS600: { severity: "error", title: "Duplicate scenario id" },
  DS601: { severity: "error", title: "Scenario path names nothing" },
  DS602: { severity: "error", title: "Scenario change names no fee" },
  DS603: { severity: "error", title: "Scenario shift key names nothing" },
  DS604: { severity: "error", title: "Scenario exercises an unknown option" },
  DS605: { severity: "error", title: "Scenario exit outside the clause's notice dates" },
  DS606: { severity: "error", title: "Scenario exit names no clause" },
  DS607: { severity: "info", title: "Scenario shift drops a fee or step" },
  DS608: { severity: "info", title: "Scenario shift moves nothing" },
  DS609: { severity: "error", title: "Scenario leaves the deal invalid" },
  DS610: { severity: "error", title: "Scenario exit with a fee named termination-fee" },
  DS611: { severity: "error", title: "Scenario change below -100%" },

  DS700: { severity: "warning", title: "Option deadline passed" },

  DS800: { severity: "error", title: "Invalid configuration file" },
  DS801: { severity: "error", title: "Unknown configuration key" },
  DS802: { severity: "error", title: "Unknown diagnostic code in rules" },
  DS803: { severity: "error", title: "Invalid rule setting" },
  DS804: { severity: "error", title: "Invalid ignore glob" },
  DS805: { severity: "error", title: "Invalid policy" },
  DS806: { severity: "error", title: "Unknown policy figure" },
  DS807: { severity: "error", title: "Invalid policy limit" },
  DS820: { severity: "error", title: "Figure outside a policy's limit" },
  DS821: { severity: "error", title: "Figure changed more than a policy allows" },
  DS822: { severity: "error", title: "Policy on a figure that could not be computed" },
  DS823: { severity: "error", title: "Policy limit in another currency" },
} as const satisfies Record<string, { severity: Severity; title: string }>;

export type DiagnosticCode = keyof typeof CODES;

/** Where the documentation of a code lives, relative to the docs folder. */
export function codeAnchor(code: DiagnosticCode): string {
  return `diagnostics.md#${code.toLowerCase()}`;
}

export function diagnostic(
  code: DiagnosticCode,
  span: Span,
  message: string,
  extra?: { related?: readonly RelatedInfo[]; fixes?: readonly Fix[]; severity?: Severity },
): Diagnostic {
  const d: { -readonly [K in keyof Diagnostic]: Diagnostic[K] } = {
    code,
    severity: extra?.severity ?? CODES[code].severity,
    message,
    span,
  };
  if (extra?.related && extra.related.length > 0) d.related = extra.related;
  if (extra?.fixes && extra.fixes.length > 0) d.fixes = extra.fixes;
  return d;
}

/**
 * Optimal string alignment distance, for "did you mean" suggestions: the
 * fewest insertions, deletions, substitutions and swaps of two adjacent
 * letters that turn `a` into `b` (`evrey` -> `every` and `dela` -> `deal` are
 * one edit each), no part of the word edited twice.
 */
export function editDistance(a: string, b: string): number {
  // Three rows: the one before the previous (for swaps), the previous, the current.
  let before: number[] = [];
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2]! + 1);
      row.push(d);
    }
    before = prev;
    prev = row;
  }
  return prev[b.length]!;
}

/**
 * The closest candidate within a small edit distance (one edit for words of
 * up to five letters, two up to eight, three from nine), if any, ignoring
 * case. When several are within it: the one that starts with
 * the same letter as `word` (typos rarely touch the first letter), then the
 * one with the fewest edits, then the first in the candidates' order (the
 * schema's order of keys, or the file's order of ids).
 */
export function suggest(word: string, candidates: Iterable<string>): string | undefined {
  let best: { candidate: string; rank: readonly [number, number] } | undefined;
  const lower = word.toLowerCase();
  const limit = Math.max(1, Math.min(3, Math.floor(word.length / 3)));
  for (const c of candidates) {
    const other = c.toLowerCase();
    const d = editDistance(lower, other);
    if (d > limit) continue;
    const rank = [other[0] === lower[0] ? 0 : 1, d] as const;
    if (!best || rank[0] < best.rank[0] || (rank[0] === best.rank[0] && rank[1] < best.rank[1])) best = { candidate: c, rank };
  }
  return best?.candidate;
}
