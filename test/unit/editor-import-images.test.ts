import { describe, expect, it } from "vitest";
import { pictureOf, uploadPictures } from "../../web/src/editor/import-images";
import { schema } from "../../web/src/editor/schema";

const { nodes } = schema;
const png = "data:image/png;base64,iVBORw0KGgo=";

describe("pictures inside an imported file", () => {
  it("reads only base64 data URLs of images", () => {
    const blob = pictureOf(png)!;
    expect(blob.type).toBe("image/png");
    expect(blob.size).toBe(8);
    expect(pictureOf("data:text/html;base64,PHNjcmlwdD4=")).toBeNull();
    expect(pictureOf("/api/rooms/r/files/ab")).toBeNull();
    expect(pictureOf(42)).toBeNull();
  });

  it("go into the room's files; one that cannot be uploaded is left out, the room's own images are left alone", async () => {
    const image = (src: string, alt: string) => nodes.image.create({ src, alt, title: null });
    const doc = nodes.doc.create(null, [
      nodes.paragraph.create(null, [
        schema.text("a"),
        image(png, "first"),
        image("data:image/gif;base64,R0lGODlh", "too big"),
        image("/api/rooms/r/files/00", "ours"),
      ]),
      nodes.paragraph.create(null, [image(png, "again")]),
    ]);
    const uploaded: string[] = [];
    const result = await uploadPictures(doc, async (picture) => {
      if (picture.type === "image/gif") throw new Error("413");
      uploaded.push(picture.type);
      return `/api/rooms/r/files/${uploaded.length}`;
    });
    const images: Array<[unknown, unknown]> = [];
    result.descendants((node) => void (node.type === nodes.image && images.push([node.attrs.alt, node.attrs.src])));
    expect(images).toEqual([
      ["first", "/api/rooms/r/files/1"],
      ["ours", "/api/rooms/r/files/00"],
      ["again", "/api/rooms/r/files/2"],
    ]);
    expect(result.textContent).toBe("a");
  });
});
