/**
 * Readers for the language's value syntax, from source text to exact values.
 * Each returns a value or a problem (code, message, optional replacement);
 * none throws and none goes through a JavaScript number.
 */
import type { DiagnosticCode } from "./diagnostics";
import { CURRENCY_SYMBOLS, Decimal } from "./money";

/** An id as the language writes them (fees, options, scenarios): lower-case letters, digits, `-` and `_`. */
export function isId(v: unknown): v is string {
  return typeof v === "string" && /^[a-z0-9_-]+$/.test(v);
}

export type Read<T> = { ok: true; value: T } | { ok: false; code: DiagnosticCode; message: string; replacement?: string };

const fail = <T>(code: DiagnosticCode, message: string, replacement?: string): Read<T> =>
  replacement === undefined ? { ok: false, code, message } : { ok: false, code, message, replacement };

const SCALE_SUFFIXES: Readonly<Record<string, string>> = { k: "1e3", K: "1e3", M: "1e6", B: "1e9", bn: "1e9", T: "1e12" };

const MONEY = /^(?:(?<code>[A-Za-z]{3})\s*|(?<symbol>[$€£¥])\s*)?(?<sign>[-+−])?(?<body>[0-9][0-9,_]*(?:\.[0-9]*)?|\.[0-9]+)(?:\s?(?<suffix>[A-Za-z]+))?$/u;
const SIGN_FIRST = /^[-−]\s*(?:[A-Z]{3}\s*|[$€£¥]\s*)?[0-9.]/u;
const EXPONENT = /^(?:[A-Za-z]{3}\s*|[$€£¥]\s*)?[0-9.]+[eE][-+]?[0-9]+$/u;
const GROUPED = /^[0-9]{1,3}(?:,[0-9]{3})+(?:\.[0-9]+)?$|^[0-9]{1,3}(?:_[0-9]{3})+(?:\.[0-9]+)?$|^[0-9]+(?:\.[0-9]+)?$/;

export interface MoneyValue {
  readonly amount: Decimal;
  /** The currency the marker named, if there was one. */
  readonly marker?: string;
  /** Where the marker sits in the text, to replace it. */
  readonly markerText?: string;
}

/** Reads money: `$1.25B`, `USD 625M`, `1,250,000,000`, `33,333.335`. */
export function readMoney(text: string, currency: string | undefined): Read<MoneyValue> {
  const t = text.trim();
  if (t === "") return fail("DS211", "Write an amount, such as `$1.25B` or `1,250,000`.");
  if (SIGN_FIRST.test(t)) return fail("DS212", `${quoted(t)} is negative, and amounts never are: write the amount without \`-\` and add \`credit: true\` to the fee.`);
  if (EXPONENT.test(t)) {
    const m = /^(.*?)([0-9.]+[eE][-+]?[0-9]+)$/u.exec(t);
    const value = m ? exactNumber(m[2]!) : undefined;
    if (value?.gte(MAX_AMOUNT)) {
      return fail("DS213", `${quoted(t)} is in exponent notation, which is not used for money, and ${quoted(m![2]!)} is beyond the largest amount Dealspec computes exactly, ${MAX_AMOUNT_TEXT}.`);
    }
    const suggestion = value && suffixed(value);
    return fail("DS213", `${quoted(t)} is in exponent notation, which is not used for money${suggestion ? `: write \`${m![1]}${suggestion}\`` : ": write a scale suffix such as `1B`"}.`, suggestion ? `${m![1]}${suggestion}` : undefined);
  }
  const m = MONEY.exec(t);
  if (!m?.groups) return fail("DS211", `${quoted(t)} is not an amount: write digits with an optional currency marker and scale, such as \`$1.25B\`, \`USD 625M\` or \`1,250,000\`.`);
  const { code, symbol, sign, body, suffix } = m.groups;
  if (sign === "-" || sign === "−") return fail("DS212", `${quoted(t)} is negative, and amounts never are: write the amount without \`-\` and add \`credit: true\` to the fee.`);
  if (sign === "+") return fail("DS211", `${quoted(t)} has a \`+\`: write the amount without it.`, t.replace("+", ""));
  if (!GROUPED.test(body!)) {
    return fail("DS211", `${quoted(t)} is not a well-formed amount: group separators (\`,\` or \`_\`) separate groups of three digits, and a decimal point needs digits on both sides.`);
  }
  let marker: string | undefined;
  if (code !== undefined) {
    if (code !== code.toUpperCase()) return fail("DS211", `${quoted(t)} has its currency code in lower case: write it in capitals, \`${code.toUpperCase()}\`.`, t.replace(code, code.toUpperCase()));
    marker = code;
  } else if (symbol !== undefined) {
    marker = CURRENCY_SYMBOLS[symbol];
  }
  let scale = "1";
  if (suffix !== undefined) {
    // Own keys only: a suffix such as `toString` or `constructor` is unknown, not a property every object has.
    const s = Object.hasOwn(SCALE_SUFFIXES, suffix) ? SCALE_SUFFIXES[suffix] : undefined;
    if (s === undefined) {
      const hint =
        suffix === "m" || suffix === "mm" || suffix === "mn"
          ? ` \`${suffix}\` could mean milli or million: write \`M\` for million.`
          : suffix === "b" || suffix === "Bn" || suffix === "BN"
            ? " Write `B` (or `bn`) for billion."
            : suffix === "t"
              ? " Write `T` for trillion."
              : " Use `k`, `M`, `B` (or `bn`) or `T`.";
      const fixed = suffix === "m" ? "M" : suffix === "b" || suffix === "Bn" || suffix === "BN" ? "B" : suffix === "t" ? "T" : undefined;
      return fail("DS214", `${quoted(t)} has an unknown scale suffix, \`${suffix}\`.${hint}`, fixed ? t.slice(0, t.length - suffix.length) + fixed : undefined);
    }
    scale = s;
  }
  if (marker !== undefined && currency !== undefined && marker !== currency) {
    return fail("DS215", `${quoted(t)} is marked ${marker} but the deal's currency is ${currency}: amounts are in the deal's currency.`);
  }
  const amount = new Decimal(body!.replace(/[,_]/g, "")).times(scale);
  if (amount.gte(MAX_AMOUNT)) {
    return fail("DS222", `${quoted(t)} is beyond the largest amount Dealspec computes exactly: amounts are read below ${MAX_AMOUNT_TEXT}, so that every cent of every figure stays exact.`);
  }
  const value: MoneyValue = marker === undefined ? { amount } : { amount, marker, markerText: code ?? symbol! };
  return { ok: true, value };
}

/**
 * Reads an amount that may be negative: expected figures, which can come out
 * below zero (a deal of credits). `-$300k` and `-300,000` are accepted.
 */
export function readSignedMoney(text: string, currency: string | undefined): Read<MoneyValue> {
  const t = text.trim();
  const negative = /^[-−]/u.test(t);
  const r = readMoney(negative ? t.replace(/^[-−]\s*/u, "") : t, currency);
  if (!r.ok || !negative) return r;
  return { ok: true, value: { ...r.value, amount: r.value.amount.neg() } };
}

/**
 * Amounts are read below 10^24 (a trillion trillion): figures are sums of
 * charges of about this size times factors, and the engine's 60 significant
 * digits then keep every cent exact. Above it, a figure would be rounded
 * silently, so the amount is an error instead.
 */
export const MAX_AMOUNT = new Decimal("1e24");
const MAX_AMOUNT_TEXT = "10^24 (`1,000,000,000,000T`)";

/** A value as a message quotes it: in backticks, and shortened in the middle when long (`1000000…00000000 (320 characters)`). */
export function quoted(text: string): string {
  const chars = [...text];
  return chars.length <= 40 ? `\`${text}\`` : `\`${chars.slice(0, 24).join("")}…${chars.slice(-8).join("")}\` (${chars.length} characters)`;
}

function exactNumber(text: string): Decimal | undefined {
  try {
    return new Decimal(text);
  } catch {
    return undefined;
  }
}

/** An amount with the largest scale suffix that fits, in plain digits (`2.5B`), never in exponent notation. */
function suffixed(v: Decimal): string {
  for (const [suffix, scale] of [["T", "1e12"], ["B", "1e9"], ["M", "1e6"], ["k", "1e3"]] as const) {
    if (v.gte(scale)) return `${v.div(scale).toFixed()}${suffix}`;
  }
  return v.toFixed();
}

export interface PercentValue {
  readonly rate: Decimal;
  /** True when written as a plain fraction (`0.03`) rather than with `%`. */
  readonly plainFraction: boolean;
}

const PERCENT = /^([0-9]+(?:\.[0-9]+)?)\s*%$/;
const FRACTION = /^[0-9]+(?:\.[0-9]+)?$/;

/** Reads a percentage: `3%`, `3.5 %`, or a plain fraction `0.03`. */
export function readPercent(text: string): Read<PercentValue> {
  const t = text.trim();
  if (/^[-−]/u.test(t)) return fail("DS216", `${quoted(t)} is negative, and a rate here never is.`);
  const p = PERCENT.exec(t);
  if (p) return { ok: true, value: { rate: new Decimal(p[1]!).div(100), plainFraction: false } };
  if (FRACTION.test(t)) return { ok: true, value: { rate: new Decimal(t), plainFraction: true } };
  return fail("DS216", `${quoted(t)} is not a percentage: write \`3%\`, \`3.5 %\` or a fraction such as \`0.03\`.`);
}

export type DurationUnit = "days" | "months";

export interface DurationValue {
  readonly count: number;
  readonly unit: DurationUnit;
  /** As written, normalised: `90 days`, `6 months`, `1 year`. */
  readonly text: string;
}

const DURATION = /^([0-9]+)\s*(day|days|month|months|year|years)$/;

/** Reads a duration: `90 days`, `6 months`, `1 year`. Years are 12 months. */
export function readDuration(text: string): Read<DurationValue> {
  const t = text.trim();
  const m = DURATION.exec(t);
  if (!m) {
    const word = /^([0-9]+)\s*([A-Za-z]+)$/.exec(t);
    if (word && /^(d|w|wk|weeks?|mo|mos|mths?|yrs?|y)$/i.test(word[2]!)) {
      return fail("DS218", `${quoted(t)} is not a duration: write the unit in full, \`days\`, \`months\` or \`years\` (\`${word[2]}\` is not one).`);
    }
    return fail("DS218", `${quoted(t)} is not a duration: write a whole number and \`days\`, \`months\` or \`years\`, such as \`90 days\`.`);
  }
  const n = Number(m[1]);
  if (!Number.isSafeInteger(n) || m[1]!.length > 6) return fail("DS218", `${quoted(t)} is far too long a duration for a deal term.`);
  const unitWord = m[2]!;
  if (unitWord.startsWith("year")) return { ok: true, value: { count: n * 12, unit: "months", text: t } };
  return { ok: true, value: { count: n, unit: unitWord.startsWith("day") ? "days" : "months", text: t } };
}

export interface PowerValue {
  readonly megawatts: Decimal;
  readonly text: string;
}

const POWER = /^([0-9][0-9,_]*(?:\.[0-9]+)?)\s*(kW|MW|GW)$/;

/** Reads a power quantity: `300 MW`, `1.5 GW`, `800 kW`. */
export function readPower(text: string): Read<PowerValue> {
  const t = text.trim();
  const m = POWER.exec(t);
  if (!m || !GROUPED.test(m[1]!)) {
    if (/^[0-9.,_]+$/.test(t)) return fail("DS220", `${quoted(t)} has no unit: write \`${t} MW\` (or \`kW\`, \`GW\`).`, `${t} MW`);
    if (/^[0-9.,_]+\s*(kw|mw|gw|Kw|Mw|Gw|KW)$/.test(t)) {
      return fail("DS220", `${quoted(t)} has its unit in the wrong case: write \`kW\`, \`MW\` or \`GW\`.`, t.replace(/(kw|mw|gw|Kw|Mw|Gw|KW)$/, (u) => u[0]!.toUpperCase().replace("K", "k") + "W"));
    }
    return fail("DS220", `${quoted(t)} is not a power quantity: write a number and \`kW\`, \`MW\` or \`GW\`, such as \`300 MW\`.`);
  }
  const n = new Decimal(m[1]!.replace(/[,_]/g, ""));
  const factor = m[2] === "kW" ? new Decimal("0.001") : m[2] === "GW" ? new Decimal(1000) : new Decimal(1);
  const megawatts = n.times(factor);
  if (megawatts.isZero()) return fail("DS220", `${quoted(t)} is no power: write a power above zero.`);
  return { ok: true, value: { megawatts, text: t } };
}

/** Reads a whole count above zero: `220000`, `220,000`. */
export function readCount(text: string): Read<Decimal> {
  const t = text.trim();
  if (!/^[0-9]{1,3}(?:[,_][0-9]{3})+$|^[0-9]+$/.test(t)) return fail("DS221", `${quoted(t)} is not a whole number: write digits, such as \`220000\`.`);
  const n = new Decimal(t.replace(/[,_]/g, ""));
  if (n.isZero()) return fail("DS221", `${quoted(t)} is zero: write a count above zero.`);
  return { ok: true, value: n };
}

/** The units a price may be given in (written exactly so). */
export const PRICE_UNITS = ["MW-month", "kW-month", "GPU-month", "GPU-hour"] as const;
export type PriceUnit = (typeof PRICE_UNITS)[number];

export interface PriceValue {
  readonly amount: Decimal;
  readonly unit: PriceUnit;
  /** The money part as written (`$4M`), for messages and fixes. */
  readonly moneyText: string;
}

/** True for the units priced per GPU; the others are priced per unit of power. */
export function isGpuUnit(unit: PriceUnit): boolean {
  return unit === "GPU-month" || unit === "GPU-hour";
}

/** Reads a unit price: `$4M per MW-month`, `$2.10 per GPU-hour`, `€1,800 per kW-month`. */
export function readPrice(text: string, currency: string | undefined): Read<PriceValue> {
  const t = text.trim();
  const m = /^(.*?)\s+per\s+(\S+)$/u.exec(t) ?? /^(.*?)\s*\/\s*(\S+)$/u.exec(t);
  if (!m) {
    return fail("DS230", `${quoted(t)} is not a unit price: write an amount, \`per\` and a unit, such as \`$4M per MW-month\` (units: ${PRICE_UNITS.map((u) => `\`${u}\``).join(", ")}).`);
  }
  const moneyText = m[1]!;
  const unitText = m[2]!;
  const unit = PRICE_UNITS.find((u) => u === unitText);
  if (unit === undefined) {
    const near = PRICE_UNITS.find((u) => u.toLowerCase() === unitText.toLowerCase().replace(/s$/, "").replace(/_/g, "-"));
    const listed = PRICE_UNITS.map((u) => `\`${u}\``).join(", ");
    return fail("DS231", `\`${unitText}\` is not a price unit: write one of ${listed}${near ? ` (did you mean \`${near}\`?)` : ""}.`, near ? `${moneyText} per ${near}` : undefined);
  }
  const money = readMoney(moneyText, currency);
  if (!money.ok) return money.replacement !== undefined ? { ...money, replacement: `${money.replacement} per ${unit}` } : money;
  return { ok: true, value: { amount: money.value.amount, unit, moneyText } };
}

/**
 * Reads a fee's `quantity` in the unit of its price: a power (`500 MW`,
 * converted exactly to MW or kW) for the power units, a GPU count (`20000`,
 * `20,000`, `20,000 GPUs`) for the GPU units.
 */
export function readQuantity(text: string, unit: PriceUnit): Read<Decimal> {
  const t = text.trim();
  if (isGpuUnit(unit)) {
    if (POWER.test(t)) return fail("DS232", `${quoted(t)} is not a number of GPUs: a price per ${unit} counts GPUs; write a number of GPUs, such as \`20,000\`, not a power.`);
    const r = readCount(t.replace(/\s*GPUs?$/u, ""));
    return r.ok ? r : fail("DS232", `${quoted(t)} is not a number of GPUs: write a whole number, such as \`20,000\` or \`20,000 GPUs\`.`);
  }
  if (/^[0-9][0-9,_]*(?:\s*GPUs?)?$/u.test(t) && /GPU/u.test(t)) return fail("DS232", `${quoted(t)} is not a power: a price per ${unit} counts power; write a power, such as \`500 MW\`, not GPUs.`);
  const r = readPower(t);
  if (!r.ok) return fail("DS232", r.message, r.replacement);
  return { ok: true, value: unit === "kW-month" ? r.value.megawatts.times(1000) : r.value.megawatts };
}

/**
 * Reads a signed percentage written with its sign and `%` (`+10%`, `-5%`,
 * `+0%`), as `reprice` and a scenario's `change` take: a plain number is
 * refused, since YAML reads `+0.05` as a number and drops the sign.
 */
export function readSignedPercent(text: string, code: DiagnosticCode): Read<Decimal> {
  const t = text.trim();
  const m = /^([-+−])\s*([0-9]+(?:\.[0-9]+)?)\s*%$/u.exec(t);
  if (m) {
    const rate = new Decimal(m[2]!).div(100);
    return { ok: true, value: m[1] === "+" ? rate : rate.neg() };
  }
  const bare = /^([0-9]+(?:\.[0-9]+)?)\s*%$/u.exec(t);
  if (bare) return fail(code, `Write the sign: \`+${bare[1]}%\` (or \`-${bare[1]}%\`).`, `+${bare[1]}%`);
  return fail(code, `${quoted(t)} is not a signed percentage: write it with its sign and \`%\`, such as \`+10%\` or \`-5%\`.`);
}

/** Reads a signed duration: `3 months`, `+3 months`, `-45 days`. */
export function readSignedDuration(text: string): Read<{ readonly sign: 1 | -1; readonly duration: DurationValue }> {
  const t = text.trim();
  const sign = /^[-−]/u.test(t) ? -1 : 1;
  const r = readDuration(t.replace(/^[-+−]\s*/u, ""));
  if (!r.ok) return r;
  return { ok: true, value: { sign, duration: r.value } };
}
