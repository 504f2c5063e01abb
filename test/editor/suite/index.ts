/**
 * The in-editor suite's entry: runs every `*.test.js` beside this file with mocha, inside the
 * extension host, and reports each result as a line of JSON to `DEALSPEC_EDITOR_RESULTS` (when set).
 * `@vscode/test-electron` calls `run()` (see scripts/editor/test-electron.mjs); under code-server the
 * test extension in test/editor/host calls it (see scripts/editor/test-editor.mjs).
 */
import * as fs from "node:fs";
import * as path from "node:path";
import Mocha from "mocha";

export interface Summary {
  passes: number;
  failures: number;
  pending: number;
  durationMs: number;
}

let writer: ((event: object) => void) | undefined;

/** Records a measurement or remark beside the results (printed by the runner as NOTE). */
export function note(text: string): void {
  writer?.({ event: "note", text });
}

export function run(): Promise<void> {
  return runSuite(process.env.DEALSPEC_EDITOR_RESULTS).then((s) => {
    if (s.failures > 0) throw new Error(`${s.failures} editor test(s) failed`);
  });
}

export function runSuite(resultsFile: string | undefined): Promise<Summary> {
  const write = (event: object) => {
    const line = JSON.stringify(event);
    console.log(`[dealspec-editor-tests] ${line}`);
    if (resultsFile) fs.appendFileSync(resultsFile, line + "\n");
  };
  writer = write;
  const mocha = new Mocha({ ui: "tdd", color: false, timeout: Number(process.env.DEALSPEC_EDITOR_TEST_TIMEOUT ?? 30_000), reporter: "base" });
  const grep = process.env.DEALSPEC_EDITOR_GREP;
  if (grep) mocha.grep(grep);
  const files = fs.readdirSync(__dirname).filter((f) => f.endsWith(".test.js")).sort();
  for (const f of files) mocha.addFile(path.join(__dirname, f));

  const started = Date.now();
  return new Promise((resolve, reject) => {
    try {
      write({ event: "start", files });
      const runner = mocha.run((failures) => {
        const stats = runner.stats;
        const summary = { passes: stats?.passes ?? 0, failures, pending: stats?.pending ?? 0, durationMs: Date.now() - started };
        write({ event: "end", ...summary });
        resolve(summary);
      });
      runner.on("pass", (t) => write({ event: "pass", title: t.fullTitle(), ms: t.duration }));
      runner.on("pending", (t) => write({ event: "pending", title: t.fullTitle() }));
      runner.on("fail", (t, err: Error) => write({ event: "fail", title: t.fullTitle(), ms: t.duration, error: err?.stack ?? String(err) }));
    } catch (e) {
      write({ event: "end", passes: 0, failures: 1, pending: 0, durationMs: Date.now() - started, error: String(e) });
      reject(e);
    }
  });
}
