/**
 * Review gates: the `policies` of `dealspec.config.yaml` checked against a
 * deal's or a portfolio's figures (value limits, `max` and `min`) and against
 * the same figures at a base revision (change limits, `max_increase` and
 * `max_decrease`). Pure: analyses in, breaches (diagnostics in the checked
 * file) out. Reading the policies is `config.ts`'s job; finding the files and
 * the base revision is the front ends'.
 *
 * A figure is taken as the figures JSON gives it (`figuresJson`,
 * `portfolioFiguresJson`): money in the currency's minor unit, `hhi` with two
 * decimals. Every comparison is exact (Decimal). A policy on a figure the
 * JSON marks incomplete (`complete: false`, a scenario with errors, a
 * portfolio leaving deals out) counts as breached: a gate that cannot check
 * does not pass.
 */
export * from "./check";
export * from "./types";
