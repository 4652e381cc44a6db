import { describe, expect, it } from "vitest";
import { murmur2, murmur2OfString, toPositive, utf8 } from "../../../src/kafka/partitioner/murmur2.js";

// Kafka UtilsTest.testMurmur2 vectors (reference §5.1); the string inputs are ASCII.
const VECTORS: ReadonlyArray<[label: string, bytes: Uint8Array, hash: number, positive: number]> = [
  ["21", utf8("21"), -973932308, 1173551340],
  ["foobar", utf8("foobar"), -790332482, 1357151166],
  ["a-little-bit-long-string", utf8("a-little-bit-long-string"), -985981536, 1161502112],
  ["a-little-bit-longer-string", utf8("a-little-bit-longer-string"), -1486304829, 661178819],
  ["lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8", utf8("lkjh234lh9fiuh90y23oiuhsafujhadof229phr9h19h89h8"), -58897971, 2088585677],
  ["bytes {'a','b','c'}", new Uint8Array([0x61, 0x62, 0x63]), 479470107, 479470107],
];

describe("murmur2", () => {
  for (const [label, bytes, hash, positive] of VECTORS) {
    it(`Reference: UtilsTest.testMurmur2 — ${label}`, () => {
      expect(murmur2(bytes)).toBe(hash);
      expect(toPositive(murmur2(bytes))).toBe(positive);
    });
  }

  it("matches the extra values computed in the reference (not from Kafka's tests)", () => {
    expect(murmur2(utf8("key"))).toBe(-1079937367);
    expect(murmur2(new Uint8Array(0))).toBe(275646681);
  });

  it("returns a signed 32-bit integer for every tail length", () => {
    for (let n = 0; n < 16; n++) {
      const h = murmur2(new Uint8Array(n).fill(0xff));
      expect(Number.isInteger(h)).toBe(true);
      expect(h).toBe(h | 0);
    }
  });

  it("treats bytes as unsigned (0x80..0xff), like Kafka's `& 0xff`", () => {
    const high = new Uint8Array([0x80, 0xfe, 0xff, 0x81, 0x90]);
    expect(murmur2(high)).not.toBe(murmur2(new Uint8Array([0x00, 0x7e, 0x7f, 0x01, 0x10])));
  });
});

describe("toPositive", () => {
  it("clears the sign bit instead of taking the absolute value", () => {
    expect(toPositive(-2147483648)).toBe(0);
    expect(toPositive(-1)).toBe(2147483647);
    expect(toPositive(5)).toBe(5);
    expect(toPositive(-973932308)).toBe(1173551340);
  });
});

describe("utf8", () => {
  it("encodes as UTF-8", () => {
    expect([...utf8("aé€")]).toEqual([0x61, 0xc3, 0xa9, 0xe2, 0x82, 0xac]);
  });

  it("murmur2OfString hashes a string's UTF-8 bytes without encoding ASCII first (Kafka UtilsTest.testMurmur2 vectors, and non-ASCII keys)", () => {
    for (const [label, , hash] of VECTORS.slice(0, 5)) expect(murmur2OfString(label)).toBe(hash);
    expect(murmur2OfString("key")).toBe(-1079937367);
    expect(murmur2OfString("")).toBe(275646681);
    for (const key of ["é", "clé-1", "键", "emoji-😀", "key-1\u007f", "ab\u0080", "x".repeat(13)]) expect(murmur2OfString(key)).toBe(murmur2(utf8(key)));
    for (let i = 0; i < 300; i++) expect(murmur2OfString(`key-${i}`)).toBe(murmur2(utf8(`key-${i}`)));
  });
});
