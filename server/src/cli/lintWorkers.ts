/**
 * `dealspec lint` over many files on every core: worker threads and the
 * main thread check the files (lintFile.ts, each thread with its own host and
 * configurations) in batches handed out as threads finish, and the main
 * thread puts the results back in the files' order, so that every format
 * prints exactly what one thread would. Small runs stay in one thread:
 * starting a worker costs about as much as checking a hundred files.
 *
 * The worker is the module that starts it loaded again (`__filename`: the
 * CLI's bundle, or this module when it is not bundled): loaded in a worker it
 * runs the worker's loop, and the CLI's entry (server/src/cli.ts) does not run.
 */
import { availableParallelism } from "node:os";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { lintContext, lintFile, type FileResult, type LintContext, type LintSettings } from "./lintFile";

/** Below this many files per thread, a run stays in-process. */
export const FILES_PER_WORKER = 100;
/** Files a worker is given at a time (two batches ahead): small enough to share the work evenly, large enough to keep messages few. */
const BATCH = 16;
/** Files the main thread checks between two looks at the workers' messages. */
const MAIN_BATCH = 4;

/**
 * Workers are started by default on machines with at least this many cores.
 * On 2 cores one thread already keeps both busy (the engine's garbage
 * collection and compilation run beside it: 5.5 s of CPU in 3.8 s), and
 * workers made lint slower (0.88x-0.95x wall time, bench/RESULTS.md).
 */
export const MIN_CORES = 4;

/**
 * How many worker threads to start for `files` files, besides the main
 * thread, which checks files too: `DEALSPEC_LINT_WORKERS` (a whole number; 0
 * turns workers off) when set, else, from MIN_CORES cores, one per core but
 * the main thread's, as long as each thread gets FILES_PER_WORKER files; 0
 * (in-process) when that leaves none.
 */
export function workerCount(files: number, env: NodeJS.ProcessEnv, cores = availableParallelism()): number {
  const forced = env.DEALSPEC_LINT_WORKERS;
  if (forced !== undefined && /^\d+$/.test(forced)) return Math.min(Number(forced), files);
  if (cores < MIN_CORES) return 0;
  const threads = Math.min(cores, Math.floor(files / FILES_PER_WORKER));
  return threads >= 2 ? threads - 1 : 0;
}

/** A file's result and the includes its thread found unreadable while checking it (first found, in order). */
export interface WorkerResult {
  readonly result: FileResult;
  readonly unreadable: ReadonlyArray<readonly [string, string]>;
}

interface Batch {
  readonly files: ReadonlyArray<readonly [number, string]>;
}
interface Done {
  readonly results: ReadonlyArray<readonly [number, WorkerResult]>;
}
interface Failed {
  readonly error: string;
}

/** Checks one file in a thread's context, with what the thread found unreadable since its last file. */
function checkOne(file: string, ctx: LintContext, seen: { count: number }): WorkerResult {
  const result = lintFile(file, ctx);
  const all = [...ctx.host.unreadable()];
  const unreadable = all.slice(seen.count);
  seen.count = all.length;
  return { result, unreadable };
}

/**
 * Checks `files` on `count` worker threads and in the main thread (in
 * `ctx`, between the workers' messages); the results in the files' order.
 */
export async function lintOnWorkers(files: readonly string[], settings: LintSettings, count: number, ctx: LintContext): Promise<WorkerResult[]> {
  const results: WorkerResult[] = new Array<WorkerResult>(files.length);
  let next = 0;
  const take = (size: number): Batch | undefined => {
    if (next >= files.length) return undefined;
    const batch = files.slice(next, next + size).map((f, i) => [next + i, f] as const);
    next += batch.length;
    return { files: batch };
  };
  const one = (): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(__filename, { workerData: { dealspecLint: settings }, stdout: false, stderr: false });
      let pending = 0;
      let finished = false;
      const give = () => {
        const batch = take(BATCH);
        if (batch) {
          pending++;
          worker.postMessage(batch);
        } else if (pending === 0) {
          finished = true;
          void worker.terminate().then(() => resolve());
        }
      };
      worker.on("message", (m: Done | Failed) => {
        if ("error" in m) {
          finished = true;
          void worker.terminate();
          reject(new Error(m.error));
          return;
        }
        pending--;
        for (const [i, r] of m.results) results[i] = r;
        give();
      });
      worker.on("error", (e) => {
        finished = true;
        reject(e);
      });
      worker.on("exit", (code) => {
        if (!finished) reject(new Error(`a lint worker stopped (exit code ${code})`));
      });
      // Two batches ahead, so that a worker has the next one while its results wait for the main thread.
      give();
      give();
    });
  const workers = Promise.all(Array.from({ length: Math.min(count, files.length) }, one));
  workers.catch(() => undefined); // awaited below; a worker's failure must not go unhandled meanwhile
  // The main thread checks files too, a few at a time, and lets the workers' messages in between.
  const seen = { count: 0 };
  for (let batch = take(MAIN_BATCH); batch; batch = take(MAIN_BATCH)) {
    for (const [i, file] of batch.files) results[i] = checkOne(file, ctx, seen);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
  await workers;
  return results;
}

/** True in a thread started by `lintOnWorkers`. */
export function isLintWorker(): boolean {
  return !isMainThread && typeof workerData === "object" && workerData !== null && "dealspecLint" in workerData;
}

/** A worker's loop: check each batch of files and send the results back. */
function runLintWorker(): void {
  const ctx = lintContext((workerData as { dealspecLint: LintSettings }).dealspecLint);
  const seen = { count: 0 };
  parentPort!.on("message", (batch: Batch) => {
    try {
      const results = batch.files.map(([i, file]) => [i, checkOne(file, ctx, seen)] as const);
      parentPort!.postMessage({ results } satisfies Done);
    } catch (e) {
      parentPort!.postMessage({ error: e instanceof Error ? (e.stack ?? e.message) : String(e) } satisfies Failed);
    }
  });
}

if (isLintWorker()) runLintWorker();
