/**
 * The shape of a deal file, in zod: which keys exist, which are required and
 * what kind of value each holds. Values are read exactly from source text in
 * `model.ts`; this schema only checks shape, documents every key (hovers and
 * completion read the descriptions) and is exported as JSON Schema.
 */
import { z } from "zod";

/** A string value, documented. */
export const textValue = (description: string) => z.string({ error: "Write text here." }).describe(description);

/** Money, read exactly from its source text later (`$1.25B`). */
export const moneyValue = (description: string) =>
  z
    .union([z.string(), z.number()], { error: "Write an amount of money, such as `$1.25B`, `USD 625M` or `1,250,000`." })
    .describe(description)
    .meta({ dealspecKind: "money" });

const date = (description: string) =>
  z.string({ error: "Write a date as YYYY-MM-DD, for example `2026-05-01`." }).describe(description).meta({ dealspecKind: "date" });

/** A percentage (`3%`, `0.03`). */
export const percentageValue = (description: string) =>
  z
    .union([z.string(), z.number()], { error: "Write a percentage, such as `3%` or `0.03`." })
    .describe(description)
    .meta({ dealspecKind: "percentage" });

const duration = (description: string) =>
  z.string({ error: "Write a duration, such as `90 days`, `6 months` or `1 year`." }).describe(description).meta({ dealspecKind: "duration" });

export const BASES = ["contract", "reported", "assumed"] as const;
export const INTERVALS = ["month", "quarter", "year", "once"] as const;
export const ESCALATION_INTERVALS = ["month", "quarter", "year"] as const;
export const PAYMENT_TIMINGS = ["in_advance", "in_arrears"] as const;

const basis = z
  .enum(BASES, { error: "Write one of `contract`, `reported` or `assumed`." })
  .describe("Where the figure comes from: `contract` (default), `reported` (public reporting) or `assumed` (a modelling assumption).");
const source = textValue("The clause, filing, report or URL the figure comes from.");

export const feeSchema = z
  .strictObject({
    id: z
      .string({ error: "Write an id such as `base-fee`." })
      .regex(/^[a-z0-9_-]+$/, { error: "A fee id uses lower-case letters, digits, `-` and `_`, such as `base-fee`." })
      .describe("Unique name of the fee within the deal: lower-case letters, digits, `-` and `_`."),
    label: textValue("A readable name, shown in hovers.").optional(),
    note: textValue("A note shown in hovers; say here what an assumption rests on.").optional(),
    amount: moneyValue("Money charged per period (or once): `$1.25B`, `USD 625M`, `1,250,000`."),
    every: z
      .enum(INTERVALS, { error: "Write one of `month`, `quarter`, `year` or `once`." })
      .describe("How often the amount is charged: `month`, `quarter` (3 months), `year` (12 months) or `once`."),
    from: date("First day the fee applies (default: the term's start); for a one-time fee, the day it is paid.").optional(),
    until: date("Last day the fee applies, inclusive (default: the term's last day). Not allowed on one-time fees.").optional(),
    escalate: z
      .strictObject({
        rate: percentageValue("Compound increase per escalation interval: `3%`."),
        every: z
          .enum(ESCALATION_INTERVALS, { error: "Write one of `month`, `quarter` or `year`." })
          .describe("How often the amount escalates (default `year`).")
          .optional(),
      }, { error: "Write the escalation as a mapping, such as `{rate: 3%, every: year}`." })
      .describe("A compound increase: `{rate: 3%, every: year}`.")
      .optional(),
    credit: z.boolean({ error: "Write `true` or `false`." }).describe("`true`: the amount is subtracted (a credit or rebate).").optional(),
    paid: z
      .enum(PAYMENT_TIMINGS, { error: "Write `in_advance` or `in_arrears`." })
      .describe("When each charge is paid: `in_advance` (first day of its period, the default) or `in_arrears` (last day).")
      .optional(),
    source: source.optional(),
    basis: basis.optional(),
  }, { error: "Write a fee as a mapping with at least `id`, `amount` and `every`." })
  .describe("A fee: an amount charged every month, quarter or year, or once.");

/** An expected amount, or `{value, tolerance}`. */
export const expectValue = z
  .union([
    z.string(),
    z.number(),
    z.strictObject({
      value: moneyValue("The expected figure."),
      tolerance: percentageValue("How far the computed figure may be from the expected one: a percentage (`0.5%`) or money (`$1M`).")
        .meta({ dealspecKind: "tolerance" })
        .optional(),
    }),
  ], { error: "Write an amount, or `{value: AMOUNT, tolerance: 1%}`." })
  .meta({ dealspecKind: "expectation" });

export const terminationSchema = z
  .strictObject({
    by: z
      .union([z.string(), z.array(z.string())], { error: "Write a party role (`buyer`), a list of roles, or `either`." })
      .describe("Who may terminate: a party role, a list of roles, or `either` (buyer or provider)."),
    notice: duration("Notice period: `90 days`, `6 months`, `1 year`."),
    fee: moneyValue("Money paid on termination (default 0).").optional(),
    not_before: date("The earliest day notice may be given (default: the term's start).").optional(),
    source: source.optional(),
    basis: basis.optional(),
    note: textValue("A note shown in hovers.").optional(),
  }, { error: "Write a termination clause as a mapping with `by` and `notice`." })
  .describe("A termination clause: who may end the deal, with what notice and fee.");

export const dealSchema = z
  .strictObject({
    dealspec: z.literal(1, { error: "This is Dealspec language version 1: write `dealspec: 1`." }).describe("The language version: `1`."),
    deal: z
      .string({ error: "Write the deal's id, such as `colossus-1`." })
      .regex(/^[a-z0-9][a-z0-9-]*$/, { error: "A deal id uses lower-case letters, digits and `-`, starting with a letter or digit, such as `colossus-1`." })
      .describe("The deal's id: lower-case letters, digits and `-`."),
    title: textValue("A readable title.").optional(),
    currency: z
      .string({ error: "Write an ISO 4217 currency code, such as `USD`." })
      .regex(/^[A-Z]{3}$/, { error: "A currency is a three-letter ISO 4217 code in capitals, such as `USD`, `EUR` or `JPY`." })
      .describe("The ISO 4217 code every amount is in: `USD`, `EUR`, `JPY`, ..."),
    parties: z
      .object({
        buyer: textValue("Who pays."),
        provider: textValue("Who provides the capacity."),
      }, { error: "Write the parties as a mapping of role to name, with at least `buyer` and `provider`." })
      .catchall(textValue("Another party to the deal."))
      .describe("Who is party to the deal: role to name; `buyer` and `provider` are required."),
    term: z
      .strictObject({
        start: date("The first day of the term."),
        end: date("The last day of the term, inclusive. Give `end` or `months`, not both.").optional(),
        months: z
          .number({ error: "Write a whole number of months, such as `36`." })
          .int({ error: "Write a whole number of months, such as `36`." })
          .min(1, { error: "A term lasts at least 1 month." })
          .describe("The length of the term in months. Give `end` or `months`, not both.")
          .optional(),
        source: source.optional(),
        basis: basis.optional(),
      }, { error: "Write the term as a mapping with `start` and `end` (or `months`)." })
      .describe("When the deal runs: `start`, and `end` (inclusive) or `months`."),
    capacity: z
      .strictObject({
        power: z
          .union([z.string(), z.number()], { error: "Write power with its unit, such as `300 MW`." })
          .describe("Power capacity with its unit: `kW`, `MW` or `GW`, such as `300 MW`.")
          .meta({ dealspecKind: "power" })
          .optional(),
        gpus: z
          .union([z.number(), z.string()], { error: "Write a whole number of GPUs, such as `220000`." })
          .describe("The number of GPUs, a whole number above 0.")
          .meta({ dealspecKind: "count" })
          .optional(),
        gpu_model: textValue("The GPU model, such as `NVIDIA GB200`.").optional(),
        site: textValue("Where the capacity is.").optional(),
        source: source.optional(),
        basis: basis.optional(),
      }, { error: "Write capacity as a mapping, such as `{power: 300 MW, gpus: 220000}`." })
      .describe("What the deal buys: power, GPUs, model, site.")
      .optional(),
    fees: z
      .array(feeSchema, { error: "Write the fees as a list, each item starting with `- id: ...`." })
      .min(1, { error: "A deal has at least one fee." })
      .describe("The fees, a non-empty list."),
    commitment: z
      .strictObject({
        minimum: moneyValue("The least the buyer pays over the term."),
        source: source.optional(),
        note: textValue("A note shown in hovers.").optional(),
      }, { error: "Write the commitment as a mapping, such as `{minimum: $40B}`." })
      .describe("A minimum spend over the term.")
      .optional(),
    termination: z
      .array(terminationSchema, { error: "Write termination clauses as a list, each item starting with `- by: ...`." })
      .describe("Termination clauses.")
      .optional(),
    discount_rate: percentageValue("Yearly discount rate for the net present value: `8%`.").optional(),
    expect: z
      .strictObject({
        total: expectValue.describe("The expected total contract value.").optional(),
        run_rate: expectValue.describe("The expected yearly run rate at the end of the term.").optional(),
        peak_month: expectValue.describe("The expected largest sum paid in one calendar month.").optional(),
        exit_exposure: z
          .union([expectValue, z.array(expectValue)], { error: "Write one amount, or a list with one per termination clause." })
          .describe("The expected exit exposure: one value (the first clause) or a list, one per clause in order.")
          .optional(),
        year: z
          .record(z.string(), expectValue, { error: "Write a mapping of year to amount, such as `2027: $15B`." })
          .describe("Expected sums per calendar year: `2027: $15B`.")
          .optional(),
      }, { error: "Write expectations as a mapping, such as `{total: $45B}`." })
      .describe("Figures the deal is expected to produce: checked, like a ledger's balance assertions.")
      .optional(),
    notes: textValue("Free text about the deal.").optional(),
  }, { error: "A deal file is a mapping of keys such as `dealspec`, `deal` and `currency`." })
  .describe("A Dealspec deal file (language version 1).");

export type RawDeal = z.input<typeof dealSchema>;

/** The JSON Schema (draft 2020-12) of deal files, for editors and other tools. */
export function dealJsonSchema(): Record<string, unknown> {
  return z.toJSONSchema(dealSchema, { target: "draft-2020-12", io: "input", unrepresentable: "any" }) as Record<string, unknown>;
}

type AnySchema = z.core.$ZodType;

function unwrap(schema: AnySchema): AnySchema {
  let s = schema;
  for (let i = 0; i < 8; i++) {
    if (s instanceof z.ZodOptional || s instanceof z.ZodNullable || s instanceof z.ZodDefault) s = s.unwrap() as AnySchema;
    else break;
  }
  return s;
}

/** The object schemas a value at `path` may be (a union may give several). */
export function schemasAt(path: readonly (string | number)[], root: AnySchema = dealSchema): AnySchema[] {
  let current: AnySchema[] = [unwrap(root)];
  for (const seg of path) {
    const next: AnySchema[] = [];
    const expand = (s: AnySchema) => {
      const u = unwrap(s);
      if (u instanceof z.ZodUnion) for (const o of u.options) expand(o as AnySchema);
      else next.push(u);
    };
    for (const s of current) {
      if (s instanceof z.ZodObject) {
        const child = (s.shape as Record<string, AnySchema>)[String(seg)] ?? (s._zod.def.catchall as AnySchema | undefined);
        if (child && !(child instanceof z.ZodNever)) expand(child);
      } else if (s instanceof z.ZodArray && typeof seg === "number") {
        expand(s.element as AnySchema);
      } else if (s instanceof z.ZodRecord) {
        expand(s._zod.def.valueType as AnySchema);
      }
    }
    current = next.flatMap((s) => (s instanceof z.ZodUnion ? (s.options as AnySchema[]) : [s]));
  }
  return current.map(unwrap);
}

export interface KeyInfo {
  readonly key: string;
  readonly description: string;
  readonly required: boolean;
  readonly kind?: string;
}

/** The keys a mapping at `path` may hold, with their documentation. */
export function keysAt(path: readonly (string | number)[], root: AnySchema = dealSchema): KeyInfo[] {
  const out: KeyInfo[] = [];
  const seen = new Set<string>();
  for (const s of schemasAt(path, root)) {
    if (!(s instanceof z.ZodObject)) continue;
    for (const [key, child] of Object.entries(s.shape as Record<string, z.ZodType>)) {
      if (seen.has(key)) continue;
      seen.add(key);
      const meta = (child.meta?.() ?? (unwrap(child as AnySchema) as z.ZodType).meta?.()) as Record<string, unknown> | undefined;
      out.push({
        key,
        description: child.description ?? (unwrap(child as AnySchema) as z.ZodType).description ?? "",
        required: !(child instanceof z.ZodOptional),
        kind: typeof meta?.dealspecKind === "string" ? meta.dealspecKind : undefined,
      });
    }
  }
  return out;
}

/** True when the mapping at `path` accepts keys beyond its listed ones (as `parties` does). */
export function acceptsOtherKeys(path: readonly (string | number)[], root: AnySchema = dealSchema): boolean {
  return schemasAt(path, root).some((s) => s instanceof z.ZodObject && s._zod.def.catchall !== undefined && !(s._zod.def.catchall instanceof z.ZodNever));
}
