/** Checking: which policies apply to a file, and their breaches on its cases. */
import { diagnostic, type DiagnosticCode } from "../diagnostics";
import { Decimal, formatMoney, formatPercent, groupDigits } from "../money";
import { casesOf, type Case } from "./cases";
import { sourceSpan } from "./source";
import { isChangeLimit, POLICY_FIGURES, type LimitValue, type Policy, type PolicyBreach, type PolicyCheck, type PolicyFigure, type PolicyLimit, type SubjectKind } from "./types";

// ---------------------------------------------------------------- display

function indexText(v: Decimal): string {
  return groupDigits(v.toFixed(2));
}

function valueText(figure: PolicyFigure, v: Decimal, currency: string | null): string {
  const unit = POLICY_FIGURES[figure].unit;
  if (unit === "share") return formatPercent(v);
  if (unit === "index") return indexText(v);
  return currency ? formatMoney(v, currency) : v.toFixed();
}

/** The change with its sign, and relative to the base value where that means something. */
function changeText(figure: PolicyFigure, before: Decimal, after: Decimal, currency: string | null): string {
  const d = after.minus(before);
  const sign = d.gt(0) ? "+" : d.lt(0) ? "-" : "±";
  const unit = POLICY_FIGURES[figure].unit;
  if (unit === "share") return `${sign}${d.abs().times(100).toDecimalPlaces(4, Decimal.ROUND_HALF_UP).toString()} points`;
  const abs = unit === "index" ? `${indexText(d.abs())} points` : valueText(figure, d.abs(), currency);
  const pct = before.isZero() ? "" : ` (${sign}${d.abs().div(before.abs()).times(100).toDecimalPlaces(2, Decimal.ROUND_HALF_UP).toFixed(2)}%)`;
  return `${sign}${abs}${pct}`;
}

function figureName(figure: PolicyFigure, scenario: string | null): string {
  return scenario === null ? `\`${figure}\`` : `\`${figure}\` of scenario \`${scenario}\``;
}

// ---------------------------------------------------------------- checking

/** True when a path (relative to the configuration's folder, with `/`) is one a policy's `files` covers. */
export function policyCovers(policy: Pick<Policy, "files">, path: string): boolean {
  if (policy.files.length === 0) return true;
  const p = path.replace(/\\/g, "/").replace(/^\.\//, "");
  // The last entry that matches decides; `!glob` excludes.
  let covered = false;
  for (const g of policy.files) if (g.negated === covered && g.regex.test(p)) covered = !g.negated;
  return covered;
}

/** True when a policy is about a file of this kind at this path. */
export function policyApplies(policy: Policy, kind: SubjectKind, path: string): boolean {
  if (policy.kind !== undefined && policy.kind !== kind) return false;
  if (!(POLICY_FIGURES[policy.figure].on as readonly SubjectKind[]).includes(kind)) return false;
  return policyCovers(policy, path);
}

/** Checks every policy that applies to the file. Breaches come in policy order, then case order (base, then scenarios). */
export function checkPolicies(policies: readonly Policy[], check: PolicyCheck): PolicyBreach[] {
  const applicable = policies.filter((p) => policyApplies(p, check.subject.kind, check.path));
  if (applicable.length === 0) return [];
  const now = casesOf(check.subject);
  const then = check.base && check.base.kind === check.subject.kind ? casesOf(check.base) : undefined;
  const out: PolicyBreach[] = [];
  for (const policy of applicable) {
    const scenarios = policy.scenario === undefined ? [null] : policy.scenario === "*" ? [...now.keys()] : now.has(policy.scenario) ? [policy.scenario] : [];
    for (const scenario of scenarios) out.push(...checkCase(policy, now.get(scenario)!, then?.get(scenario), check));
  }
  return out;
}

function checkCase(policy: Policy, now: Case, then: Case | undefined, check: PolicyCheck): PolicyBreach[] {
  const figure = policy.figure;
  const limits = policy.limits.filter((l) => !isChangeLimit(l.kind) || then !== undefined);
  if (limits.length === 0) return [];
  const span = sourceSpan(check.subject, figure, now.scenario);
  const where = check.configName ? ` (${check.configName}:${policy.line})` : "";
  const related = check.configUri ? [{ uri: check.configUri, span: policy.span, message: `the policy on \`${figure}\`` }] : [];
  const breach = (limit: PolicyLimit, code: DiagnosticCode, message: string, value: string | null, before: string | null, change: string | null): PolicyBreach => ({
    policy,
    limit,
    scenario: now.scenario,
    value,
    before,
    change,
    diagnostic: diagnostic(code, span, message, { severity: policy.severity, related }),
  });
  const name = figureName(figure, now.scenario);
  const limitText = (l: PolicyLimit) => `\`${l.kind}\` of ${l.text}${where}`;

  // A gate that cannot check does not pass: one breach for the policy, naming its first limit.
  if (!now.complete) {
    const limit = limits[0]!;
    const rest = limits.length > 1 ? ` (and its ${limits.slice(1).map((l) => `\`${l.kind}\``).join(", ")})` : "";
    return [breach(limit, "DS822", `${name} cannot be checked against the policy's ${limitText(limit)}${rest}: ${now.why ?? "the figures are incomplete"}. The policy counts as breached until the file's errors are fixed (\`dealspec lint\`).`, null, null, null)];
  }
  const value = now.values[figure];
  // The figure does not apply to this file (no discount rate, no termination clause, no GPUs...).
  if (value === null || value === undefined) return [];
  const money = POLICY_FIGURES[figure].unit === "money";
  const currency = now.currency;
  const shown = valueText(figure, value, currency);
  const out: PolicyBreach[] = [];
  for (const limit of limits) {
    if (money && limit.value.type === "money" && limit.value.currency !== undefined && limit.value.currency !== currency) {
      out.push(
        breach(
          limit,
          "DS823",
          `${name}: the policy's ${limitText(limit)} is in ${limit.value.currency}, but the figures are in ${currency ?? "no currency"}, so the policy counts as breached. Write the limit without a currency marker, or limit the policy to the ${limit.value.currency} files with \`files\`.`,
          shown,
          null,
          null,
        ),
      );
      continue;
    }
    if (!isChangeLimit(limit.kind)) {
      const bound = boundOf(limit.value);
      const over = limit.kind === "max" ? value.gt(bound) : value.lt(bound);
      if (over) out.push(breach(limit, "DS820", `${name} is ${shown}, ${limit.kind === "max" ? "above" : "below"} the policy's ${limitText(limit)}.`, shown, null, null));
      continue;
    }
    // Change limits: the same figures at the base revision.
    if (!then || !then.complete) continue;
    const old = then.values[figure];
    if (old === null || old === undefined) continue;
    if (money && then.currency !== currency) {
      out.push(breach(limit, "DS823", `The currency changed from ${then.currency ?? "none"} to ${currency ?? "none"}, so the change of ${name} cannot be measured: the policy's ${limitText(limit)} counts as breached.`, shown, valueText(figure, old, then.currency), null));
      continue;
    }
    const delta = value.minus(old);
    const moved = limit.kind === "max_increase" ? delta : delta.neg();
    if (!moved.gt(0)) continue;
    // Money and index points are absolute; a percentage is relative to the base value, or points of a share.
    const allowed = limit.value.type === "percent" && POLICY_FIGURES[figure].unit !== "share" ? old.abs().times(limit.value.rate) : boundOf(limit.value);
    if (!moved.gt(allowed)) continue;
    const change = changeText(figure, old, value, currency);
    const before = valueText(figure, old, currency);
    out.push(
      breach(limit, "DS821", `${name} ${limit.kind === "max_increase" ? "rose" : "fell"} by ${change.slice(1)}, from ${before} to ${shown}: more than the policy's ${limitText(limit)}.`, shown, before, change),
    );
  }
  return out;
}

function boundOf(v: LimitValue): Decimal {
  return v.type === "money" ? v.amount : v.type === "percent" ? v.rate : v.value;
}
