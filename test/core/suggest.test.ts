/** "Did you mean": the edit distance (a swap of two adjacent letters is one edit) and how a suggestion is chosen. */
import { strict as assert } from "node:assert";
import { describe, it } from "node:test";
import { editDistance, suggest } from "../../server/src/core";

describe("editDistance (optimal string alignment)", () => {
  it("counts a swap of two adjacent letters as one edit", () => {
    assert.equal(editDistance("evrey", "every"), 1);
    assert.equal(editDistance("dela", "deal"), 1);
    assert.equal(editDistance("ab", "ba"), 1);
    assert.equal(editDistance("porvider", "provider"), 1);
  });

  it("counts insertions, deletions and substitutions as before", () => {
    assert.equal(editDistance("", "abc"), 3);
    assert.equal(editDistance("abc", ""), 3);
    assert.equal(editDistance("kitten", "sitting"), 3);
    assert.equal(editDistance("ammount", "amount"), 1);
    assert.equal(editDistance("same", "same"), 0);
  });

  it("edits no part of a word twice (optimal string alignment, not full Damerau)", () => {
    // Damerau-Levenshtein gives 2 (swap, then insert between); OSA cannot edit the swapped pair again.
    assert.equal(editDistance("ca", "abc"), 3);
  });

  it("is symmetric", () => {
    for (const [a, b] of [["evrey", "every"], ["teh", "the"], ["abcdef", "badcfe"], ["x", "xyz"]] as const) assert.equal(editDistance(a, b), editDistance(b, a), `${a} / ${b}`);
  });
});

describe("suggest", () => {
  it("finds the key a swap of letters hides", () => {
    assert.equal(suggest("evrey", ["id", "label", "amount", "every", "from"]), "every");
    assert.equal(suggest("dela", ["dealspec", "deal", "title", "currency"]), "deal");
    assert.equal(suggest("Evrey", ["every"]), "every", "case is ignored");
  });

  it("suggests nothing beyond the limit: one edit up to five letters, two up to eight, three from nine", () => {
    assert.equal(suggest("abxy", ["abcd"]), undefined);
    assert.equal(suggest("abcxyf", ["abcdef"]), "abcdef");
    assert.equal(suggest("abxyzfghi", ["abcdefghi"]), "abcdefghi");
    assert.equal(suggest("axyzefghi", ["abcdefghij"]), undefined);
  });

  it("prefers the candidate with the same first letter, then the fewest edits, then the first given", () => {
    // `day` comes first and is as close, but `bad` starts like `bay`.
    assert.equal(suggest("bay", ["day", "bad"]), "bad");
    // Among those with the same first letter, the closest.
    assert.equal(suggest("abcdef", ["abcxyf", "abcdex"]), "abcdex");
    // The first letter counts before the distance.
    assert.equal(suggest("xbcdef", ["abcdef", "xbcdzz"]), "xbcdzz");
    // Equal in both: the first given.
    assert.equal(suggest("bat", ["bag", "ban"]), "bag");
    assert.equal(suggest("bat", ["ban", "bag"]), "ban");
  });
});
