// Creates the pull request's Dealspec comment, or updates the one there is:
// the comment whose body starts with the report's marker line. Used by the
// action (action.yml); reads what GitHub Actions provides:
//
//   GITHUB_API_URL       the REST API (https://api.github.com, or GitHub Enterprise's)
//   GITHUB_REPOSITORY    owner/name
//   GITHUB_EVENT_PATH    the event, for the pull request's number
//   DEALSPEC_TOKEN       a token allowed to write pull-request comments
//   GITHUB_OUTPUT        where the comment's URL is written (`url=...`)
//
//   node action/comment.mjs REPORT.md
//
// A token without the right (a pull request from a fork) gives a warning, not
// a failure: the report is in the job summary all the same.
import { appendFileSync, readFileSync } from "node:fs";

const MARKER = "<!-- dealspec-diff -->";

function fail(message) {
  console.log(`::error title=dealspec comment::${message}`);
  process.exit(1);
}

const [reportFile] = process.argv.slice(2);
if (!reportFile) fail("usage: node comment.mjs REPORT.md");
const body = readFileSync(reportFile, "utf8");
if (!body.startsWith(MARKER)) fail(`${reportFile} does not start with ${MARKER}`);

const api = (process.env.GITHUB_API_URL || "https://api.github.com").replace(/\/+$/, "");
const repository = process.env.GITHUB_REPOSITORY;
const token = process.env.DEALSPEC_TOKEN;
if (!repository) fail("GITHUB_REPOSITORY is not set");
if (!token) fail("no token: give the action `github-token`, or `comment: false`");

let number = process.env.DEALSPEC_PR;
if (!number && process.env.GITHUB_EVENT_PATH) {
  const event = JSON.parse(readFileSync(process.env.GITHUB_EVENT_PATH, "utf8"));
  number = event.pull_request?.number ?? event.issue?.number;
}
if (!number) {
  console.log("Not a pull request: no comment.");
  process.exit(0);
}

async function call(method, path, payload) {
  const response = await fetch(`${api}${path}`, {
    method,
    headers: {
      Accept: "application/vnd.github+json",
      Authorization: `Bearer ${token}`,
      "X-GitHub-Api-Version": "2022-11-28",
      "User-Agent": "dealspec-action",
      ...(payload ? { "Content-Type": "application/json" } : {}),
    },
    ...(payload ? { body: JSON.stringify(payload) } : {}),
  });
  const text = await response.text();
  if (!response.ok) {
    const error = new Error(`${method} ${path}: ${response.status} ${text.slice(0, 300)}`);
    error.status = response.status;
    throw error;
  }
  return text ? JSON.parse(text) : undefined;
}

/** The first comment on the pull request that starts with the marker, going through every page. */
async function findComment() {
  for (let page = 1; ; page++) {
    const comments = await call("GET", `/repos/${repository}/issues/${number}/comments?per_page=100&page=${page}`);
    const found = comments.find((c) => typeof c.body === "string" && c.body.startsWith(MARKER));
    if (found) return found;
    if (comments.length < 100) return undefined;
  }
}

try {
  const previous = await findComment();
  const comment = previous
    ? await call("PATCH", `/repos/${repository}/issues/comments/${previous.id}`, { body })
    : await call("POST", `/repos/${repository}/issues/${number}/comments`, { body });
  console.log(`${previous ? "Updated" : "Created"} ${comment.html_url ?? `comment ${comment.id}`}`);
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `url=${comment.html_url ?? ""}\n`);
} catch (e) {
  if (e.status === 403 || e.status === 404) {
    console.log(`::warning title=dealspec comment::could not write the comment (${e.status}): the token lacks \`pull-requests: write\`, as for a pull request from a fork. The report is in the job summary.`);
  } else {
    fail(e.message);
  }
}
