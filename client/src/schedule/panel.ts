/**
 * "Dealspec: Show Schedule": one webview panel beside the editor with the
 * payment schedule the server computes (`dealspec/schedule`) for a deal or a
 * portfolio file, as a table grouped by year. It follows the document
 * (refreshed on each change the client hears of), follows the active deal or
 * portfolio file, and saves the server's CSV where the user picks ("Export
 * CSV"). The page (webview/src/schedule.ts) gets its data by messages only.
 * Its life cycle is the cash-flow panel's, in ../webviewPanel.ts.
 */
import type * as vscode from "vscode";
import type { BaseLanguageClient } from "vscode-languageclient";
import { ScheduleRequest, type ScheduleView } from "../../../protocol/src";
import type { DealChanges } from "../changes";
import { WebviewPanelHost, type PanelShowResult } from "../webviewPanel";
import { schedulePage } from "./html";
import { SCHEDULE_VIEW_TYPE, type FromScheduleWebview, type ScheduleRenderReport } from "./messages";

export type ScheduleShowResult = PanelShowResult<ScheduleRenderReport>;

export class SchedulePanel extends WebviewPanelHost<ScheduleView, ScheduleRenderReport, FromScheduleWebview> {
  // What sets this panel apart, in the shape PanelKind gives every panel (the other panel's lines look alike by design).
  constructor(context: vscode.ExtensionContext, client: BaseLanguageClient, changes: DealChanges) {
    super(
      {
        viewType: SCHEDULE_VIEW_TYPE,
        title: "Schedule",
        bundle: "schedule",
        page: schedulePage,
        send: (client, params, token) => client.sendRequest(ScheduleRequest.type, params, token),
        method: ScheduleRequest.method,
        noData: (file) => `No schedule for ${file}: the server does not know this file.`,
        what: "schedules",
        logName: "Schedule view",
      },
      context,
      client,
      changes,
    );
  }

  protected async receiveOther(m: FromScheduleWebview): Promise<void> {
    if (m.type === "csv") await this.saveCsv();
  }

  /** Saves the server's CSV of the schedule shown where the user picks (the page cannot write files). */
  private async saveCsv(): Promise<void> {
    const current = this.current;
    if (current?.type !== "data" || current.data.csv === "") return;
    const { csv, fileStem } = current.data;
    await this.saveAs(current.source, `${fileStem}.csv`, { "CSV (comma-separated values)": ["csv"] }, "Save CSV", new TextEncoder().encode(`${csv}\r\n`));
  }
}
