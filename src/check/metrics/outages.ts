/**
 * Outage accounting for the time metrics `downtime` and `write-downtime` (docs/metrics.md): per
 * key (a partition, `orders-0`), the intervals of virtual time during which a condition held —
 * the partition had no running leader, or could not take an acks=all write. The total over
 * several partitions is the time during which at least one of them was down (the union of their
 * intervals), not the sum: one broker crash that takes four partitions down for 8 s is 8 s of
 * downtime for the topic's users, as a Kafka operator's availability figure would count it.
 */

export class OutageLog {
  /** Keys down now, since when (µs). */
  private readonly openSince = new Map<string, number>();
  /** Closed outages per key, [from, to) in µs, in time order. */
  private readonly closed = new Map<string, [number, number][]>();

  /** Record whether `key` is down at `atUs`: opens an outage, closes one, or changes nothing. */
  set(key: string, down: boolean, atUs: number): void {
    if (down) {
      if (!this.openSince.has(key)) this.openSince.set(key, atUs);
      return;
    }
    const since = this.openSince.get(key);
    if (since === undefined) return;
    this.openSince.delete(key);
    if (atUs <= since) return;
    let list = this.closed.get(key);
    if (list === undefined) this.closed.set(key, (list = []));
    list.push([since, atUs]);
  }

  isDown(key: string): boolean {
    return this.openSince.has(key);
  }

  /** Close every open outage at `atUs` (the end of the run). */
  finish(atUs: number): void {
    for (const key of [...this.openSince.keys()]) this.set(key, false, atUs);
  }

  /** Closed outage time of `key` in µs (0 if it was never down). */
  totalUs(key: string): number {
    let total = 0;
    for (const [from, to] of this.closed.get(key) ?? []) total += to - from;
    return total;
  }

  /** Keys with some closed outage time, sorted. */
  keys(): string[] {
    return [...this.closed.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  }

  /** The closed outages of `key`, [from, to) in µs. */
  intervals(key: string): readonly (readonly [number, number])[] {
    return this.closed.get(key) ?? [];
  }

  /** Time in µs during which at least one key that `include` accepts was down (closed outages only). */
  unionUs(include: (key: string) => boolean = () => true): number {
    const all: [number, number][] = [];
    for (const [key, list] of this.closed) if (include(key)) all.push(...list);
    all.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    let total = 0;
    let from = -1;
    let to = -1;
    for (const [start, end] of all) {
      if (start > to) {
        total += to - from;
        from = start;
        to = end;
      } else if (end > to) {
        to = end;
      }
    }
    return total + (to - from);
  }
}
