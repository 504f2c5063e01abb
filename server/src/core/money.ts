/**
 * Exact money: one Decimal configuration, one rounding rule (half away from
 * zero to the currency's ISO 4217 minor unit) and one set of formatters, used
 * by every figure, hover, hint and CLI line.
 */
import DecimalBase from "decimal.js";
import * as iso4217 from "currency-codes";

/** The engine's Decimal: 60 significant digits, ties away from zero. */
export const Decimal = DecimalBase.clone({ precision: 60, rounding: DecimalBase.ROUND_HALF_UP, toExpNeg: -30, toExpPos: 60 });
export type Decimal = InstanceType<typeof Decimal>;

export const ZERO = new Decimal(0);
export const ONE = new Decimal(1);

/** Symbols the language accepts as a currency marker, and what they mean. */
export const CURRENCY_SYMBOLS: Readonly<Record<string, string>> = { $: "USD", "€": "EUR", "£": "GBP", "¥": "JPY" };

const SYMBOL_OF: Readonly<Record<string, string>> = Object.fromEntries(
  Object.entries(CURRENCY_SYMBOLS).map(([symbol, code]) => [code, symbol]),
);

export function isKnownCurrency(code: string): boolean {
  return iso4217.code(code) !== undefined;
}

export function knownCurrencyCodes(): readonly string[] {
  return iso4217.codes();
}

export function currencyName(code: string): string | undefined {
  return iso4217.code(code)?.currency;
}

/** The ISO 4217 minor unit of a currency (2 when unknown or not applicable). */
export function minorUnits(code: string): number {
  const digits = iso4217.code(code)?.digits;
  return typeof digits === "number" && Number.isInteger(digits) && digits >= 0 ? digits : 2;
}

/** Rounds half away from zero to `minor` decimals. */
export function roundMinor(value: Decimal, minor: number): Decimal {
  return value.toDecimalPlaces(minor, Decimal.ROUND_HALF_UP);
}

/**
 * numerator / denominator (denominator > 0) rounded half away from zero to a
 * whole number: the rounding rule in integers, for figures summed exactly in
 * scaled minor units before their one rounding.
 */
export function divideRounded(numerator: bigint, denominator: bigint): bigint {
  const negative = numerator < 0n;
  const units = ((negative ? -numerator : numerator) * 2n + denominator) / (2n * denominator);
  return negative ? -units : units;
}

/** The count of decimal digits of a word of a Decimal's digits (base 10^7: 1 to 7). */
function wordDigits(w: number): number {
  return w < 10 ? 1 : w < 100 ? 2 : w < 1e3 ? 3 : w < 1e4 ? 4 : w < 1e5 ? 5 : w < 1e6 ? 6 : 7;
}

/**
 * `amount` x 10^minor from its digits, when that is a whole number below
 * 2^53 (most charges): decimal.js keeps a value as words of 7 digits `d`, the
 * first without leading zeros, the exponent `e` of its first digit and its
 * sign `s`. Undefined otherwise (the caller multiplies out).
 */
function smallUnits(amount: Decimal, minor: number): bigint | undefined {
  const d = amount.d;
  if (!d) return undefined;
  let int = 0;
  for (const w of d) {
    int = int * 1e7 + w;
    if (int > Number.MAX_SAFE_INTEGER) return undefined;
  }
  // The power of ten of the last word's last digit, then of the minor unit.
  const shift = amount.e - (wordDigits(d[0]!) - 1) - 7 * (d.length - 1) + minor;
  if (shift < 0) {
    if (shift < -15 || int % 10 ** -shift !== 0) return undefined;
    int /= 10 ** -shift;
  } else {
    if (shift > 15) return undefined;
    int *= 10 ** shift;
    if (int > Number.MAX_SAFE_INTEGER) return undefined;
  }
  return BigInt(amount.s < 0 ? -int : int);
}

/**
 * An amount (already rounded to `minor` decimals) as a whole count of minor
 * units, exactly: read from its digits when below 2^53 (most charges), else
 * multiplied out (amounts of 2^53 minor units and more are rare). A charge carries its own (`Charge.minorUnits`).
 */
export function toMinorUnits(amount: Decimal, minor: number): bigint {
  return smallUnits(amount, minor) ?? BigInt(amount.times(new Decimal(10).pow(minor)).toFixed(0));
}

/** A count of minor units as the amount it is: the inverse of `toMinorUnits` (exact; zero is never -0). */
export function fromMinorUnits(units: bigint, minor: number): Decimal {
  const negative = units < 0n;
  let digits = (negative ? -units : units).toString();
  if (minor > 0) {
    digits = digits.padStart(minor + 1, "0");
    digits = `${digits.slice(0, -minor)}.${digits.slice(-minor)}`;
  }
  return new Decimal(negative ? `-${digits}` : digits);
}

/** Plain decimal notation with exactly `minor` decimals: the JSON form. */
export function plain(value: Decimal, minor: number): string {
  const rounded = roundMinor(value, minor);
  return (rounded.isZero() ? new Decimal(0) : rounded).toFixed(minor);
}

/** A plain decimal's integer digits grouped by thousands, its sign and fraction kept: `-10300.5` -> `-10,300.5`. */
export function groupDigits(plainNumber: string): string {
  const [int, frac] = plainNumber.split(".");
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return frac === undefined ? grouped : `${grouped}.${frac}`;
}

function withMarker(currency: string, body: string, negative: boolean): string {
  const symbol = SYMBOL_OF[currency];
  const sign = negative ? "-" : "";
  return symbol ? `${sign}${symbol}${body}` : `${sign}${currency} ${body}`;
}

/** Exact, grouped, with the currency marker: `$1,250,000,000.00`. */
export function formatMoney(value: Decimal, currency: string): string {
  const minor = minorUnits(currency);
  const text = plain(value, minor);
  const negative = text.startsWith("-");
  return withMarker(currency, groupDigits(negative ? text.slice(1) : text), negative);
}

/**
 * Exact, grouped, with the currency marker, keeping every decimal the value
 * has (at least the minor unit's): `33,333.335` stays `$33,333.335`, where
 * `formatMoney` shows the rounded `$33,333.34`. Values with more than
 * `maxDecimals` decimals are rounded there and marked with a leading `≈`.
 */
export function formatMoneyExact(value: Decimal, currency: string, maxDecimals = 10): string {
  const minor = minorUnits(currency);
  const places = Math.max(minor, value.decimalPlaces());
  if (places === minor) return formatMoney(value, currency);
  const shown = Math.min(places, Math.max(maxDecimals, minor));
  const text = value.toFixed(shown, Decimal.ROUND_HALF_UP);
  const negative = text.startsWith("-");
  const body = withMarker(currency, groupDigits(negative ? text.slice(1) : text), negative);
  return places > shown ? `≈${body}` : body;
}

const SCALES: ReadonlyArray<readonly [string, Decimal]> = [
  ["T", new Decimal("1e12")],
  ["B", new Decimal("1e9")],
  ["M", new Decimal("1e6")],
  ["k", new Decimal("1e3")],
];

/** Compact, for inline hints: `$43.75B`, `€410k`, `¥57M`. Not exact: hovers give the exact figure. */
export function formatCompact(value: Decimal, currency: string): string {
  const negative = value.isNegative() && !value.isZero();
  const abs = value.abs();
  for (const [suffix, scale] of SCALES) {
    if (abs.gte(scale)) {
      const scaled = abs.div(scale).toDecimalPlaces(2, Decimal.ROUND_HALF_UP);
      return withMarker(currency, `${scaled.toString()}${suffix}`, negative);
    }
  }
  return withMarker(currency, roundMinor(abs, minorUnits(currency)).toString(), negative);
}

/** A rate as a percentage: 0.035 -> `3.5%`. */
export function formatPercent(rate: Decimal): string {
  return `${rate.times(100).toDecimalPlaces(6, Decimal.ROUND_HALF_UP).toString()}%`;
}
