/**
 * Offsets to line and column, for the edges (LSP and CLI) only. Lines and
 * columns are 0-based here and count UTF-16 code units, as LSP does; the CLI
 * adds 1 for display.
 */
export interface Position {
  readonly line: number;
  readonly character: number;
}

export class LineIndex {
  private readonly starts: number[];

  constructor(private readonly text: string) {
    const starts = [0];
    // Lines end at LF, CRLF or a lone CR, as LSP and YAML 1.2 count them. Without a CR, each LF is found by
    // `indexOf` (much faster than a loop over every character of a long text).
    if (!text.includes("\r")) {
      for (let i = text.indexOf("\n"); i >= 0; i = text.indexOf("\n", i + 1)) starts.push(i + 1);
    } else {
      for (let i = 0; i < text.length; i++) {
        const c = text.charCodeAt(i);
        if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
      }
    }
    this.starts = starts;
  }

  get lineCount(): number {
    return this.starts.length;
  }

  position(offset: number): Position {
    const o = Math.max(0, Math.min(offset, this.text.length));
    let lo = 0;
    let hi = this.starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.starts[mid]! <= o) lo = mid;
      else hi = mid - 1;
    }
    // An offset between the CR and the LF of a CRLF is not a position LSP can name: it is the end of the line.
    const end = lo + 1 < this.starts.length ? this.starts[lo + 1]! - 1 : this.text.length;
    const textEnd = end > this.starts[lo]! && this.text.charCodeAt(end) === 10 && this.text.charCodeAt(end - 1) === 13 ? end - 1 : end;
    return { line: lo, character: Math.min(o, textEnd) - this.starts[lo]! };
  }

  offset(position: Position): number {
    if (position.line < 0) return 0;
    if (position.line >= this.starts.length) return this.text.length;
    const start = this.starts[position.line]!;
    const next = position.line + 1 < this.starts.length ? this.starts[position.line + 1]! - 1 : this.text.length;
    return Math.min(start + Math.max(0, position.character), next);
  }

  lineText(line: number): string {
    const start = this.starts[line] ?? this.text.length;
    const end = line + 1 < this.starts.length ? this.starts[line + 1]! - 1 : this.text.length;
    return this.text.slice(start, end).replace(/\r$/, "");
  }
}
