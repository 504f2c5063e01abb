/**
 * The shape of a deal file, in zod: which keys exist, which are required and
 * what kind of value each holds. Values are read exactly from source text in
 * lowering (`model/`); this schema only checks shape, documents every key
 * (hovers and completion read the descriptions) and is exported as JSON
 * Schema.
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

/** A signed percentage (`+10%`). Numbers pass the shape check so that the model reports them as DS233: YAML drops their sign. */
export const signedPercentValue = (description: string) =>
  z
    .union([z.string(), z.number()], { error: "Write a signed percentage as text, such as `+10%` or `-5%`." })
    .describe(description)
    .meta({ dealspecKind: "signed-percentage" });

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
    amount: moneyValue("Money charged per period (or once): `$1.25B`, `USD 625M`, `1,250,000`. Give `amount` or `price`, not both.").optional(),
    price: z
      .string({ error: "Write a unit price, such as `$4M per MW-month` or `$2.10 per GPU-hour`." })
      .describe("A price per unit of capacity, instead of `amount`: `$4M per MW-month`, `€1,800 per kW-month`, `$2.10 per GPU-hour`, `$1,500 per GPU-month`.")
      .meta({ dealspecKind: "price" })
      .optional(),
    quantity: z
      .union([z.string(), z.number()], { error: "Write a power (`500 MW`) or a number of GPUs (`20,000`)." })
      .describe("How many units the price is charged for: a power (`500 MW`) for `MW-month`/`kW-month`, a GPU count (`20,000`) for `GPU-month`/`GPU-hour`. Default: the capacity in force each day.")
      .meta({ dealspecKind: "quantity" })
      .optional(),
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
  }, { error: "Write a fee as a mapping with at least `id`, `amount` (or `price`) and `every`." })
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

const powerValue = (description: string) =>
  z.union([z.string(), z.number()], { error: "Write power with its unit, such as `300 MW`." }).describe(description).meta({ dealspecKind: "power" });
const gpuCount = (description: string) =>
  z.union([z.number(), z.string()], { error: "Write a whole number of GPUs, such as `220000`." }).describe(description).meta({ dealspecKind: "count" });

export const stepSchema = z
  .strictObject({
    from: date("The first day of the new capacity; steps are in date order, inside the term."),
    power: powerValue("Power in force from `from` on: `500 MW`.").optional(),
    gpus: gpuCount("GPUs in force from `from` on.").optional(),
    source: source.optional(),
    basis: basis.optional(),
    note: textValue("A note shown in hovers.").optional(),
  }, { error: "Write a capacity step as a mapping, such as `{from: 2027-01-01, power: 500 MW}`." })
  .describe("A capacity step: from its `from` day, the `power` and/or `gpus` it sets.");

const optionId = z
  .string({ error: "Write an id such as `extend-2y`." })
  .regex(/^[a-z0-9_-]+$/, { error: "An option id uses lower-case letters, digits, `-` and `_`, such as `extend-2y`." });

export const optionSchema = z
  .strictObject({
    id: optionId.describe("Unique name of the option: lower-case letters, digits, `-` and `_`."),
    label: textValue("A readable name, shown in hovers.").optional(),
    extend: duration("How long the option extends the term, after its last day: `24 months`."),
    by: z
      .union([z.string(), z.array(z.string())], { error: "Write a party role (`buyer`), a list of roles, or `either`." })
      .describe("Who may exercise the option: a party role, a list of roles, or `either`."),
    notice: duration("How long before the term's last day the option must be exercised: `180 days`."),
    exercised: z.boolean({ error: "Write `true` or `false`." }).describe("`true`: the figures include the extension (default `false`).").optional(),
    reprice: signedPercentValue("A signed change of every charge in the extension: `+5%`, `-3%` (default `+0%`).").optional(),
    source: source.optional(),
    basis: basis.optional(),
    note: textValue("A note shown in hovers.").optional(),
  }, { error: "Write an option as a mapping with `id`, `extend`, `by` and `notice`." })
  .describe("An option to extend the term.");

/** Expectations on figures; the deal's and each scenario's. */
export const expectSchema = z
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
  .describe("Figures the deal is expected to produce: checked, like a ledger's balance assertions.");

export const scenarioSchema = z
  .strictObject({
    id: optionId.describe("Unique name of the scenario: lower-case letters, digits, `-` and `_`."),
    label: textValue("A readable name, shown in its hover and in the outline.").optional(),
    note: textValue("A note shown in its hover.").optional(),
    set: z
      .record(z.string(), z.unknown(), { error: "Write `set` as a mapping of path to value, such as `{fees.base.amount: $1.3B}`." })
      .describe("Values to replace, by path: `fees.base.amount: $1.3B`, `term.end: 2028-12-31`, `discount_rate: 10%`; `null` removes.")
      .optional(),
    change: z
      .record(z.string(), z.union([z.string(), z.number()]), { error: "Write `change` as a mapping of fee id to a signed percentage, such as `{base: +10%}`." })
      .describe("Price changes by fee id (or `assumed`, `all`): a signed percentage, `+10%`, `-5%`.")
      .optional(),
    shift: z
      .record(z.string(), z.union([z.string(), z.number()]), { error: "Write `shift` as a mapping, such as `{capacity: 3 months}`." })
      .describe("Moves in time, by fee id, `capacity` or `term`: a signed duration, `3 months`, `-45 days`.")
      .optional(),
    exercise: z
      .array(z.string({ error: "Write an option id." }), { error: "Write the options to exercise as a list, such as `[extend-2y]`." })
      .describe("Options exercised in this scenario.")
      .optional(),
    exit: z
      .strictObject({
        on: date("The day notice is given."),
        clause: z.number({ error: "Write the clause's number, 1 for the first." }).int({ error: "Write the clause's number, 1 for the first." }).describe("Which termination clause, 1-based in file order (default 1).").optional(),
      }, { error: "Write the exit as a mapping, such as `{on: 2027-06-01, clause: 1}`." })
      .describe("Notice given under a termination clause on a day.")
      .optional(),
    expect: expectSchema.optional(),
  }, { error: "Write a scenario as a mapping with an `id` and its changes." })
  .describe("A what-if: the deal with changes, evaluated into its own figures.");

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
        power: powerValue("Power capacity with its unit: `kW`, `MW` or `GW`, such as `300 MW`.").optional(),
        gpus: gpuCount("The number of GPUs, a whole number above 0.").optional(),
        gpu_model: textValue("The GPU model, such as `NVIDIA GB200`.").optional(),
        site: textValue("Where the capacity is.").optional(),
        steps: z
          .array(stepSchema, { error: "Write the steps as a list, each item starting with `- from: YYYY-MM-DD`." })
          .describe("Changes of capacity over the term: each step sets `power` and/or `gpus` from its `from` day on.")
          .optional(),
        source: source.optional(),
        basis: basis.optional(),
        note: textValue("A note shown in hovers.").optional(),
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
    options: z
      .array(optionSchema, { error: "Write options as a list, each item starting with `- id: ...`." })
      .describe("Options to extend the term.")
      .optional(),
    scenarios: z
      .array(scenarioSchema, { error: "Write scenarios as a list, each item starting with `- id: ...`." })
      .describe("Named what-if scenarios, each evaluated into its own figures.")
      .optional(),
    expect: expectSchema.optional(),
    notes: textValue("Free text about the deal.").optional(),
  }, { error: "A deal file is a mapping of keys such as `dealspec`, `deal` and `currency`." })
  .describe("A Dealspec deal file (language version 1).");

/**
 * The JSON Schema (draft 2020-12) of deal files, for editors and other tools.
 * Two rules that zod checks in lowering rather than in the shape are added:
 * a fee has exactly one of `amount` and `price` (DS320, DS321), and a
 * capacity step sets `power` or `gpus` (DS326).
 */
export function dealJsonSchema(): Record<string, unknown> {
  return yamlJsonSchema(dealSchema, (zodSchema, jsonSchema) => {
    if (zodSchema === feeSchema) jsonSchema.oneOf = [{ required: ["amount"] }, { required: ["price"] }];
    if (zodSchema === stepSchema) jsonSchema.anyOf = [{ required: ["power"] }, { required: ["gpus"] }];
  });
}

/**
 * The JSON Schema (draft 2020-12) of a file's zod schema, as YAML tools read
 * it. A mapping keyed by free text (`expect.year`, `set`, `rates`) gets no
 * `propertyNames: {type: string}`: in JSON every key is a string anyway, but
 * yaml-language-server checks the type of a YAML key as written, so `2027:`
 * (an integer key, which the engine reads as the year 2027) would be a false
 * "Incorrect type".
 */
export function yamlJsonSchema(
  schema: z.ZodType,
  override?: (zodSchema: unknown, jsonSchema: Record<string, unknown>) => void,
): Record<string, unknown> {
  return z.toJSONSchema(schema, {
    target: "draft-2020-12",
    io: "input",
    unrepresentable: "any",
    override: (ctx) => {
      const names = ctx.jsonSchema.propertyNames;
      if (typeof names === "object" && names !== null && Object.keys(names).length === 1 && (names as { type?: unknown }).type === "string") {
        delete ctx.jsonSchema.propertyNames;
      }
      override?.(ctx.zodSchema, ctx.jsonSchema as Record<string, unknown>);
    },
  }) as Record<string, unknown>;
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

/** The keys a mapping at `path` may hold, each with its schema (the first that has it, when a union gives several), in order. */
function fieldsAt(path: readonly (string | number)[], root: AnySchema): Map<string, z.ZodType> {
  const out = new Map<string, z.ZodType>();
  for (const s of schemasAt(path, root)) {
    if (!(s instanceof z.ZodObject)) continue;
    for (const [key, child] of Object.entries(s.shape as Record<string, z.ZodType>)) if (!out.has(key)) out.set(key, child);
  }
  return out;
}

/** The keys a mapping at `path` may hold, by name only: what a check needs (`keysAt` also reads each key's documentation). */
export function keyNamesAt(path: readonly (string | number)[], root: AnySchema = dealSchema): string[] {
  return [...fieldsAt(path, root).keys()];
}

/** The keys a mapping at `path` may hold, with their documentation. */
export function keysAt(path: readonly (string | number)[], root: AnySchema = dealSchema): KeyInfo[] {
  return [...fieldsAt(path, root)].map(([key, child]) => {
    const meta = (child.meta?.() ?? (unwrap(child as AnySchema) as z.ZodType).meta?.()) as Record<string, unknown> | undefined;
    return {
      key,
      description: child.description ?? (unwrap(child as AnySchema) as z.ZodType).description ?? "",
      required: !(child instanceof z.ZodOptional),
      kind: typeof meta?.dealspecKind === "string" ? meta.dealspecKind : undefined,
    };
  });
}
