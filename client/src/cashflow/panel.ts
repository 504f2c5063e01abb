/**
 * "Dealspec: Show Cash Flow": one webview panel beside the editor that draws
 * the cash flow the server computes (`dealspec/cashflow`) for a deal file, or
 * for a portfolio (stacked by provider). It
 * follows the document (redrawn on each change the client hears of: new
 * diagnostics, or a pause in typing), follows the active deal or portfolio file, and saves
 * the exports the page makes (PNG, SVG) or the server's CSV where the user
 * picks. The page (webview/src) gets its data by messages only.
 */
import type * as vscode from "vscode";
import type { BaseLanguageClient } from "vscode-languageclient";
import { CashFlowRequest } from "../../../protocol/src";
import type { DealChanges } from "../changes";
import { WebviewPanelHost, type PanelShowResult } from "../webviewPanel";
import { cashFlowPage } from "./html";
import { CASHFLOW_VIEW_TYPE, exportOf, type CashFlowData, type ChartId, type FromWebview, type ImageFormat, type RenderReport } from "./messages";

/** The bytes of a base64 text (no Node `Buffer`: the browser build runs this too). */
function base64Bytes(base64: string): Uint8Array {
  const binary = atob(base64);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

/** Largest export the extension accepts from the page. */
const MAX_EXPORT_BYTES = 64 * 1024 * 1024;

export type ShowResult = PanelShowResult<RenderReport>;

export class CashFlowPanel extends WebviewPanelHost<CashFlowData, RenderReport, FromWebview> {
  // What sets this panel apart, in the shape PanelKind gives every panel (the other panel's lines look alike by design).
  constructor(context: vscode.ExtensionContext, client: BaseLanguageClient, changes: DealChanges) {
    super(
      {
        viewType: CASHFLOW_VIEW_TYPE,
        title: "Cash Flow",
        bundle: "cashflow",
        page: cashFlowPage,
        send: (client, params, token) => client.sendRequest(CashFlowRequest.type, params, token),
        method: CashFlowRequest.method,
        noData: (file) => `No figures for ${file}: fix the errors shown in Problems first.`,
        what: "cash flows",
        logName: "Cash-flow view",
      },
      context,
      client,
      changes,
    );
  }

  protected async receiveOther(m: FromWebview): Promise<void> {
    switch (m.type) {
      case "image":
        await this.saveImage(m.format, m.data, this.chartOf(m.chart));
        break;
      case "csv": {
        const csv = this.data ? exportOf(this.data, this.chartOf(m.chart))?.csv : undefined;
        if (csv !== undefined) await this.save("csv", new TextEncoder().encode(`${csv}\r\n`), this.chartOf(m.chart));
        break;
      }
    }
  }

  /** A chart id from the page, checked: anything else is the cash flow. */
  private chartOf(chart: unknown): ChartId {
    return typeof chart === "string" && /^(cashflow|scenarios|sensitivity|exit-curve-[1-9][0-9]*)$/.test(chart) ? (chart as ChartId) : "cashflow";
  }

  private async saveImage(format: ImageFormat, data: unknown, chart: ChartId): Promise<void> {
    if (typeof data !== "string" || data.length > MAX_EXPORT_BYTES) return;
    if (format === "png") {
      const prefix = "data:image/png;base64,";
      if (!data.startsWith(prefix)) return;
      await this.save("png", base64Bytes(data.slice(prefix.length)), chart);
    } else if (format === "svg") {
      if (!/^(<\?xml[^>]*>\s*)?<svg[\s>]/.test(data)) return;
      await this.save("svg", new TextEncoder().encode(data), chart);
    }
  }

  private async save(ext: "png" | "svg" | "csv", bytes: Uint8Array, chart: ChartId): Promise<void> {
    const stem = (this.data ? exportOf(this.data, chart)?.fileStem : undefined) ?? this.data?.fileStem ?? "cashflow";
    const filters: Record<string, string[]> = { png: { "PNG image": ["png"] }, svg: { "SVG image": ["svg"] }, csv: { "CSV (comma-separated values)": ["csv"] } }[ext];
    await this.saveAs(this.target, `${stem}.${ext}`, filters, `Save ${ext.toUpperCase()}`, bytes);
  }
}
