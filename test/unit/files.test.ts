import { describe, expect, it } from "vitest";
import * as Y from "yjs";
import { DEFAULT_FILE_LIMITS, readFileLimits } from "../../src/config";
import { mentionedFiles, unusedFiles } from "../../src/document/file-references";
import { filePath, isInlineImage, sniffContentType } from "../../src/domain/files";

const bytes = (...parts: Array<string | number[]>) => Uint8Array.from(parts.flatMap((p) => (typeof p === "string" ? [...new TextEncoder().encode(p)] : p)));

describe("sniffContentType", () => {
  it("knows images, PDF and ZIP by their signature, whatever follows", () => {
    expect(sniffContentType(bytes([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], "rest"))).toBe("image/png");
    expect(sniffContentType(bytes([0xff, 0xd8, 0xff, 0xe0]))).toBe("image/jpeg");
    expect(sniffContentType(bytes("GIF89a", [1, 0]))).toBe("image/gif");
    expect(sniffContentType(bytes("RIFF", [0, 0, 0, 0], "WEBPVP8 "))).toBe("image/webp");
    expect(sniffContentType(bytes([0, 0, 0, 0x1c], "ftypavif"))).toBe("image/avif");
    expect(sniffContentType(bytes("%PDF-1.4\n"))).toBe("application/pdf");
    expect(sniffContentType(bytes([0x50, 0x4b, 0x03, 0x04]))).toBe("application/zip");
  });

  it("calls markup HTML or SVG however it starts, and other UTF-8 plain text", () => {
    expect(sniffContentType(bytes("<!DOCTYPE html><p>hi"))).toBe("text/html");
    expect(sniffContentType(bytes("\uFEFF  \n<script>alert(1)</script>"))).toBe("text/html");
    expect(sniffContentType(bytes("<p>not a picture"))).toBe("text/html");
    expect(sniffContentType(bytes('<svg xmlns="http://www.w3.org/2000/svg"/>'))).toBe("image/svg+xml");
    expect(sniffContentType(bytes('<?xml version="1.0"?>\n<!-- x -->\n<svg onload="x()">'))).toBe("image/svg+xml");
    expect(sniffContentType(bytes("Dear diary,\n\tnaïve café 🙂\r\n"))).toBe("text/plain");
    // A multi-byte character cut where the sniffed prefix ends is still text.
    const long = bytes("a".repeat(64 * 1024 - 1), "é");
    expect(sniffContentType(long)).toBe("text/plain");
  });

  it("calls anything else a stream of bytes", () => {
    expect(sniffContentType(bytes([0x00, 0x01, 0x02]))).toBe("application/octet-stream");
    expect(sniffContentType(bytes([0xc3, 0x28]))).toBe("application/octet-stream");
    expect(sniffContentType(bytes("text with a bell\u0007"))).toBe("application/octet-stream");
  });

  it("shows only raster images inline", () => {
    for (const type of ["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif"]) expect(isInlineImage(type)).toBe(true);
    for (const type of ["image/svg+xml", "text/html", "application/pdf", "text/plain"]) expect(isInlineImage(type)).toBe(false);
  });
});

describe("file references in a document", () => {
  const a = "a".repeat(64);
  const b = "b".repeat(64);
  const state = (build: (doc: Y.Doc) => void) => {
    const doc = new Y.Doc();
    build(doc);
    return Y.encodeStateAsUpdate(doc);
  };

  it("finds the files a state mentions in attributes and map values, and not deleted ones", () => {
    const live = state((doc) => {
      const fragment = doc.getXmlFragment("prosemirror");
      const image = new Y.XmlElement("image");
      image.setAttribute("src", filePath("room-1", a));
      fragment.insert(0, [image]);
      const board = doc.getMap("board");
      board.set("x", { src: filePath("room-1", b) });
      board.delete("x");
    });
    expect(mentionedFiles(live, [a, b])).toEqual(new Set([a]));
  });

  it("collects files past the grace period that no state mentions, reading states only while some are unaccounted for", async () => {
    const read: string[] = [];
    async function* states() {
      for (const [name, ids] of [
        ["live", [a]],
        ["version 2", [b]],
        ["version 1", []],
      ] as const) {
        read.push(name);
        yield state((doc) => doc.getMap("m").set("ids", ids.join(",")));
      }
    }
    const c = "c".repeat(64);
    const files = [
      { id: a, createdAt: 0 },
      { id: b, createdAt: 0 },
      { id: c, createdAt: 0 },
      { id: "d".repeat(64), createdAt: 950 },
    ];
    expect(await unusedFiles(files, states(), 1_000, 100)).toEqual([c]);
    expect(read).toEqual(["live", "version 2", "version 1"]);

    read.length = 0;
    expect(await unusedFiles(files.slice(0, 2), states(), 1_000, 100)).toEqual([]);
    expect(read).toEqual(["live", "version 2"]);
    read.length = 0;
    expect(await unusedFiles(files.slice(3), states(), 1_000, 100)).toEqual([]);
    expect(read).toEqual([]);
  });
});

describe("readFileLimits", () => {
  it("uses defaults, reads overrides, and never accepts types that run script", () => {
    expect(readFileLimits({})).toEqual(DEFAULT_FILE_LIMITS);
    expect(DEFAULT_FILE_LIMITS.maxFileBytes).toBe(10 * 1024 * 1024);
    const limits = readFileLimits({ MAX_FILE_BYTES: "1000", FILE_TYPES: " image/png, Application/PDF ", FILE_GRACE_SECONDS: "0" });
    expect(limits).toMatchObject({ maxFileBytes: 1000, graceMs: 0 });
    expect([...limits.types]).toEqual(["image/png", "application/pdf"]);
    expect(() => readFileLimits({ FILE_TYPES: "image/png,text/html" })).toThrow(/text\/html/);
    expect(() => readFileLimits({ FILE_TYPES: "image/svg+xml" })).toThrow(/svg/);
    expect(() => readFileLimits({ FILE_TYPES: "png" })).toThrow(/not a media type/);
    expect(() => readFileLimits({ ROOM_FILES_QUOTA_BYTES: "0" })).toThrow(/ROOM_FILES_QUOTA_BYTES/);
  });
});
