/**
 * The names the manifest (package.json `contributes`) and the client's code
 * share, besides the language and command ids of the protocol module (which
 * the server uses too). Plain data with no `vscode` import, so test/client can
 * check the manifest against it.
 */
import { DEAL_LANGUAGE_ID, PORTFOLIO_LANGUAGE_ID } from "../../protocol/src";

/** The language ids the extension's tools (status bar, Show Schedule, Copy Figures, Show Cash Flow) work on. */
export const TOOL_LANGUAGE_IDS: readonly string[] = [DEAL_LANGUAGE_ID, PORTFOLIO_LANGUAGE_ID];

/** True for a deal or portfolio document's language id. */
export function isToolLanguage(languageId: string): boolean {
  return TOOL_LANGUAGE_IDS.includes(languageId);
}

/**
 * The language client's id: VS Code reads `<id>.trace.server` for the protocol
 * trace, so it is the prefix of the `dealspec.trace.server` setting.
 */
export const CLIENT_ID = "dealspec";

/** The context key set once the extension is active (used in `when` clauses). */
export const ACTIVE_CONTEXT = "dealspec.active";

/** The "Dealspec: Key Dates" view's id, as the manifest contributes it under the explorer. */
export const KEY_DATES_VIEW = "dealspec.keyDates";
