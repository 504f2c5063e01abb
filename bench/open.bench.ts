/**
 * Opening a document in the language server, and the first edit after it:
 * this build's server against another build's (a bundle named by
 * `--base=FILE`, for example `server/out/server.js` copied aside before a
 * change), both over stdio, on generated deal files. The two servers take
 * turns, each round in the other order, so a slow spell of a shared machine
 * falls on both.
 *
 * Each round, for each server: open a new file and time didOpen -> its first
 * diagnostics; pause as a reader would (a second, plus 3 times the open:
 * time for a server that works when idle, server/src/lsp/documents.ts);
 * type one digit over an amount and time didChange -> its diagnostics; close
 * the file. Reported: medians and the ratio this build / base.
 *
 *   npm run build && cp server/out/server.js /tmp/base-server.js   # before the change
 *   npm run build && node out/bench/open.bench.js --base=/tmp/base-server.js --sizes=100,2000 --rounds=12
 *
 * Without `--base`, only this build is measured. Not recorded automatically:
 * bench/RESULTS.md "Opening a document" quotes a run.
 */
import { LspClient } from "../test/support/lspClient";
import { amountDigit, generateDeal } from "./generate";
import { machine, percentile } from "./stats";

function option(name: string): string | undefined {
  return process.argv.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3);
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const median = (xs: readonly number[]) => percentile([...xs].sort((a, b) => a - b), 50);

interface Subject {
  readonly name: string;
  readonly client: LspClient;
  readonly open: number[];
  readonly firstEdit: number[];
}

async function round(s: Subject, text: string, n: number): Promise<void> {
  const digit = amountDigit(text);
  const uri = `file:///bench/open/${n}.deal.yaml`;
  const t0 = performance.now();
  await s.client.open(uri, text, 1);
  const first = await s.client.diagnosticsOf(uri, 1);
  const opened = performance.now() - t0;
  if (first.diagnostics.some((d) => d.severity === 1)) throw new Error(`${s.name}: the generated deal has errors`);
  s.open.push(opened);
  await sleep(1000 + 3 * opened);
  const published = s.client.diagnosticsOf(uri, 2);
  const t1 = performance.now();
  void s.client.change(uri, 2, [{ range: digit.range, text: digit.other }]);
  await published;
  s.firstEdit.push(performance.now() - t1);
  await s.client.close(uri);
}

async function main(): Promise<void> {
  const sizes = (option("sizes") ?? "100,2000,20000").split(",").map(Number);
  const rounds = Number(option("rounds") ?? "10");
  const base = option("base");
  const ms = (v: number) => v.toFixed(1);
  console.log(`Machine: ${machine()}. ${rounds} rounds per size (the first of each server left out: start-up and compilation).`);
  console.log("");
  console.log(`| lines | measurement | this build p50 (ms) |${base ? " base p50 (ms) | this / base |" : ""}`);
  console.log(`| ---: | --- | ---: |${base ? " ---: | ---: |" : ""}`);
  for (const lines of sizes) {
    const text = generateDeal(lines);
    const subjects: Subject[] = [{ name: "this build", client: await LspClient.start(), open: [], firstEdit: [] }];
    if (base) subjects.push({ name: "base", client: await LspClient.start({ server: base }), open: [], firstEdit: [] });
    let n = 0;
    for (let r = 0; r < rounds + 1; r++) {
      for (const s of r % 2 === 0 ? subjects : [...subjects].reverse()) await round(s, text, n++);
    }
    for (const s of subjects) {
      await s.client.stop();
      s.open.shift();
      s.firstEdit.shift();
    }
    const [ours, theirs] = subjects as [Subject, Subject | undefined];
    for (const [label, key] of [
      ["open → first diagnostics", "open"],
      ["first didChange after a pause → diagnostics", "firstEdit"],
    ] as const) {
      const a = median(ours[key]);
      const b = theirs ? median(theirs[key]) : undefined;
      console.log(`| ${lines.toLocaleString("en-US")} | ${label} | ${ms(a)} |${b !== undefined ? ` ${ms(b)} | ${(a / b).toFixed(2)}x |` : ""}`);
    }
  }
}

void main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
