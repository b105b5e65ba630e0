/** How the pages name authors of history and give people colours. */
import { describe, expect, it } from "vitest";
import { authorName, distinctColors, writtenBy } from "../../web/src/lib/people";

const ann = { id: "u-ann", name: "Ann" };
const bob = { id: "u-bob", name: "Bob" };

describe("writtenBy", () => {
  it("names a block's authors with their characters, most first as the server gives them", () => {
    expect(writtenBy({ authors: [{ author: ann, chars: 120 }] })).toBe("Written by Ann (120 characters)");
    expect(
      writtenBy({
        authors: [
          { author: ann, chars: 120 },
          { author: { id: "app-subject", name: null }, chars: 4 },
          { author: null, chars: 1 },
        ],
      }),
    ).toBe("Written by Ann (120 characters), API or app (4 characters) and Unknown (1 character)");
  });

  it("says who added a block without text", () => {
    expect(writtenBy({ authors: [{ author: bob, chars: 0 }] })).toBe("Added by Bob");
    expect(writtenBy({ authors: [] })).toBe("Added by Unknown");
  });
});

describe("authorName and distinctColors", () => {
  it("names users, apps and unknown authors, and gives two people two colours", () => {
    expect([ann, { id: "x", name: null }, null].map(authorName)).toEqual(["Ann", "API or app", "Unknown"]);
    const colors = distinctColors([ann.id, bob.id, ann.id]);
    expect(colors.size).toBe(2);
    expect(colors.get(ann.id)).not.toBe(colors.get(bob.id));
  });
});
