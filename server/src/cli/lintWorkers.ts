/**
 * `dealspec lint` over many files on every core: worker threads check the
 * files (lintFile.ts, each worker with its own host and
 * configurations), handed out a few at a time from one queue as workers
 * free up; the main thread only hands them out, puts the results back in the
 * files' order and prints, so that every format prints exactly what one
 * thread would.
 *
 * The worker is the module that starts it loaded again (`__filename`: the
 * CLI's bundle, or this module when it is not bundled): loaded in a worker it
 * runs the worker's loop, and the CLI's entry (server/src/cli.ts) does not run.
 */
import { availableParallelism } from "node:os";
import { isMainThread, parentPort, Worker, workerData } from "node:worker_threads";
import { lintContext, lintFile, type FileResult, type LintContext, type LintSettings } from "./lintFile";

/** Below this many files per worker, a run stays in one thread. */
export const FILES_PER_WORKER = 100;
/**
 * Files a worker is given at a time, two batches ahead (it starts the next
 * while the main thread takes the results of the last): small enough that
 * the workers finish together, large enough to keep messages few.
 */
const BATCH = 8;

/**
 * Workers are started by default on machines with at least this many cores.
 * Each worker warms up an engine of its own: 2-3 s of CPU time over 1,000
 * files (it loads the bundle, compiles the hot functions on the engine's
 * background threads and runs its first files unoptimized), which one thread
 * does once, with the compiler on the second core. On 2 cores two workers
 * took 25-55% more CPU time than one thread over 1,000 files and were slower
 * (bench/RESULTS.md).
 */
export const MIN_CORES = 4;

/**
 * How many worker threads check `files` files: `DEALSPEC_LINT_WORKERS` (a
 * whole number; 0 turns workers off) when set, else, from MIN_CORES cores,
 * one per core but one (left to the main thread, which hands out the files
 * and prints, and to the engines' compiler and collector threads), as long as
 * each worker gets FILES_PER_WORKER files; 0 (one thread, in-process) when
 * that leaves fewer than two.
 */
export function workerCount(files: number, env: NodeJS.ProcessEnv, cores = availableParallelism()): number {
  const forced = env.DEALSPEC_LINT_WORKERS;
  if (forced !== undefined && /^\d+$/.test(forced)) return Math.min(Number(forced), files);
  if (cores < MIN_CORES) return 0;
  const workers = Math.min(cores - 1, Math.floor(files / FILES_PER_WORKER));
  return workers >= 2 ? workers : 0;
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
 * Checks `files` on `count` worker threads, each set up with `settings`; the
 * results in the files' order. The calling thread only hands out the files.
 */
export async function lintOnWorkers(files: readonly string[], settings: LintSettings, count: number): Promise<WorkerResult[]> {
  const results: WorkerResult[] = new Array<WorkerResult>(files.length);
  let next = 0;
  const take = (size: number): Batch | undefined => {
    if (next >= files.length) return undefined;
    const batch = files.slice(next, next + size).map((f, i) => [next + i, f] as const);
    next += batch.length;
    return { files: batch };
  };
  const one = (started: Worker[]): Promise<void> =>
    new Promise((resolve, reject) => {
      const worker = new Worker(__filename, { workerData: { dealspecLint: settings }, stdout: false, stderr: false });
      started.push(worker);
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
  // No more workers than batches: a worker without files would only cost its start.
  const started: Worker[] = [];
  try {
    await Promise.all(Array.from({ length: Math.min(count, Math.ceil(files.length / BATCH)) }, () => one(started)));
  } catch (e) {
    // One worker failed: the others stop too, so that the error ends the run.
    for (const w of started) void w.terminate();
    throw e;
  }
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
