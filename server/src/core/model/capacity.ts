/** Lowering `capacity`: power, GPUs and the steps that change them, in date order inside the term. */
import { diagnostic } from "../diagnostics";
import { formatDay } from "../dates";
import { isRecord, valueAt, type Path } from "../syntax";
import { readCount, readPower } from "../values";
import { provenance, readDateAt, reportRead, scalarAt, type Lowering } from "./readers";
import type { CapacityModel, Mutable, StepModel, TermModel } from "./types";

/** Reads `capacity` and its readable steps; `stepsOk` is false when a step could not be read (unit prices on capacity then cannot be computed). */
export function lowerCapacity(l: Lowering, term: TermModel | undefined): { capacity?: CapacityModel; stepsOk: boolean } {
  const tree = l.tree;
  const rawCapacity = valueAt(tree.root, ["capacity"]);
  if (!isRecord(rawCapacity)) return { stepsOk: true };
  const capacity: Mutable<CapacityModel> = { ...provenance(l, ["capacity"]), keySpan: tree.keySpanOf(["capacity"]), steps: [] };
  const powerText = scalarAt(l, ["capacity", "power"]);
  if (powerText !== undefined) {
    const r = readPower(powerText);
    if (r.ok) {
      capacity.megawatts = r.value.megawatts;
      capacity.powerText = r.value.text;
      capacity.powerSpan = tree.spanOf(["capacity", "power"]);
    } else reportRead(l, ["capacity", "power"], r);
  }
  const gpuText = scalarAt(l, ["capacity", "gpus"]);
  if (gpuText !== undefined) {
    const r = readCount(gpuText);
    if (r.ok) {
      capacity.gpus = r.value;
      capacity.gpusSpan = tree.spanOf(["capacity", "gpus"]);
    } else reportRead(l, ["capacity", "gpus"], r);
  }
  if (typeof rawCapacity.gpu_model === "string") capacity.gpuModel = rawCapacity.gpu_model;
  if (typeof rawCapacity.site === "string") capacity.site = rawCapacity.site;
  let stepsOk = true;
  const rawSteps = rawCapacity.steps;
  if (Array.isArray(rawSteps)) {
    const steps: StepModel[] = [];
    let previous: StepModel | undefined;
    rawSteps.forEach((rawStep, i) => {
      const path: Path = ["capacity", "steps", i];
      if (!isRecord(rawStep)) {
        stepsOk = false;
        return;
      }
      const from = rawStep.from !== undefined ? readDateAt(l, [...path, "from"]) : undefined;
      const fromSpan = tree.spanOf([...path, "from"]);
      const step: Mutable<StepModel> = { ...provenance(l, path), index: i, from: from ?? 0, span: tree.spanOf(path), fromSpan };
      let ok = from !== undefined;
      if (rawStep.power === undefined && rawStep.gpus === undefined) {
        l.diagnostics.push(diagnostic("DS326", tree.keySpanOf(path), "This step sets nothing: give the `power` or `gpus` in force from its `from` day, or remove the step."));
        ok = false;
      }
      const p = scalarAt(l, [...path, "power"]);
      if (p !== undefined) {
        const r = readPower(p);
        if (r.ok) step.megawatts = r.value.megawatts;
        else {
          reportRead(l, [...path, "power"], r);
          ok = false;
        }
      }
      const g = scalarAt(l, [...path, "gpus"]);
      if (g !== undefined) {
        const r = readCount(g);
        if (r.ok) step.gpus = r.value;
        else {
          reportRead(l, [...path, "gpus"], r);
          ok = false;
        }
      }
      if (from !== undefined && term && (from < term.start || from > term.last)) {
        l.diagnostics.push(diagnostic("DS325", fromSpan, `Step \`from\` ${formatDay(from)} is outside the term (${formatDay(term.start)} to ${formatDay(term.last)}).`));
        ok = false;
      } else if (from !== undefined && previous && from <= previous.from) {
        l.diagnostics.push(
          diagnostic("DS324", fromSpan, `Steps are in date order: this step (${formatDay(from)}) is not after the one before it (${formatDay(previous.from)}).`, {
            related: [{ span: previous.fromSpan, message: "the step before" }],
          }),
        );
        ok = false;
      }
      if (!ok) {
        stepsOk = false;
        return;
      }
      steps.push(step);
      previous = step;
    });
    capacity.steps = steps;
  } else if (rawSteps !== undefined) {
    stepsOk = false;
  }
  return { capacity, stepsOk };
}
