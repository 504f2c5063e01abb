/** Money written back as source text, for quick fixes: `$46.25B`, `EUR 1,234.50`, `-$300k`. */
import { Decimal, groupDigits, minorUnits, plain } from "./money";

const SYMBOLS: Readonly<Record<string, string>> = { USD: "$", EUR: "€", GBP: "£", JPY: "¥" };

export function moneyLiteral(value: Decimal, currency: string): string {
  const marker = (value.isNegative() && !value.isZero() ? "-" : "") + (SYMBOLS[currency] ?? `${currency} `);
  const abs = value.abs();
  for (const [suffix, scale] of [["T", "1e12"], ["B", "1e9"], ["M", "1e6"], ["k", "1e3"]] as const) {
    const q = abs.div(scale);
    if (q.gte(1) && q.decimalPlaces() <= 3) return `${marker}${q.toString()}${suffix}`;
  }
  const text = plain(abs, minorUnits(currency));
  return `${marker}${groupDigits(text)}`;
}
