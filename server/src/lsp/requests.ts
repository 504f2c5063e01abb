/**
 * The custom requests of the protocol module (protocol/src): figures, cash
 * flow and schedule of a deal or portfolio file, and the template of a new
 * file. Each answer is a core feature's result as is; a handler only finds
 * the analysis. A request about a document that is not open reads the file
 * through the workspace index. A failure is an error response (never an
 * empty answer that a client could show as figures); the server keeps running.
 *
 * A new custom request: declare it in protocol/src (and list it in
 * `CUSTOM_REQUESTS`), answer it here through `serverType`.
 */
import { ErrorCodes, RequestType, ResponseError } from "vscode-languageserver";
import { analyze, canonicalLocation, fileKindOf, figuresJson, formatDay, keyDates, LineIndex, newFileTemplate, parseIsoDate, portfolioFiguresJson, templateSnippet, type Analysis, type Day, type KeyDate } from "../core";
import { cashFlowOf } from "../core/features/dealCashFlow";
import { portfolioCashFlowOf } from "../core/features/portfolioCashFlow";
import { figuresDisplay, keyDateEntries, portfolioFiguresDisplay, portfolioScheduleOf, scheduleOf } from "../core/features";
import {
  CashFlowRequest,
  DEAL_LANGUAGE_ID,
  FiguresRequest,
  KeyDatesRequest,
  PORTFOLIO_LANGUAGE_ID,
  ScheduleRequest,
  TemplateRequest,
  type CustomRequest,
  type DocumentParams,
  type KeyDateItem,
  type KeyDatesParams,
  type KeyDatesResult,
  type TemplateParams,
  type TemplateResult,
} from "../../../protocol/src";
import type { Snapshot } from "./documents";
import type { PortfolioSnapshot } from "./portfolios";
import { errorText, type ServerState } from "./state";

/**
 * The server library's `RequestType` of a custom request declared in the
 * protocol module: the same method, params and result. The server library is
 * built on its own copy of vscode-jsonrpc, older than the client's one that
 * the protocol module shares, and the compiler tells the two copies'
 * `RequestType` classes apart.
 */
function serverType<P, R>(request: CustomRequest<P, R>): RequestType<P, R, void> {
  return new RequestType<P, R, void>(request.type.method);
}

/** What a request about a document is about: a deal's analysis (open, or the file's), or a portfolio's. */
type RequestTarget = { readonly kind: "deal"; readonly snapshot: Snapshot } | { readonly kind: "portfolio"; readonly snapshot: PortfolioSnapshot };

export function registerCustomRequests(state: ServerState): void {
  const { connection } = state;

  const targetOf = (uri: string): RequestTarget => {
    const doc = state.documents.get(uri);
    const isPortfolio = doc ? state.kindOf(doc) === "portfolio" : fileKindOf(uri) === "portfolio";
    if (isPortfolio) {
      if (!doc && !uri.startsWith("file:")) throw new ResponseError(ErrorCodes.InvalidParams, `${uri} is not open`);
      const s = state.portfolios.get(canonicalLocation(uri));
      if (!s) throw new ResponseError(ErrorCodes.InvalidParams, `${uri} cannot be read`);
      return { kind: "portfolio", snapshot: s };
    }
    const open = state.snapshotOf(uri);
    if (open) return { kind: "deal", snapshot: open };
    if (!uri.startsWith("file:")) throw new ResponseError(ErrorCodes.InvalidParams, `${uri} is not open`);
    // A closed deal file: as the workspace index holds it, analysed once per text; another file, read through the index's file access.
    const location = canonicalLocation(uri);
    const f = state.index.file(location);
    if (f?.kind === "deal") return { kind: "deal", snapshot: { uri, version: -1, analysis: state.index.diskAnalysis(f), lines: state.linesOf(location, f.text) } };
    const read = state.index.read(location);
    if (!("text" in read)) throw new ResponseError(ErrorCodes.InvalidParams, read.problem);
    return { kind: "deal", snapshot: { uri, version: -1, analysis: analyze(read.text), lines: new LineIndex(read.text) } };
  };

  /** The handler of a request about one document: `answer` gets the document's analysis. */
  const aboutDocument = <R>(request: CustomRequest<DocumentParams, unknown>, answer: (t: RequestTarget) => R) => {
    const name = request.method;
    return (params: DocumentParams): R | ResponseError<void> => {
      try {
        if (typeof params?.uri !== "string") return new ResponseError(ErrorCodes.InvalidParams, `${name} needs {"uri": "..."}`);
        return answer(targetOf(params.uri));
      } catch (e) {
        if (e instanceof ResponseError) return e as ResponseError<void>;
        state.log(`${name} failed: ${errorText(e)}`);
        return new ResponseError(ErrorCodes.InternalError, `${name} failed: ${e instanceof Error ? e.message : String(e)}`);
      }
    };
  };

  connection.onRequest(
    serverType(FiguresRequest),
    aboutDocument(FiguresRequest, (t) =>
      t.kind === "portfolio"
        ? { ...portfolioFiguresJson(t.snapshot.analysis), display: portfolioFiguresDisplay(t.snapshot.analysis) }
        : { ...figuresJson(t.snapshot.analysis), display: figuresDisplay(t.snapshot.analysis) },
    ),
  );
  connection.onRequest(
    serverType(CashFlowRequest),
    aboutDocument(CashFlowRequest, (t) => (t.kind === "portfolio" ? portfolioCashFlowOf(t.snapshot.analysis) : cashFlowOf(t.snapshot.analysis))),
  );
  connection.onRequest(
    serverType(ScheduleRequest),
    aboutDocument(ScheduleRequest, (t) => (t.kind === "portfolio" ? portfolioScheduleOf(t.snapshot.analysis) : scheduleOf(t.snapshot.analysis))),
  );

  connection.onRequest(serverType(KeyDatesRequest), (params: KeyDatesParams | null | undefined): KeyDatesResult => {
    let today: Day | undefined = state.today;
    if (params?.today !== undefined) {
      const p = typeof params.today === "string" ? parseIsoDate(params.today) : undefined;
      if (!p?.ok) throw new ResponseError(ErrorCodes.InvalidParams, `${KeyDatesRequest.method}: \`today\` is a date written YYYY-MM-DD`);
      today = p.day;
    }
    // Every deal file the index knows, open documents as edited instead of their files.
    const deals = new Map<string, { uri: string; analysis: Analysis; lines: LineIndex }>();
    for (const f of state.index.indexed("deal")) {
      if (f.unwatched) continue;
      deals.set(f.location, { uri: state.clientUri(f.location), analysis: state.index.diskAnalysis(f), lines: state.linesOf(f.location, f.text) });
    }
    for (const doc of state.documents.all()) {
      const s = state.snapshotOf(doc.uri);
      if (s) deals.set(canonicalLocation(doc.uri), { uri: doc.uri, analysis: s.analysis, lines: s.lines });
    }
    const all: { date: KeyDate; uri: string; lines: LineIndex }[] = [];
    for (const d of [...deals.values()].sort((x, y) => (x.uri < y.uri ? -1 : x.uri > y.uri ? 1 : 0))) {
      for (const date of keyDates(d.analysis)) all.push({ date, uri: d.uri, lines: d.lines });
    }
    // Date order; ties: by file, then the deal's own order (as `dealspec calendar` lists them).
    const dates: KeyDateItem[] = all
      .map((e, i) => ({ e, i }))
      .sort((x, y) => x.e.date.date - y.e.date.date || x.i - y.i)
      .map(({ e }) => {
        const { span, ...entry } = keyDateEntries([e.date], today)[0]!;
        return { ...entry, uri: e.uri, range: { start: e.lines.position(span.start), end: e.lines.position(span.end) } };
      });
    return today === undefined ? { dates } : { today: formatDay(today), dates };
  });

  connection.onRequest(serverType(TemplateRequest), (params: TemplateParams): TemplateResult => {
    const kind = params?.kind;
    if (kind !== "deal" && kind !== "portfolio") throw new ResponseError(ErrorCodes.InvalidParams, `${TemplateRequest.method}: \`kind\` is "deal" or "portfolio"`);
    const now = new Date();
    const template = newFileTemplate(kind, { today: { year: now.getFullYear(), month: now.getMonth() + 1, day: now.getDate() } });
    const lines = new LineIndex(template.text);
    const first = template.fields[0]!.span;
    return {
      languageId: kind === "deal" ? DEAL_LANGUAGE_ID : PORTFOLIO_LANGUAGE_ID,
      text: template.text,
      snippet: templateSnippet(template),
      selection: { start: lines.position(first.start), end: lines.position(first.end) },
    };
  });
}
