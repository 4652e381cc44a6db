/**
 * The simulated disk of one host (docs/architecture.md principle 6, "Disk").
 *
 * Writes land in the page cache. A dirty write becomes durable at fsync, or by OS writeback once it
 * is 30 s old, at the next run of the flusher (every 5 s) — Linux's dirty_expire_centisecs=3000 and
 * dirty_writeback_centisecs=500. Writeback is computed lazily from the write times, so it costs no
 * events. A process crash keeps the page cache; power loss keeps each file's durable prefix plus a
 * random part of its unsynced tail (a lost suffix, never a hole). Checkpoint files are replaced
 * atomically (write temp, fsync, rename).
 */
import type { Random } from "./random.js";
import type { Micros } from "./time.js";

export const WRITEBACK_EXPIRE_US = 30_000_000;
const WRITEBACK_INTERVAL_US = 5_000_000;

/** Latest flusher run at or before `nowUs` makes every write older than 30 s at that moment durable. */
function writebackHorizon(nowUs: Micros): Micros {
  const lastFlush = Math.floor(nowUs / WRITEBACK_INTERVAL_US) * WRITEBACK_INTERVAL_US;
  return lastFlush - WRITEBACK_EXPIRE_US;
}

/** An append-only file of opaque entries (a log segment, the metadata log, ...). */
export class AppendFile<T> {
  readonly entries: T[] = [];
  private writtenAt: Micros[] = [];
  private durableCount = 0;

  get length(): number {
    return this.entries.length;
  }

  append(entry: T, nowUs: Micros): void {
    this.entries.push(entry);
    this.writtenAt.push(nowUs);
  }

  /** Drop every entry from index `length` on (Kafka truncation). Metadata change: durable at once. */
  truncate(length: number): void {
    if (length >= this.entries.length) return;
    this.entries.length = length;
    this.writtenAt.length = length;
    if (this.durableCount > length) this.durableCount = length;
  }

  /** Remove the first `count` entries (segment deletion); indices shift down. */
  dropPrefix(count: number): void {
    if (count <= 0) return;
    this.entries.splice(0, count);
    this.writtenAt.splice(0, count);
    this.durableCount = Math.max(0, this.durableCount - count);
  }

  fsync(): void {
    this.durableCount = this.entries.length;
  }

  /** How many leading entries would survive a power loss at `nowUs` without any luck. */
  durableLength(nowUs: Micros): number {
    const horizon = writebackHorizon(nowUs);
    let n = this.durableCount;
    while (n < this.writtenAt.length && this.writtenAt[n]! <= horizon) n++;
    this.durableCount = n;
    return n;
  }

  /** Power loss: keep the durable prefix plus a random part of the unsynced tail. */
  powerLoss(nowUs: Micros, random: Random): number {
    const durable = this.durableLength(nowUs);
    const tail = this.entries.length - durable;
    const kept = tail > 0 ? random.int(tail + 1) : 0;
    const lost = tail - kept;
    this.truncate(durable + kept);
    this.durableCount = this.entries.length;
    return lost;
  }
}

/** A small file replaced atomically (HW checkpoint, leader-epoch checkpoint, quorum state, meta.properties). */
export class CheckpointFile<T> {
  private current: T | undefined;
  private durable: T | undefined;
  private writtenAt: Micros = 0;

  /** Replace the content; with `sync` (write temp, fsync, rename) it is durable at once. */
  write(value: T, nowUs: Micros, sync: boolean): void {
    this.current = value;
    this.writtenAt = nowUs;
    if (sync) this.durable = value;
  }

  read(): T | undefined {
    return this.current;
  }

  fsync(): void {
    this.durable = this.current;
  }

  powerLoss(nowUs: Micros): void {
    if (this.writtenAt <= writebackHorizon(nowUs)) this.durable = this.current;
    this.current = this.durable;
  }
}

export class Disk {
  private readonly appendFiles = new Map<string, AppendFile<unknown>>();
  /** Append-file names by directory ("orders-0/"), so listing one directory never scans the disk. */
  private readonly directories = new Map<string, Set<string>>();
  private readonly checkpoints = new Map<string, CheckpointFile<unknown>>();
  /** Incremented when the data directory is wiped (disk loss), so the host can tell a fresh disk. */
  generation = 0;

  appendFile<T>(name: string): AppendFile<T> {
    let file = this.appendFiles.get(name);
    if (!file) {
      file = new AppendFile<unknown>();
      this.appendFiles.set(name, file);
      const dir = directoryOf(name);
      if (dir !== null) {
        let names = this.directories.get(dir);
        if (!names) this.directories.set(dir, (names = new Set()));
        names.add(name);
      }
    }
    return file as AppendFile<T>;
  }

  /** The append file `name` if it exists; unlike {@link appendFile}, never creates it. */
  existingAppendFile<T>(name: string): AppendFile<T> | undefined {
    return this.appendFiles.get(name) as AppendFile<T> | undefined;
  }

  /** The checkpoint file `name` if it exists; unlike {@link checkpoint}, never creates it. */
  existingCheckpoint<T>(name: string): CheckpointFile<T> | undefined {
    return this.checkpoints.get(name) as CheckpointFile<T> | undefined;
  }

  checkpoint<T>(name: string): CheckpointFile<T> {
    let file = this.checkpoints.get(name);
    if (!file) {
      file = new CheckpointFile<unknown>();
      this.checkpoints.set(name, file);
    }
    return file as CheckpointFile<T>;
  }

  hasFile(name: string): boolean {
    return this.appendFiles.has(name) || this.checkpoints.has(name);
  }

  deleteFile(name: string): void {
    if (this.appendFiles.delete(name)) {
      const dir = directoryOf(name);
      const names = dir === null ? undefined : this.directories.get(dir);
      names?.delete(name);
      if (names?.size === 0) this.directories.delete(dir!);
    }
    this.checkpoints.delete(name);
  }

  /** Names of append files, sorted, optionally under a prefix ("orders-0/"). */
  listAppendFiles(prefix = ""): string[] {
    // A directory prefix ("orders-0/") reads that directory's index instead of every file.
    if (prefix.length > 0 && prefix.indexOf("/") === prefix.length - 1) {
      const names = this.directories.get(prefix);
      return names === undefined ? [] : [...names].sort();
    }
    return [...this.appendFiles.keys()].filter((n) => n.startsWith(prefix)).sort();
  }

  /** Names of checkpoint files, sorted, optionally under a prefix. */
  listCheckpoints(prefix = ""): string[] {
    return [...this.checkpoints.keys()].filter((n) => n.startsWith(prefix)).sort();
  }

  /** Clean shutdown: everything flushed. */
  flushAll(): void {
    for (const file of this.appendFiles.values()) file.fsync();
    for (const file of this.checkpoints.values()) file.fsync();
  }

  /** Power loss of the machine: every file loses its unsynced suffix (random part kept). */
  powerLoss(nowUs: Micros, random: Random): void {
    for (const name of [...this.appendFiles.keys()].sort()) this.appendFiles.get(name)!.powerLoss(nowUs, random);
    for (const name of [...this.checkpoints.keys()].sort()) this.checkpoints.get(name)!.powerLoss(nowUs);
  }

  /** Disk loss: the data directory is wiped. */
  wipe(): void {
    this.appendFiles.clear();
    this.directories.clear();
    this.checkpoints.clear();
    this.generation++;
  }
}

/** "orders-0/" for "orders-0/00000000000000000000.log" (first path segment with its slash), null at the top level. */
function directoryOf(name: string): string | null {
  const slash = name.indexOf("/");
  return slash < 0 ? null : name.slice(0, slash + 1);
}
