/** The annotation reader and check() helper themselves: they must catch a missing, extra or wrong diagnostic. */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { checkText, parseAnnotations } from "../support/annotations";
import { SMALL_DEAL } from "../support/deals";

const CLEAN = SMALL_DEAL;
const BAD = CLEAN.replace("every: month", "every: monthly");

describe("annotations", () => {
  it("reads carets, explicit columns, line ends and later lines", () => {
    const text = "abc: defgh\n#    ^^^ error DS201 msg here\n#@0..3 warning DS100\n#@2..$ info DS401\nxy\n#@1..+2:2 error DS102\nzz\n";
    assert.deepEqual(
      parseAnnotations(text).map((e) => [e.kind, e.code, e.span.start, e.span.end, e.message]),
      [
        ["error", "DS201", 5, 8, "msg here"],
        ["warning", "DS100", 0, 3, undefined],
        ["info", "DS401", 2, 10, undefined],
        ["error", "DS102", text.indexOf("xy") + 1, text.indexOf("zz") + 2, undefined],
      ],
    );
  });

  it("reads the same columns with CRLF line endings", () => {
    const text = "abc: defgh\r\n#    ^^^ error DS201\r\n#@2..$ error DS100\r\n";
    assert.deepEqual(
      parseAnnotations(text).map((e) => [e.span.start, e.span.end]),
      [
        [5, 8],
        [2, 10],
      ],
    );
  });

  it("rejects malformed annotations rather than ignoring them", () => {
    assert.throws(() => parseAnnotations("a: 1\n#  ^^ eror DS201\n"), /Malformed/);
    assert.throws(() => parseAnnotations("a: 1\n#  ^^\n"), /Malformed/);
    assert.throws(() => parseAnnotations("a: 1\n#      ^^ error DS201\n"), /past the end/);
    assert.throws(() => parseAnnotations("#  ^ error DS201\n"), /no line above/);
  });

  it("plain comments are not annotations", () => {
    assert.deepEqual(parseAnnotations("# a comment ^ error DS201\na: 1 # ^^ error DS201\n"), []);
  });

  it("check() passes a clean file without annotations and a bad file with the right one", () => {
    checkText(CLEAN);
    checkText(BAD.replace("every: monthly\n", "every: monthly\n#          ^^^^^^^ error DS203 Did you mean `month`?\n"));
  });

  it("check() fails on a missing, an extra, a misplaced or a misworded diagnostic", () => {
    assert.throws(() => checkText(BAD), /not annotated: error DS203/);
    assert.throws(() => checkText(CLEAN.replace("every: month\n", "every: month\n#          ^^^^^ error DS203\n")), /missing/);
    assert.throws(() => checkText(BAD.replace("every: monthly\n", "every: monthly\n#         ^^^^^^^ error DS203\n")), /missing/);
    assert.throws(() => checkText(BAD.replace("every: monthly\n", "every: monthly\n#          ^^^^^^^ warning DS203\n")), /missing/);
    assert.throws(() => checkText(BAD.replace("every: monthly\n", "every: monthly\n#          ^^^^^^^ error DS203 did you mean `year`\n")), /does not contain/);
  });
});
