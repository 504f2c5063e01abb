/**
 * The shape of a portfolio file, in zod, like `../schema.ts` for deals: keys,
 * which are required, the kind of each value and its documentation (hovers
 * and completion read the descriptions). Values are read exactly later.
 */
import { z } from "zod";
import { expectValue, percentageValue, textValue, yamlJsonSchema } from "../schema";

const shareValue = z
  .union([
    z.string(),
    z.number(),
    z.strictObject({
      value: percentageValue("The expected share of the portfolio total: `40%`."),
      tolerance: percentageValue("How far the computed share may be from the expected one, in percentage points: `0.5%`.").optional(),
    }),
  ], { error: "Write a share such as `40%`, or `{value: 40%, tolerance: 0.5%}`." })
  .meta({ dealspecKind: "share" });

const providerExpectation = z
  .union([
    z.string(),
    z.number(),
    z.strictObject({
      total: expectValue.describe("The expected total of the provider's deals.").optional(),
      share: shareValue.describe("The expected share of the portfolio total: `40%`.").optional(),
    }),
  ], { error: "Write the provider's expected total (`$45B`), or `{total: $45B, share: 40%}`." })
  .meta({ dealspecKind: "expectation" });

const hhiValue = z
  .union([
    z.string(),
    z.number(),
    z.strictObject({
      value: z.union([z.string(), z.number()], { error: "Write an index between 0 and 10000, such as `3400`." }).describe("The expected index, 0 to 10,000."),
      tolerance: z.union([z.string(), z.number()], { error: "Write the tolerance in index points, such as `50`." }).describe("How far the computed index may be, in points.").optional(),
    }),
  ], { error: "Write an index between 0 and 10000, such as `3400`, or `{value: 3400, tolerance: 50}`." })
  .meta({ dealspecKind: "index" });

const portfolioScenarioSchema = z
  .strictObject({
    id: z
      .string({ error: "Write an id such as `downside`." })
      .regex(/^[a-z0-9_-]+$/, { error: "A scenario id uses lower-case letters, digits, `-` and `_`, such as `downside`." })
      .describe("Unique name of the portfolio scenario: lower-case letters, digits, `-` and `_`."),
    label: textValue("A readable name, shown in hovers, lenses and the CLI.").optional(),
    note: textValue("A note shown in hovers.").optional(),
    deals: z
      .record(z.string(), z.string({ error: "Write the id of one of the deal's scenarios, such as `exit-2027`." }), {
        error: "Write `deals` as a mapping of deal id to one of that deal's scenario ids, such as `{colossus-1: exit-2027}`.",
      })
      .describe("Deal id -> the id of one of that deal's scenarios, counted instead of the deal's base figures: `colossus-1: exit-2027`."),
  }, { error: "Write a portfolio scenario as a mapping with an `id` and its `deals`, such as `{id: downside, deals: {colossus-1: exit-2027}}`." })
  .describe("A portfolio what-if: one scenario picked for each deal named; the deals not named count with their base figures.");

export const portfolioSchema = z
  .strictObject({
    dealspec: z.literal(1, { error: "This is Dealspec language version 1: write `dealspec: 1`." }).describe("The language version: `1` (optional in a portfolio).").optional(),
    portfolio: z
      .string({ error: "Write the portfolio's id, such as `compute-2026`." })
      .regex(/^[a-z0-9][a-z0-9-]*$/, { error: "A portfolio id uses lower-case letters, digits and `-`, starting with a letter or digit, such as `compute-2026`." })
      .describe("The portfolio's id: lower-case letters, digits and `-`."),
    title: textValue("A readable title.").optional(),
    currency: z
      .string({ error: "Write an ISO 4217 currency code, such as `USD`." })
      .regex(/^[A-Z]{3}$/, { error: "A currency is a three-letter ISO 4217 code in capitals, such as `USD`, `EUR` or `JPY`." })
      .describe("The currency of the portfolio's figures (default: the deals' currency, when they all share one).")
      .optional(),
    include: z
      .array(z.string({ error: "Write a path or glob relative to this file, such as `deals/*.deal.yaml`." }), {
        error: "Write the included files as a list of paths or globs, such as `- deals/*.deal.yaml`.",
      })
      .min(1, { error: "A portfolio includes at least one deal or portfolio file." })
      .describe("The deal and portfolio files of the portfolio: paths or globs relative to this file (`*`, `?`, `**`, `[abc]`, `{a,b}`)."),
    fx: z
      .record(z.string(), z.union([z.string(), z.number()], { error: "Write a rate as a plain decimal number, such as `1.08`." }), {
        error: "Write exchange rates as a mapping of currency to rate, such as `{EUR: 1.08}`.",
      })
      .describe("Exchange rates: one unit of each deal currency in the portfolio's currency, such as `EUR: 1.08`.")
      .optional(),
    expect: z
      .strictObject({
        total: expectValue.describe("The expected total of all deals.").optional(),
        firm_commitment: expectValue.describe("The expected firm commitment: what the buyer cannot avoid paying.").optional(),
        year: z
          .record(z.string(), expectValue, { error: "Write a mapping of year to amount, such as `2027: $30B`." })
          .describe("Expected sums per calendar year: `2027: $30B`.")
          .optional(),
        provider: z
          .record(z.string(), providerExpectation, { error: "Write a mapping of provider to expectation, such as `SpaceX: {share: 40%}`." })
          .describe("Expected figures per provider: a total (`SpaceX: $45B`) or `{total, share}`.")
          .optional(),
        hhi: hhiValue.describe("The expected concentration index (Herfindahl-Hirschman, 0 to 10,000).").optional(),
      }, { error: "Write expectations as a mapping, such as `{total: $120B}`." })
      .describe("Figures the portfolio is expected to produce, checked like a deal's.")
      .optional(),
    scenarios: z
      .array(portfolioScenarioSchema, { error: "Write scenarios as a list, each item starting with `- id: ...`." })
      .describe("Named what-ifs across deals: each picks one scenario of some deals; the other deals count with their base figures.")
      .optional(),
    notes: textValue("Free text about the portfolio.").optional(),
  }, { error: "A portfolio file is a mapping of keys such as `portfolio`, `currency` and `include`." })
  .describe("A Dealspec portfolio file: many deals, their totals by year and provider, converted to one currency.");

/** The JSON Schema (draft 2020-12) of portfolio files. */
export function portfolioJsonSchema(): Record<string, unknown> {
  return yamlJsonSchema(portfolioSchema);
}
