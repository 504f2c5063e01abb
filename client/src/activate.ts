/**
 * The Dealspec VS Code extension, whichever build runs it: given a language
 * client (the Node build's, over a server process; the browser build's, over a
 * web worker), it adds what a language server cannot: a status bar item with
 * the active deal's figures, the schedule view, the cash-flow view, the key
 * dates view, new files from templates and its commands. It has no domain
 * logic: every figure and template comes from the server (`dealspec/figures`,
 * `dealspec/schedule`, `dealspec/cashflow`, `dealspec/template`,
 * `dealspec/keyDates`, declared in protocol/src, the module client and server
 * share). The entries (extension.ts, browser/extension.ts) differ only in how
 * they start the server and give it files.
 */
import * as vscode from "vscode";
import { State, type BaseLanguageClient } from "vscode-languageclient";
import type { RenderReport } from "./cashflow/messages";
import { CashFlowPanel } from "./cashflow/panel";
import { DealChanges } from "./changes";
import { NoDealFile, requireDealUri } from "./commands";
import { COMMANDS } from "../../protocol/src";
import { ACTIVE_CONTEXT } from "./ids";
import { KeyDatesView } from "./keyDates/view";
import { newFile } from "./newFile";
import type { ScheduleRenderReport } from "./schedule/messages";
import { SchedulePanel } from "./schedule/panel";
import { copyView } from "./present";
import { FiguresStatus, requestFigures } from "./status";

let client: BaseLanguageClient | undefined;

/** Runs a command; a command without a deal file to act on says so instead of failing. */
function command<T>(id: string, run: (arg?: unknown) => Promise<T>): vscode.Disposable {
  return vscode.commands.registerCommand(id, async (arg?: unknown) => {
    try {
      return await run(arg);
    } catch (error) {
      if (error instanceof NoDealFile) {
        void vscode.window.showWarningMessage(error.message);
        return undefined;
      }
      throw error;
    }
  });
}

/** What the extension exports (`vscode.extensions.getExtension("dealspec.dealspec").exports`). */
export interface DealspecApi {
  /** Fires each time the cash-flow view has drawn a deal, with what it drew. */
  readonly onDidRenderCashFlow: vscode.Event<RenderReport & { readonly uri: string }>;
  /** Fires each time the schedule view has shown a deal's or portfolio's schedule, with what it showed. */
  readonly onDidRenderSchedule: vscode.Event<ScheduleRenderReport & { readonly uri: string }>;
}

/** Activates the extension over a language client that is not started yet, and starts it. */
export async function activateWith(context: vscode.ExtensionContext, lc: BaseLanguageClient): Promise<DealspecApi> {
  client = lc;
  const changes = new DealChanges(lc);
  const schedule = new SchedulePanel(context, lc, changes);
  const status = new FiguresStatus(lc, changes);
  const cashFlow = new CashFlowPanel(context, lc, changes);
  const keyDates = new KeyDatesView(lc, changes);
  context.subscriptions.push(
    changes,
    keyDates,
    command(COMMANDS.refreshKeyDates, async () => keyDates.refresh()),
    schedule,
    status,
    cashFlow,
    // Returns what the page showed (see ScheduleShowResult), once it has shown it or said why not.
    command(COMMANDS.showSchedule, (arg) => schedule.show(requireDealUri(arg))),
    // Returns what the page drew (see ShowResult), once it has drawn or said why not.
    command(COMMANDS.showCashFlow, (arg) => cashFlow.show(requireDealUri(arg))),
    // Returns the JSON text it copied, or undefined when the server has no figures.
    // Partial figures are copied with a warning (the JSON says `"complete": false`); no figures, nothing is copied.
    command(COMMANDS.copyFigures, async (arg) => {
      const view = copyView(await requestFigures(lc, requireDealUri(arg)));
      if (view.json !== undefined) await vscode.env.clipboard.writeText(view.json);
      if (view.warning !== undefined) void vscode.window.showWarningMessage(view.warning);
      if (view.done !== undefined) vscode.window.setStatusBarMessage(view.done, 3000);
      return view.json;
    }),
    // File > New File...: each returns the new untitled document's URI.
    command(COMMANDS.newDeal, () => newFile(lc, "deal")),
    command(COMMANDS.newPortfolio, () => newFile(lc, "portfolio")),
    // Returns true when the server runs again.
    command(COMMANDS.restartServer, async () => {
      await vscode.window.withProgress(
        { location: vscode.ProgressLocation.Window, title: "Dealspec: restarting the language server" },
        async () => {
          if (lc.state === State.Running) {
            try {
              await lc.stop();
            } catch (error) {
              // A server that does not answer the shutdown in time is ended all the same (its process, or its
              // worker in the browser build): a new one starts. The client has logged the timeout.
              lc.warn("The Dealspec language server did not stop in time; starting a new one.", error, false);
            }
          }
          await lc.start();
        },
      );
      return lc.state === State.Running;
    }),
  );
  await vscode.commands.executeCommand("setContext", ACTIVE_CONTEXT, true);
  try {
    await lc.start();
  } catch (error) {
    // The client logged the cause; activation still succeeds so that "Restart Language Server" stays available.
    lc.error("The Dealspec language server did not start.", error, "force");
  }
  return { onDidRenderCashFlow: cashFlow.onDidRender, onDidRenderSchedule: schedule.onDidRender };
}

/** Stops the language client, if it runs. */
export async function deactivateClient(): Promise<void> {
  const lc = client;
  client = undefined;
  if (lc && lc.state !== State.Stopped) await lc.stop();
}
