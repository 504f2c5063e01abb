/** Entry point of the `dealspec` command (bundled to server/out/cli.js). */
import { run } from "./cli/main";

const code = run(process.argv.slice(2), {
  cwd: process.cwd(),
  out: (text) => process.stdout.write(`${text}\n`),
  err: (text) => process.stderr.write(`${text}\n`),
});
process.exitCode = code;
