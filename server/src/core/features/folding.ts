/**
 * Folding ranges from indentation, so that they work on broken YAML too: a
 * line folds the lines below it that are indented deeper; runs of comment
 * lines fold as comments.
 */
export interface Fold {
  /** 0-based lines, both included. */
  readonly startLine: number;
  readonly endLine: number;
  readonly kind?: "comment";
}

export function foldingRanges(text: string): Fold[] {
  const lines = text.split("\n");
  const indent = lines.map((l) => {
    const t = l.replace(/\r$/, "");
    if (t.trim() === "") return -1;
    return t.length - t.trimStart().length;
  });
  const isComment = lines.map((l) => /^\s*#/.test(l));
  const out: Fold[] = [];
  for (let i = 0; i < lines.length; i++) {
    if (indent[i]! < 0 || isComment[i]) continue;
    let last = i;
    for (let j = i + 1; j < lines.length; j++) {
      if (indent[j]! < 0 || isComment[j]) continue;
      if (indent[j]! <= indent[i]!) break;
      last = j;
    }
    if (last > i) out.push({ startLine: i, endLine: last });
  }
  for (let i = 0; i < lines.length; ) {
    if (!isComment[i]) {
      i++;
      continue;
    }
    let j = i;
    while (j + 1 < lines.length && isComment[j + 1]) j++;
    if (j > i) out.push({ startLine: i, endLine: j, kind: "comment" });
    i = j + 1;
  }
  return out.sort((a, b) => a.startLine - b.startLine || b.endLine - a.endLine);
}
