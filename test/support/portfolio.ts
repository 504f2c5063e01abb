/** Portfolios for tests: one read from disk as the CLI reads it, and a host over files held in memory. */
import { readFileSync } from "node:fs";
import { fileHost, fileLocation } from "../../server/src/cli/host";
import { analyzePortfolio, cachingHost, type PortfolioAnalysis } from "../../server/src/core";

/** A portfolio file analyzed over the disk, through the CLI's host. */
export function analyzePortfolioFile(file: string): PortfolioAnalysis {
  return analyzePortfolio(readFileSync(file, "utf8"), fileLocation(file), fileHost());
}

/** A host over a map of location to text, listing a folder's files up to `depth` levels down from the map's keys. */
export function memoryHost(files: ReadonlyMap<string, string>) {
  return cachingHost({
    readText: (l) => files.get(l),
    *listFiles(folder, depth) {
      for (const k of files.keys()) {
        if (k.startsWith(`${folder}/`) && k.slice(folder.length + 1).split("/").length <= depth) yield k;
      }
    },
  });
}
