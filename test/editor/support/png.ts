/**
 * Comparing two screenshots pixel by pixel (decoded with pngjs), so that a picture the suite
 * retakes is written only when it really changed.
 */
import { PNG } from "pngjs";

/**
 * True when the two pictures look the same: same size, and no colour channel of any pixel differs by
 * more than `tolerance` (font smoothing in a headless browser can shift a glyph's edge by a unit or two).
 */
export function samePicture(a: Buffer, b: Buffer, tolerance = 2): boolean {
  if (a.equals(b)) return true;
  const p = PNG.sync.read(a);
  const q = PNG.sync.read(b);
  if (p.width !== q.width || p.height !== q.height) return false;
  // pngjs gives RGBA, four bytes a pixel, whatever the file's colour type.
  for (let i = 0; i < p.data.length; i += 4) {
    for (let c = 0; c < 3; c++) {
      if (Math.abs(p.data[i + c]! - q.data[i + c]!) > tolerance) return false;
    }
  }
  return true;
}
