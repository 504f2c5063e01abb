/**
 * The templates of a new deal file and a new portfolio file: valid, commented
 * text to fill in, with the places to fill (`fields`, in the order to fill
 * them). `dealspec init` writes them; the editor's "New File..." entries open
 * them with the cursor on the first field (`templateSnippet` makes each field
 * a tab stop). Pure: the caller gives the day the term's start is counted
 * from.
 */
import { addMonths, formatDay, fromYmd, type Ymd } from "./dates";
import type { Span } from "./diagnostics";

export type TemplateKind = "deal" | "portfolio";

export interface TemplateField {
  /** The field's text in `text`. */
  readonly span: Span;
  /** The values a snippet offers there (`every`: month, quarter, year, once), the written one first. */
  readonly choices?: readonly string[];
}

export interface Template {
  readonly kind: TemplateKind;
  readonly text: string;
  /** The values to fill in, in order; the first is where the cursor goes. */
  readonly fields: readonly TemplateField[];
}

export interface TemplateOptions {
  /** The id (`deal:` or `portfolio:`), made one by `templateId`; default `new-deal` or `new-portfolio`. */
  readonly id?: string;
  /** Today: the deal's term starts on the first day of the next month (default: 2027-01-01). */
  readonly today?: Ymd;
}

const DEFAULT_START = "2027-01-01";

/** The id a name gives: lower case, every run of other characters than letters and digits a `-`; undefined when nothing is left. */
export function templateId(name: string): string | undefined {
  const id = name
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
  return id === "" ? undefined : id;
}

/** `⟨value⟩` marks a field; `⟨a|b|c⟩` a field with choices, `a` written. */
const FIELD = /⟨([^⟩]*)⟩/g;

function build(kind: TemplateKind, lines: readonly string[]): Template {
  const source = `${lines.join("\n")}\n`;
  const fields: TemplateField[] = [];
  let text = "";
  let last = 0;
  for (const m of source.matchAll(FIELD)) {
    text += source.slice(last, m.index);
    const [value, ...rest] = m[1]!.split("|");
    const start = text.length;
    text += value!;
    fields.push(rest.length > 0 ? { span: { start, end: text.length }, choices: [value!, ...rest] } : { span: { start, end: text.length } });
    last = m.index! + m[0].length;
  }
  text += source.slice(last);
  return { kind, text, fields };
}

function deal(opts: TemplateOptions): Template {
  const id = (opts.id !== undefined ? templateId(opts.id) : undefined) ?? "new-deal";
  const start = opts.today ? formatDay(addMonths(fromYmd(opts.today.year, opts.today.month, 1), 1)) : DEFAULT_START;
  return build("deal", [
    "# A compute deal in Dealspec (docs/language.md). Fill in the values:",
    "# `dealspec lint` checks the file, `dealspec totals` computes its figures.",
    "dealspec: 1",
    `deal: ⟨${id}⟩ # the deal's id: lower-case letters, digits and -`,
    "title: ⟨New compute deal⟩",
    "currency: ⟨USD⟩ # the ISO 4217 code of every amount",
    "parties:",
    "  buyer: ⟨Buyer⟩",
    "  provider: ⟨Provider⟩",
    "term:",
    `  start: ⟨${start}⟩ # the first day`,
    "  months: ⟨36⟩ # or the last day: `end: YYYY-MM-DD`",
    "fees:",
    "  - id: ⟨base⟩ # unique within the deal",
    "    amount: ⟨$1M⟩ # per period: $1.25B, USD 625M, 1,250,000; or a unit price: `price: $4M per MW-month`",
    "    every: ⟨month|quarter|year|once⟩",
    "",
    "# More, when the deal has them (remove the leading `# ` to use a key):",
    "# capacity:                 # what the fees buy, for the unit costs",
    "#   power: 100 MW",
    "#   gpus: 50000",
    "# termination:              # who may end the deal early, with what notice",
    "#   - by: buyer",
    "#     notice: 90 days",
    "# expect:                   # figures you expect: lint fails when one is off",
    "#   total: $36M",
  ]);
}

function portfolio(opts: TemplateOptions): Template {
  const id = (opts.id !== undefined ? templateId(opts.id) : undefined) ?? "new-portfolio";
  return build("portfolio", [
    "# A portfolio of compute deals in Dealspec (docs/portfolio.md): the figures",
    "# of the deals it includes, in one currency. `dealspec lint` checks it,",
    "# `dealspec totals` computes its figures.",
    "dealspec: 1",
    `portfolio: ⟨${id}⟩ # the portfolio's id: lower-case letters, digits and -`,
    "title: ⟨Compute portfolio⟩",
    "currency: ⟨USD⟩ # the currency of the figures",
    "include:",
    '  - ⟨"*.deal.yaml"⟩ # every deal file in this folder; or name each file: - colossus-1.deal.yaml',
    "",
    "# More, when you need them (remove the leading `# ` to use a key):",
    "# fx:                        # one unit of each other deal currency, in `currency`",
    "#   EUR: 1.08",
    "# expect:                    # figures you expect: lint fails when one is off",
    "#   total: $100M",
  ]);
}

/** The template of a new deal file or portfolio file. */
export function newFileTemplate(kind: TemplateKind, opts: TemplateOptions = {}): Template {
  return kind === "deal" ? deal(opts) : portfolio(opts);
}

function escapeSnippet(text: string): string {
  return text.replace(/[$}\\]/g, (c) => `\\${c}`);
}

/** The template as an LSP/VS Code snippet: each field a tab stop in order (choices as a choice), the end of the file last. */
export function templateSnippet(t: Template): string {
  let out = "";
  let last = 0;
  t.fields.forEach((f, i) => {
    out += escapeSnippet(t.text.slice(last, f.span.start));
    const value = t.text.slice(f.span.start, f.span.end);
    out += f.choices ? `\${${i + 1}|${f.choices.map((c) => c.replace(/[,|\\]/g, (ch) => `\\${ch}`)).join(",")}|}` : `\${${i + 1}:${escapeSnippet(value)}}`;
    last = f.span.end;
  });
  return `${out}${escapeSnippet(t.text.slice(last))}$0`;
}
