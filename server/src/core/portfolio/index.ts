/**
 * Portfolios: many deal files as one `*.portfolio.yaml`, their figures
 * converted to one currency and summed by year and provider, with shares,
 * concentration, the firm commitment and capacity in force (docs/portfolio.md).
 *
 * The API for the CLI and the language server:
 * - `analyzePortfolio(text, location, host)`: diagnostics (offset spans in the
 *   portfolio file), the includes and the files they matched, the deals and
 *   their status, the figures, and the dependencies to watch;
 * - `portfolioDependsOn(analysis, location)`: whether a changed file affects it;
 * - `portfolioFiguresJson(analysis)`: the stable JSON of `dealspec totals --json`;
 * - `PortfolioHost` (I/O passed in) and `cachingHost(reader)` for simple hosts;
 * - `PortfolioMemo`: what analyses reuse from one another, kept by the caller;
 * - `fileKindOf(location)`: "deal", "portfolio" or undefined, by file name.
 */
export * from "./analyze";
export * from "./figures";
export * from "./host";
export * from "./json";
export * from "./memo";
export * from "./model";
export * from "./scenarios";
export * from "./schema";
export * from "./types";
export * from "./uri";
