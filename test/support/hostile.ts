/** Deals whose names are also properties of every JavaScript object, for the core's and the CLI's tests. */

export const HOSTILE_NAMES = ["__proto__", "constructor", "prototype"] as const;

export interface HostileOptions {
  /** The deal's id (default `hostile`). */
  readonly id?: string;
  /** The provider's name (default `B`). */
  readonly provider?: string;
  /** Add a second fee, `other`, of $1 a month. */
  readonly otherFee?: boolean;
}

/** A deal where the fee, a party role, the option, the clause's role and the scenario all carry `name`. */
export function hostileDeal(name: string, options: HostileOptions = {}): string {
  const other = options.otherFee ? `  - id: other\n    amount: $1\n    every: month\n` : "";
  return `dealspec: 1
deal: ${options.id ?? "hostile"}
currency: USD
parties: {buyer: A, provider: ${options.provider ?? "B"}, ${name}: C}
term: {start: 2026-01-01, months: 12}
fees:
  - id: ${name}
    amount: $1M
    every: month
${other}options:
  - id: ${name}
    extend: 1 year
    by: ${name}
    notice: 90 days
termination:
  - by: ${name}
    notice: 60 days
scenarios:
  - id: ${name}
    set: {fees.${name}.amount: $2M}
`;
}
