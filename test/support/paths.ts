/** Where tests find the repository, its fixtures and its built artefacts. */
import * as path from "node:path";

/** The repository root (tests run from out/test/...). */
export const ROOT = path.resolve(__dirname, "..", "..", "..");
export const FIXTURES = path.join(ROOT, "test", "fixtures");
export const SAMPLES = path.join(ROOT, "samples");
export const CLI = path.join(ROOT, "server", "out", "cli.js");
export const SERVER = path.join(ROOT, "server", "out", "server.js");

/** True when golden files should be rewritten rather than compared (UPDATE_GOLDEN=1). */
export const UPDATE_GOLDEN = process.env.UPDATE_GOLDEN === "1";
