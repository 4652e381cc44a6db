/**
 * The order of partitions by their `topic-partition` names (`tpName`), as strings sort, without
 * building the names: "orders-10" comes before "orders-2". KRaft replay hands changed partitions to
 * the replica manager in this order, and every broker of a 100-broker cluster replays every
 * partition record of a topic's creation.
 */

/** Decimal digits of a non-negative integer. */
function digits(n: number): number {
  let d = 1;
  while (n >= 10) {
    n = Math.floor(n / 10);
    d++;
  }
  return d;
}

/** `String(a) < String(b)` as a comparison, for non-negative integers. */
export function compareDecimalText(a: number, b: number): number {
  if (a === b) return 0;
  const da = digits(a);
  const db = digits(b);
  if (da === db) return a - b;
  // Compare the shorter one with as many leading digits of the longer one; equal: the shorter is a prefix, so first.
  if (da < db) {
    const head = Math.floor(b / 10 ** (db - da));
    return a !== head ? a - head : -1;
  }
  const head = Math.floor(a / 10 ** (da - db));
  return head !== b ? head - b : 1;
}

/** `tpName(aTopic, aPartition)` against `tpName(bTopic, bPartition)`, as strings compare (UTF-16 code units). */
export function compareTpNames(aTopic: string, aPartition: number, bTopic: string, bPartition: number): number {
  if (aTopic === bTopic) return compareDecimalText(aPartition, bPartition);
  const n = Math.min(aTopic.length, bTopic.length);
  for (let i = 0; i < n; i++) {
    const d = aTopic.charCodeAt(i) - bTopic.charCodeAt(i);
    if (d !== 0) return d;
  }
  // One topic name is a prefix of the other ("a" and "a-b"): compare the whole names.
  const a = `${aTopic}-${aPartition}`;
  const b = `${bTopic}-${bPartition}`;
  return a < b ? -1 : a > b ? 1 : 0;
}
