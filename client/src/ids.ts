/**
 * The names the manifest (package.json `contributes`) and the code share. Plain
 * data with no `vscode` import, so test/client can check the manifest against it.
 */

/** The language id of deal files (`*.deal.yaml`, `*.deal.yml`). */
export const LANGUAGE_ID = "dealspec";

/** The language id of portfolio files (`*.portfolio.yaml`, `*.portfolio.yml`): served by the same server. */
export const PORTFOLIO_LANGUAGE_ID = "dealspec-portfolio";

/** The language ids the extension's tools (status bar, Show Schedule, Copy Figures, Show Cash Flow) work on. */
export const TOOL_LANGUAGE_IDS: readonly string[] = [LANGUAGE_ID, PORTFOLIO_LANGUAGE_ID];

/** True for a deal or portfolio document's language id. */
export function isToolLanguage(languageId: string): boolean {
  return TOOL_LANGUAGE_IDS.includes(languageId);
}

/**
 * The language client's id: VS Code reads `<id>.trace.server` for the protocol
 * trace, so it is the prefix of the `dealspec.trace.server` setting.
 */
export const CLIENT_ID = "dealspec";

/** Command ids, each declared in `contributes.commands`. */
export const COMMANDS = {
  /** Argument: the deal file's URI string (the server's CodeLens sends it), a `Uri`, or none (the active editor). */
  showSchedule: "dealspec.showSchedule",
  /** Argument as for `showSchedule` (the server's "Show cash flow" CodeLens sends the URI string). */
  showCashFlow: "dealspec.showCashFlow",
  copyFigures: "dealspec.copyFigures",
  restartServer: "dealspec.restartServer",
  /** File > New File... > "Dealspec deal": an untitled deal from the server's template. */
  newDeal: "dealspec.newDeal",
  /** File > New File... > "Dealspec portfolio". */
  newPortfolio: "dealspec.newPortfolio",
} as const;

/** The context key set once the extension is active (used in `when` clauses). */
export const ACTIVE_CONTEXT = "dealspec.active";
