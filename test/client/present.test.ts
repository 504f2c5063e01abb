/** What the client shows: server strings placed, never computed (client/src/present.ts). */
import { strict as assert } from "node:assert";
import { readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { copyView, statusView, type FiguresView, type PortfolioFiguresView } from "../../client/src/present";
import { fileHost } from "../../server/src/cli/host";
import { analyzePortfolio, portfolioFiguresJson } from "../../server/src/core";
import { portfolioFiguresDisplay } from "../../server/src/core/features";
import { fileUri } from "../support/lspClient";
import { FIXTURES, SAMPLES } from "../support/paths";

/** The figures of the conformance example, in the shape `dealspec/figures` answers with. */
const colossus = JSON.parse(readFileSync(path.join(FIXTURES, "conformance", "colossus-example.figures.json"), "utf8")) as FiguresView;

describe("status bar view", () => {
  it("shows the server's total and run rate as they are, with the currency code", () => {
    const view = statusView(colossus);
    assert.equal(view.text, `$(graph) Total USD ${colossus.total} · Run rate USD ${colossus.run_rate}/yr`);
    assert.equal(view.incomplete, false);
  });

  it("lists the other figures in the hover, each the server's string", () => {
    const tooltip = statusView(colossus).tooltip.join("\n");
    assert.match(tooltip, new RegExp(`\\*\\*Dealspec: ${colossus.deal}\\*\\* \\(${colossus.term!.start} to ${colossus.term!.end}, ${colossus.term!.days} days\\)`));
    for (const value of [colossus.peak_month, colossus.npv, ...colossus.exit_exposure!]) {
      assert.ok(value && tooltip.includes(`\`USD ${value}\``), `${value} in ${tooltip}`);
    }
    assert.ok(!tooltip.includes("Shortfall"), "a figure that does not apply is left out");
  });

  it("numbers the exit exposures when there are several clauses", () => {
    const tooltip = statusView({ ...colossus, exit_exposure: ["1.00", "2.00"] }).tooltip.join("\n");
    assert.match(tooltip, /Exit exposure \(clause 1\): `USD 1\.00`/);
    assert.match(tooltip, /Exit exposure \(clause 2\): `USD 2\.00`/);
  });

  it("says when there are no figures", () => {
    for (const figures of [null, { ...colossus, total: null, run_rate: null }]) {
      const view = statusView(figures);
      assert.equal(view.incomplete, true);
      assert.equal(view.text, "$(warning) Dealspec: no figures");
    }
  });

  it("prefers the server's display strings: compact in the bar, exact in the hover", () => {
    const display = {
      total: "$45,000,000,000.00",
      total_compact: "$45B",
      run_rate: "$15,000,000,000.00",
      run_rate_compact: "$15B",
      npv: "$40,047,555,998.85",
      exit_exposure: ["$2,419,354,838.71"],
    };
    const view = statusView({ ...colossus, display });
    assert.equal(view.text, "$(graph) Total $45B · Run rate $15B/yr");
    const tooltip = view.tooltip.join("\n");
    for (const value of [display.total, display.run_rate, display.npv, display.exit_exposure[0]]) assert.ok(tooltip.includes(`\`${value}\``), `${value} in ${tooltip}`);
  });

  it("leaves out the run rate when the server has none", () => {
    assert.equal(statusView({ ...colossus, run_rate: null }).text, `$(graph) Total USD ${colossus.total}`);
  });

  /** What the server answers for a deal whose only fee is broken: the JSON's `0.00`, but no display figure. */
  const none: FiguresView = {
    ...colossus,
    total: "0.00",
    run_rate: "0.00",
    complete: false,
    excluded: ["lease"],
    display: { exit_exposure: [], state: "none", status: "no figures: fix the errors", status_detail: "No figures: no fee could be evaluated: fee `lease` has errors. Fix the errors to compute them." },
  };
  const partial: FiguresView = {
    ...colossus,
    complete: false,
    excluded: ["lease"],
    display: {
      total: "$45,000,000,000.00",
      total_compact: "$45B",
      run_rate: "$15,000,000,000.00",
      run_rate_compact: "$15B",
      exit_exposure: [],
      state: "partial",
      status: "incomplete: fee `lease` excluded",
      status_detail: "The figures are partial: they leave out fee `lease`, which could not be read. Fix the errors for the deal's full figures.",
    },
  };

  it("with no fee evaluated, shows the server's words and never the $0 total", () => {
    const view = statusView(none);
    assert.equal(view.text, "$(warning) Dealspec: no figures: fix the errors");
    assert.equal(view.incomplete, true);
    const all = [view.text, ...view.tooltip].join("\n");
    assert.ok(!all.includes("0.00"), all);
    assert.match(all, /fee `lease` has errors/);
  });

  it("leads partial figures with what they leave out, and says so in the hover", () => {
    const view = statusView(partial);
    assert.equal(view.text, "$(warning) incomplete: fee `lease` excluded · Total $45B · Run rate $15B/yr");
    assert.equal(view.incomplete, true);
    assert.ok(view.tooltip.some((l) => l.includes("they leave out fee `lease`")), view.tooltip.join("\n"));
  });
});

describe("Copy Figures", () => {
  it("copies complete figures and confirms", () => {
    const view = copyView(colossus);
    assert.equal(view.json, `${JSON.stringify(colossus, null, 2)}\n`);
    assert.equal(view.warning, undefined);
    assert.ok(view.done);
  });

  it("copies partial figures (the JSON says `complete: false`) with a warning that says what is left out", () => {
    const figures: FiguresView = { ...colossus, complete: false, excluded: ["lease"], display: { exit_exposure: [], state: "partial", status: "incomplete: fee `lease` excluded", status_detail: "The figures are partial: they leave out fee `lease`." } };
    const view = copyView(figures);
    assert.ok(view.json?.includes('"complete": false'));
    assert.match(view.warning!, /"complete": false.*they leave out fee `lease`/);
    assert.equal(view.done, undefined);
  });

  it("copies nothing when no fee was evaluated, or the server has no figures", () => {
    const figures: FiguresView = { ...colossus, total: "0.00", complete: false, excluded: ["lease"], display: { exit_exposure: [], state: "none", status: "no figures: fix the errors", status_detail: "No figures: no fee could be evaluated." } };
    assert.deepEqual(copyView(figures), { warning: "Dealspec: No figures: no fee could be evaluated." });
    assert.equal(copyView(null).json, undefined);
  });
});

describe("portfolio figures (the `dealspec/figures` answer on a portfolio file)", () => {
  const file = path.join(SAMPLES, "anthropic-compute.portfolio.yaml");
  const analysis = analyzePortfolio(readFileSync(file, "utf8"), fileUri(file), fileHost());
  const book: PortfolioFiguresView = { ...portfolioFiguresJson(analysis), display: portfolioFiguresDisplay(analysis) };
  const d = book.display!;

  it("shows the portfolio's compact total and its providers in the status bar, each provider's total and share in the hover", () => {
    const view = statusView(book);
    assert.equal(view.text, `$(graph) Portfolio ${d.total_compact} · ${d.providers.length} providers`);
    assert.equal(view.incomplete, false);
    const tooltip = view.tooltip.join("\n");
    assert.match(tooltip, /\*\*Dealspec: anthropic-compute\*\* \(portfolio\)/);
    assert.ok(tooltip.includes(`- Total: \`${d.total}\``), tooltip);
    assert.ok(tooltip.includes(`- Firm commitment: \`${d.firm_commitment}\``), tooltip);
    for (const p of d.providers) assert.ok(tooltip.includes(`- ${p.name}: \`${p.total}\` (${p.share})`), p.name);
    assert.match(tooltip, /schedule by year and provider/);
  });

  it("leads partial figures with the deals left out; shows no figure at all when there are none", () => {
    const partial = statusView({ ...book, display: { ...d, state: "partial", status: "incomplete: deal `b` left out", status_detail: "The figures are partial: they leave out deal `b`." } });
    assert.equal(partial.text, `$(warning) incomplete: deal \`b\` left out · Portfolio ${d.total_compact} · ${d.providers.length} providers`);
    assert.equal(partial.incomplete, true);
    const none = statusView({ ...book, total: null, display: { providers: [], state: "none", status: "no figures: fix the errors", status_detail: "No figures: no deal is included." } });
    assert.equal(none.text, "$(warning) Dealspec: no figures: fix the errors");
    assert.ok(none.tooltip.join("\n").includes("No figures: no deal is included."));
  });

  it("copies the portfolio's JSON as the server gave it", () => {
    const view = copyView(book);
    assert.equal(view.json, `${JSON.stringify(book, null, 2)}\n`);
    assert.ok(view.done);
  });
});
