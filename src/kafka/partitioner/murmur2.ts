/**
 * Kafka's 32-bit MurmurHash2 variant, used by the producer to map a record key to a partition.
 *
 * Behaviour follows the description of `org.apache.kafka.common.utils.Utils.murmur2` / `toPositive`
 * (seed 0x9747b28c, m = 0x5bd1e995, r = 24, little-endian 4-byte blocks, signed int32 result).
 * All arithmetic is done with `Math.imul` and `| 0` so it wraps exactly like Java's `int`.
 */

const SEED = 0x9747b28c;
const M = 0x5bd1e995;
const R = 24;

const encoder = new TextEncoder();

/** UTF-8 bytes of a string (what Kafka's `StringSerializer` produces by default). */
export function utf8(s: string): Uint8Array {
  return encoder.encode(s);
}

/**
 * Kafka's murmur2 hash of `data`.
 * @returns a signed 32-bit integer, identical to the Java `int` returned by `Utils.murmur2`.
 */
export function murmur2(data: Uint8Array): number {
  const length = data.length;
  let h = (SEED ^ length) | 0;
  const blocks = length >>> 2;

  for (let i = 0; i < blocks; i++) {
    const o = i * 4;
    let k = (data[o]! & 0xff) | ((data[o + 1]! & 0xff) << 8) | ((data[o + 2]! & 0xff) << 16) | ((data[o + 3]! & 0xff) << 24);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }

  const tail = length & ~3;
  // Tail bytes, equivalent to Kafka's fall-through switch on (length % 4).
  const rest = length % 4;
  if (rest >= 3) h ^= (data[tail + 2]! & 0xff) << 16;
  if (rest >= 2) h ^= (data[tail + 1]! & 0xff) << 8;
  if (rest >= 1) {
    h ^= data[tail]! & 0xff;
    h = Math.imul(h, M);
  }

  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/**
 * Kafka's murmur2 of a string's UTF-8 bytes. An ASCII string is its own UTF-8 encoding, so it is
 * hashed from its char codes without encoding it first (the encoding was 1.4 % of a keyed
 * producer's run); any other string goes through {@link utf8}.
 */
export function murmur2OfString(s: string): number {
  const length = s.length;
  for (let i = 0; i < length; i++) if (s.charCodeAt(i) >= 0x80) return murmur2(utf8(s));
  let h = (SEED ^ length) | 0;
  const blocks = length >>> 2;
  for (let i = 0; i < blocks; i++) {
    const o = i * 4;
    let k = s.charCodeAt(o) | (s.charCodeAt(o + 1) << 8) | (s.charCodeAt(o + 2) << 16) | (s.charCodeAt(o + 3) << 24);
    k = Math.imul(k, M);
    k ^= k >>> R;
    k = Math.imul(k, M);
    h = Math.imul(h, M);
    h ^= k;
  }
  const tail = length & ~3;
  const rest = length % 4;
  if (rest >= 3) h ^= s.charCodeAt(tail + 2) << 16;
  if (rest >= 2) h ^= s.charCodeAt(tail + 1) << 8;
  if (rest >= 1) {
    h ^= s.charCodeAt(tail);
    h = Math.imul(h, M);
  }
  h ^= h >>> 13;
  h = Math.imul(h, M);
  h ^= h >>> 15;
  return h | 0;
}

/**
 * Kafka's `Utils.toPositive`: clears the sign bit (`n & 0x7fffffff`).
 * Not `Math.abs`: `-2147483648` maps to 0.
 */
export function toPositive(n: number): number {
  return n & 0x7fffffff;
}
