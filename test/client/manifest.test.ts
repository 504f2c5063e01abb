/** The extension manifest (package.json): what VS Code reads before any client code runs. */
import { newFileTemplate } from "../../server/src/core";
import { HINT_GROUPS } from "../../server/src/core/features";
import { strict as assert } from "node:assert";
import { existsSync, readFileSync } from "node:fs";
import * as path from "node:path";
import { describe, it } from "node:test";
import { ACTIVE_CONTEXT, CLIENT_ID, isToolLanguage, KEY_DATES_VIEW, TOOL_LANGUAGE_IDS } from "../../client/src/ids";
import { COMMANDS, DEAL_LANGUAGE_ID as LANGUAGE_ID, PORTFOLIO_LANGUAGE_ID } from "../../protocol/src";
import { ROOT } from "../support/paths";

const manifest = JSON.parse(readFileSync(path.join(ROOT, "package.json"), "utf8"));
const contributes = manifest.contributes;

describe("extension manifest", () => {
  it("declares the dealspec language for *.deal.yaml and *.deal.yml", () => {
    const language = contributes.languages.find((l: { id: string }) => l.id === LANGUAGE_ID);
    assert.deepEqual(language.filenamePatterns, ["*.deal.yaml", "*.deal.yml"]);
    assert.ok(existsSync(path.join(ROOT, language.configuration)));
  });

  it("declares the dealspec-portfolio language for *.portfolio.yaml and *.portfolio.yml, with the deal files' grammar and configuration", () => {
    const language = contributes.languages.find((l: { id: string }) => l.id === PORTFOLIO_LANGUAGE_ID);
    assert.deepEqual(language.filenamePatterns, ["*.portfolio.yaml", "*.portfolio.yml"]);
    const deal = contributes.languages.find((l: { id: string }) => l.id === LANGUAGE_ID);
    assert.equal(language.configuration, deal.configuration);
    const grammar = (id: string) => contributes.grammars.find((g: { language?: string }) => g.language === id);
    assert.deepEqual({ ...grammar(PORTFOLIO_LANGUAGE_ID), language: LANGUAGE_ID }, grammar(LANGUAGE_ID));
  });

  it("runs in untrusted workspaces: deal files are data, nothing in them is executed, and no setting names a program", () => {
    assert.deepEqual(manifest.capabilities.untrustedWorkspaces, { supported: true });
    const settings = Object.keys(contributes.configuration.properties ?? {});
    assert.ok(settings.length > 0);
    assert.deepEqual(settings.filter((key) => /path|command|executable|program/i.test(key)), []);
  });

  it("activates only when a deal or portfolio file opens (or, implicitly since VS Code 1.74, when one of its commands runs)", () => {
    assert.deepEqual(manifest.activationEvents, [`onLanguage:${LANGUAGE_ID}`, `onLanguage:${PORTFOLIO_LANGUAGE_ID}`]);
  });

  it("needs VS Code 1.91 or newer (vscode-languageclient 11), and matches @types/vscode", () => {
    const [major, minor] = /^\^(\d+)\.(\d+)\./.exec(manifest.engines.vscode)!.slice(1).map(Number) as [number, number];
    assert.ok(major > 1 || minor >= 91, manifest.engines.vscode);
    const types = JSON.parse(readFileSync(path.join(ROOT, "node_modules", "@types", "vscode", "package.json"), "utf8")).version as string;
    const [tMajor, tMinor] = types.split(".").map(Number) as [number, number];
    assert.ok(tMajor < major || (tMajor === major && tMinor <= minor), `@types/vscode ${types} is not newer than engines.vscode`);
  });

  it("starts from the client bundle: the Node build's `main`, the browser build's `browser` (VS Code for the Web)", () => {
    assert.equal(manifest.main, "./client/out/extension.js");
    assert.equal(manifest.browser, "./client/out/browser.js");
  });

  it("declares its support of virtual workspaces as limited, and says why: the browser build reads them, the desktop build reads files on disk", () => {
    const virtual = manifest.capabilities.virtualWorkspaces;
    assert.equal(virtual.supported, "limited");
    assert.match(virtual.description, /browser build/);
    assert.match(virtual.description, /files on disk only/);
  });

  it("contributes exactly the commands the client registers, under the Dealspec category", () => {
    const contributed = contributes.commands.map((c: { command: string }) => c.command).sort();
    assert.deepEqual(contributed, Object.values(COMMANDS).sort());
    const titles = Object.fromEntries(contributes.commands.map((c: { command: string; category: string; title: string }) => [c.command, `${c.category}: ${c.title}`]));
    assert.deepEqual(titles, {
      [COMMANDS.showSchedule]: "Dealspec: Show Schedule",
      [COMMANDS.showCashFlow]: "Dealspec: Show Cash Flow",
      [COMMANDS.copyFigures]: "Dealspec: Copy Figures as JSON",
      [COMMANDS.restartServer]: "Dealspec: Restart Language Server",
      [COMMANDS.newDeal]: "Dealspec: New Deal File",
      [COMMANDS.newPortfolio]: "Dealspec: New Portfolio File",
      [COMMANDS.refreshKeyDates]: "Dealspec: Refresh Key Dates",
    });
  });

  it("contributes the Key Dates view to the explorer, shown once the extension is active, with a refresh button", () => {
    assert.deepEqual(contributes.views, { explorer: [{ id: KEY_DATES_VIEW, name: "Dealspec: Key Dates", when: ACTIVE_CONTEXT }] });
    assert.deepEqual(contributes.menus["view/title"], [{ command: COMMANDS.refreshKeyDates, when: `view == ${KEY_DATES_VIEW}`, group: "navigation" }]);
    const icon = contributes.commands.find((c: { command: string }) => c.command === COMMANDS.refreshKeyDates).icon;
    assert.equal(icon, "$(refresh)");
    // The view asks the server (with the client's today) and writes no string of its own.
    const source = readFileSync(path.join(ROOT, "client", "src", "keyDates", "view.ts"), "utf8");
    assert.match(source, /sendRequest\(KeyDatesRequest\.type, \{ today: localToday\(\) \}\)/);
    assert.match(source, /registerTreeDataProvider\(KEY_DATES_VIEW/);
  });

  it("offers \"Dealspec deal\" and \"Dealspec portfolio\" in File > New File..., by their short titles", () => {
    assert.deepEqual(contributes.menus["file/newFile"], [
      { command: COMMANDS.newDeal, group: "file" },
      { command: COMMANDS.newPortfolio, group: "file" },
    ]);
    // The New File... picker shows a command's shortTitle (the palette its category and title).
    const short = Object.fromEntries(contributes.commands.map((c: { command: string; shortTitle?: string }) => [c.command, c.shortTitle]));
    assert.equal(short[COMMANDS.newDeal], "Dealspec deal");
    assert.equal(short[COMMANDS.newPortfolio], "Dealspec portfolio");
    // Available anywhere: no `when` hides them from the palette.
    const palette = contributes.menus.commandPalette.map((m: { command: string }) => m.command);
    assert.ok(!palette.includes(COMMANDS.newDeal) && !palette.includes(COMMANDS.newPortfolio));
  });

  it("opens new files with the server's template, never one of its own", () => {
    const source = readFileSync(path.join(ROOT, "client", "src", "newFile.ts"), "utf8");
    assert.match(source, /sendRequest\(TemplateRequest\.type/);
    assert.ok(!/dealspec: 1|currency:|fees:/.test(source), "no template text in the client");
  });

  it("shows the commands in the palette only where they apply", () => {
    const when = Object.fromEntries(contributes.menus.commandPalette.map((m: { command: string; when: string }) => [m.command, m.when]));
    assert.equal(when[COMMANDS.showSchedule], `editorLangId == ${LANGUAGE_ID} || editorLangId == ${PORTFOLIO_LANGUAGE_ID}`);
    assert.equal(when[COMMANDS.copyFigures], `editorLangId == ${LANGUAGE_ID} || editorLangId == ${PORTFOLIO_LANGUAGE_ID}`);
    assert.equal(when[COMMANDS.showCashFlow], `editorLangId == ${LANGUAGE_ID} || editorLangId == ${PORTFOLIO_LANGUAGE_ID}`);
    assert.equal(when[COMMANDS.restartServer], ACTIVE_CONTEXT);
    assert.equal(when[COMMANDS.refreshKeyDates], ACTIVE_CONTEXT);
  });

  it("offers the deal's tools on portfolios too: the palette and the editor title name both languages", () => {
    const when = Object.fromEntries(contributes.menus.commandPalette.map((m: { command: string; when: string }) => [m.command, m.when]));
    for (const command of [COMMANDS.showSchedule, COMMANDS.showCashFlow, COMMANDS.copyFigures]) {
      for (const id of TOOL_LANGUAGE_IDS) assert.ok(when[command].split(" || ").includes(`editorLangId == ${id}`), `${command}: ${when[command]}`);
    }
    const title = contributes.menus["editor/title"] as { command: string; when: string }[];
    assert.deepEqual(title.map((m) => m.command), [COMMANDS.showSchedule, COMMANDS.showCashFlow]);
    for (const m of title) assert.equal(m.when, `resourceLangId == ${LANGUAGE_ID} || resourceLangId == ${PORTFOLIO_LANGUAGE_ID}`, m.command);
  });

  it("the status bar, the commands, the change events and the webview panels all accept both languages", () => {
    assert.deepEqual(TOOL_LANGUAGE_IDS, [LANGUAGE_ID, PORTFOLIO_LANGUAGE_ID]);
    assert.ok(isToolLanguage(LANGUAGE_ID) && isToolLanguage(PORTFOLIO_LANGUAGE_ID) && !isToolLanguage("yaml"));
    for (const file of ["status.ts", "commands.ts", "changes.ts", "webviewPanel.ts"]) {
      const source = readFileSync(path.join(ROOT, "client", "src", file), "utf8");
      assert.match(source, /isToolLanguage\(/, file);
      assert.ok(!/languageId [!=]==? (DEAL_)?LANGUAGE_ID/.test(source), `${file} compares with the deal language only`);
    }
  });

  it("declares the dealspec.* settings, read per resource", () => {
    const properties = contributes.configuration.properties;
    // One setting per inlay hint group the server knows, and the lens switch.
    const booleans = [...HINT_GROUPS.map((g) => `inlayHints.${g}`), "codeLens.enabled"];
    assert.deepEqual(Object.keys(properties).sort(), [...booleans.map((k) => `dealspec.${k}`), "dealspec.trace.server", "dealspec.docs.url"].sort());
    for (const key of booleans) {
      assert.deepEqual({ type: properties[`dealspec.${key}`].type, default: properties[`dealspec.${key}`].default, scope: properties[`dealspec.${key}`].scope }, { type: "boolean", default: true, scope: "resource" }, key);
      assert.ok(properties[`dealspec.${key}`].description.length > 10, key);
    }
  });

  it("sets editor defaults for both languages: suggestions as you type in keys and values, no word-based ones, 2-space indentation", () => {
    const expected = {
      // Keys are `other` tokens, plain values are `strings` in the YAML grammar; comments stay quiet.
      "editor.quickSuggestions": { other: "on", comments: "off", strings: "on" },
      // Only the server's keys, values and snippets: no words of the file to capture Tab in a snippet's placeholder.
      "editor.wordBasedSuggestions": "off",
      "editor.suggest.snippetsPreventQuickSuggestions": false,
      // The indentation the snippets and templates write.
      "editor.tabSize": 2,
      "editor.insertSpaces": true,
    };
    assert.deepEqual(Object.keys(contributes.configurationDefaults).sort(), [`[${LANGUAGE_ID}]`, `[${PORTFOLIO_LANGUAGE_ID}]`].sort());
    assert.deepEqual(contributes.configurationDefaults[`[${LANGUAGE_ID}]`], expected);
    assert.deepEqual(contributes.configurationDefaults[`[${PORTFOLIO_LANGUAGE_ID}]`], expected);
  });

  it("writes the indentation its defaults set: the new-file templates indent by 2 spaces, never tabs", () => {
    for (const kind of ["deal", "portfolio"] as const) {
      const indents = newFileTemplate(kind).text.split("\n").map((l) => /^ */.exec(l)![0].length).filter((n) => n > 0);
      assert.ok(indents.length > 0 && indents.every((n) => n % 2 === 0), kind);
      assert.ok(!newFileTemplate(kind).text.includes("\t"), kind);
    }
  });

  it("has a setting for where diagnostic codes link, passed to the server at each start with today's date", () => {
    const url = contributes.configuration.properties["dealspec.docs.url"];
    assert.deepEqual({ type: url.type, default: url.default, scope: url.scope }, { type: "string", default: "", scope: "application" });
    assert.match(url.markdownDescription, /diagnostics\.md#ds201/);
    const client = readFileSync(path.join(ROOT, "client", "src", "clientOptions.ts"), "utf8");
    assert.match(client, /initializationOptions: \(\) => \(\{ docsUrl: vscode\.workspace\.getConfiguration\("dealspec"\)\.get<string>\("docs\.url", ""\), today: localToday\(\) \}\)/);
  });

  it("names the trace setting after the client's id, as vscode-languageclient reads it", () => {
    const trace = contributes.configuration.properties[`${CLIENT_ID}.trace.server`];
    assert.deepEqual(trace.enum, ["off", "messages", "verbose"]);
    assert.equal(trace.default, "off");
  });

  it("has a 128x128 PNG icon", () => {
    const png = readFileSync(path.join(ROOT, manifest.icon));
    assert.deepEqual([...png.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(png.toString("ascii", 12, 16), "IHDR");
    assert.deepEqual([png.readUInt32BE(16), png.readUInt32BE(20)], [128, 128]);
  });

  it("has an MIT LICENSE, as the manifest says", () => {
    assert.equal(manifest.license, "MIT");
    assert.match(readFileSync(path.join(ROOT, "LICENSE"), "utf8"), /^MIT License/);
  });
});
