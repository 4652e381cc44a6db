/**
 * The broker's side of KIP-227 incremental fetch sessions (Kafka's FetchSession, FetchSessionCache
 * and FetchManager.newContext in kafka.server.FetchSession): a session caches, per partition, the
 * fetch data its client last sent and the HW / log start offset last answered, so that a request
 * names only the partitions whose fetch data changed (plus `toForget`) and a response carries only
 * the partitions with records, a changed HW or log start offset, an error or a diverging epoch
 * (CachedPartition.maybeUpdateResponseData). Sessions live in broker memory only: a restart loses them.
 *
 * Model detail (documented in docs/decisions.md): Kafka re-reads every session partition on every
 * fetch. Here a session keeps a `dirty` set — partitions named by the request, changed at the
 * leader since (append, HW, log start, leadership, ISR), or not yet settled (an error, a follower
 * outside the ISR or behind the HW) — and reads only those; a settled partition's answer would be
 * empty and its follower fetch state is refreshed without a read.
 */
import type { KafkaError } from "../protocol/errors.js";
import type { FetchPartition, FetchPartitionResponse, FetchRequest } from "../protocol/fetch.js";
import { FINAL_EPOCH, INITIAL_EPOCH, INVALID_SESSION_ID, nextEpoch } from "../protocol/fetch-metadata.js";
import type { Partition } from "./partition.js";
import type { FollowerFetchClock, RemoteReplica } from "./remote-replica.js";
import { TopicPartitionKeys } from "../topic-partition-keys.js";

/** FetchSessionCache eviction: a session unused for this long may be evicted by any new one (Kafka: 2 minutes). */
export const FETCH_SESSION_EVICTION_US = 120_000_000;

/** Kafka's CachedPartition. */
export interface CachedPartition {
  readonly session: FetchSession;
  readonly topic: string;
  readonly partition: number;
  /** The fetch data the client last sent for this partition. */
  fetch: FetchPartition;
  /** HW last answered (-1 after an error, so that the partition is answered again once the error clears). */
  highWatermark: number;
  /** Log start offset last answered. */
  logStartOffset: number;
  /** The hosted replica, as of the last read. */
  replica: Partition | undefined;
  /** A follower session's settled partition: the follower state its session's fetches refresh (RemoteReplica.settle). */
  settledRemote: RemoteReplica | null;
}

/** The partition is read again (dirty): a settled follower state stops following the session's fetches. */
export function unsettle(cp: CachedPartition): void {
  if (cp.settledRemote === null) return;
  cp.settledRemote.unsettle(cp);
  cp.settledRemote = null;
}

/** Kafka's FetchSession. */
export class FetchSession {
  /** The epoch the next request must carry. */
  epoch = nextEpoch(INITIAL_EPOCH);
  /** Cached partitions in the order they were added. */
  readonly partitions = new Map<string, CachedPartition>();
  /** Partitions to read at the next fetch (see the file comment). */
  readonly dirty = new Set<CachedPartition>();
  /** The parked fetch of this session (a client has one fetch in flight per broker). */
  parkedFetchId: number | null = null;
  /** The follower's incremental fetches on this session (what settled partitions' follower states follow). */
  readonly followerClock: FollowerFetchClock = { fetches: 0, lastFetchUs: 0, brokerEpoch: -1 };
  /** This session's incremental fetch context, one object for all its fetches. */
  readonly context: { readonly kind: "incremental"; readonly session: FetchSession } = { kind: "incremental", session: this };

  constructor(
    readonly id: number,
    /** Follower sessions are privileged: they may evict consumer sessions (FetchSessionCache). */
    readonly privileged: boolean,
    public lastUsedUs: number,
  ) {}
}

/** What a Fetch request asks of the session cache (Kafka's FetchContext kinds). */
export type FetchContext =
  | { readonly kind: "sessionless" }
  | { readonly kind: "full" }
  | { readonly kind: "incremental"; readonly session: FetchSession }
  | { readonly kind: "error"; readonly error: KafkaError };

/** The contexts that carry nothing of their own, shared by every request (a fetch is handled ~200,000 times in a run). */
const SESSIONLESS: FetchContext = Object.freeze({ kind: "sessionless" });
const FULL: FetchContext = Object.freeze({ kind: "full" });
const ID_NOT_FOUND: FetchContext = Object.freeze({ kind: "error", error: "FETCH_SESSION_ID_NOT_FOUND" });
const INVALID_EPOCH: FetchContext = Object.freeze({ kind: "error", error: "INVALID_FETCH_SESSION_EPOCH" });
/** markChanged of a partition no session holds. */
const NO_CACHED_PARTITIONS: ReadonlySet<CachedPartition> = new Set();

/** Kafka's FetchSessionCache plus FetchManager.newContext. */
export class FetchSessionCache {
  private readonly sessions = new Map<number, FetchSession>();
  /** Cached partitions by topic and partition, to mark them dirty when the partition changes. */
  private readonly byPartition = new Map<string, Map<number, Set<CachedPartition>>>();
  private nextId = 1;
  /** Session partition keys (`topic\u0000partition`), built once. */
  readonly keys = new TopicPartitionKeys();

  /**
   * @param idBase session ids are `idBase + n`: Kafka draws random ids; a per-incarnation base keeps
   *   them deterministic and never reused by a restarted broker.
   */
  constructor(
    private readonly idBase: number,
    private readonly slots: number,
  ) {}

  get size(): number {
    return this.sessions.size;
  }

  session(id: number): FetchSession | undefined {
    return this.sessions.get(id);
  }

  /** FetchManager.newContext: close / look up / update the session a request names. */
  newContext(request: FetchRequest, nowUs: number): FetchContext {
    const id = request.sessionId;
    const epoch = request.sessionEpoch;
    if (id === undefined || epoch === undefined) return SESSIONLESS;
    if (epoch === INITIAL_EPOCH || epoch === FINAL_EPOCH) {
      // Any session named by a full fetch is closed.
      if (id !== INVALID_SESSION_ID) this.remove(id);
      return epoch === FINAL_EPOCH ? SESSIONLESS : FULL;
    }
    const session = this.sessions.get(id);
    if (!session) return ID_NOT_FOUND;
    if (session.epoch !== epoch) return INVALID_EPOCH;
    const forgotten = request.forgotten;
    if (forgotten !== undefined) {
      for (const tp of forgotten) {
        const cp = session.partitions.get(this.keys.key(tp.topic, tp.partition));
        if (cp) this.drop(cp);
      }
    }
    for (const fp of request.partitions) {
      const k = this.keys.key(fp.topic, fp.partition);
      let cp = session.partitions.get(k);
      if (cp) cp.fetch = fp;
      else {
        cp = this.add(session, fp);
        session.partitions.set(k, cp);
      }
      unsettle(cp);
      session.dirty.add(cp);
    }
    session.epoch = nextEpoch(session.epoch);
    session.lastUsedUs = nowUs;
    return session.context;
  }

  /**
   * FullFetchContext.updateAndGenerateResponseData → FetchSessionCache.maybeCreateSession: a session
   * holding every partition of a full fetch, or undefined when the cache is full and nothing may be
   * evicted (the response then carries session id 0 and the client fetches in full again).
   */
  maybeCreateSession(
    privileged: boolean,
    nowUs: number,
    fetched: readonly FetchPartition[],
    responses: readonly FetchPartitionResponse[],
  ): FetchSession | undefined {
    if (this.slots <= 0 || fetched.length === 0) return undefined;
    if (this.sessions.size >= this.slots && !this.evictOne(privileged, fetched.length, nowUs)) return undefined;
    const session = new FetchSession(this.idBase + this.nextId++, privileged, nowUs);
    fetched.forEach((fp, i) => {
      const cp = this.add(session, fp);
      const response = responses[i]!;
      cp.highWatermark = response.error === "NONE" ? response.highWatermark : -1;
      cp.logStartOffset = response.logStartOffset;
      session.partitions.set(this.keys.key(fp.topic, fp.partition), cp);
    });
    this.sessions.set(session.id, session);
    return session;
  }

  /**
   * CachedPartition.maybeUpdateResponseData: must this partition's answer be sent? Records, a new
   * HW or log start offset, an error or a diverging epoch must; the cache remembers what was sent.
   */
  mustRespond(cp: CachedPartition, response: FetchPartitionResponse): boolean {
    let must = response.batches.length > 0 || response.divergingEpoch !== undefined;
    if (cp.highWatermark !== response.highWatermark) {
      must = true;
      cp.highWatermark = response.highWatermark;
    }
    if (cp.logStartOffset !== response.logStartOffset) {
      must = true;
      cp.logStartOffset = response.logStartOffset;
    }
    if (response.error !== "NONE") {
      cp.highWatermark = -1;
      must = true;
    }
    return must;
  }

  /**
   * `topic-partition` changed at this broker: every session holding it reads it at its next fetch.
   * Returns the session entries of the partition: the cache's own set, not a copy (it changes only
   * when a session is created, closed or forgets a partition, never while a fetch is answered).
   */
  markChanged(topic: string, partition: number): ReadonlySet<CachedPartition> {
    const cps = this.byPartition.get(topic)?.get(partition);
    if (!cps) return NO_CACHED_PARTITIONS;
    for (const cp of cps) {
      unsettle(cp);
      cp.session.dirty.add(cp);
    }
    return cps;
  }

  remove(id: number): boolean {
    const session = this.sessions.get(id);
    if (!session) return false;
    for (const cp of session.partitions.values()) {
      unsettle(cp);
      this.unindex(cp);
    }
    this.sessions.delete(id);
    return true;
  }

  private add(session: FetchSession, fp: FetchPartition): CachedPartition {
    const cp: CachedPartition = {
      session,
      topic: fp.topic,
      partition: fp.partition,
      fetch: fp,
      highWatermark: -1,
      logStartOffset: -1,
      replica: undefined,
      settledRemote: null,
    };
    let byNumber = this.byPartition.get(fp.topic);
    if (!byNumber) {
      byNumber = new Map();
      this.byPartition.set(fp.topic, byNumber);
    }
    let cps = byNumber.get(fp.partition);
    if (!cps) {
      cps = new Set();
      byNumber.set(fp.partition, cps);
    }
    cps.add(cp);
    return cp;
  }

  private drop(cp: CachedPartition): void {
    cp.session.partitions.delete(this.keys.key(cp.topic, cp.partition));
    cp.session.dirty.delete(cp);
    unsettle(cp);
    this.unindex(cp);
  }

  private unindex(cp: CachedPartition): void {
    const byNumber = this.byPartition.get(cp.topic);
    const cps = byNumber?.get(cp.partition);
    if (!cps) return;
    cps.delete(cp);
    if (cps.size === 0) byNumber!.delete(cp.partition);
    if (byNumber!.size === 0) this.byPartition.delete(cp.topic);
  }

  /**
   * FetchSessionCache.tryEvict, simplified: the least recently used stale session (unused for
   * {@link FETCH_SESSION_EVICTION_US}) goes first; otherwise a follower's new session evicts the
   * least recently used consumer session, and a consumer's evicts a consumer session with fewer partitions.
   */
  private evictOne(privileged: boolean, partitions: number, nowUs: number): boolean {
    let victim: FetchSession | undefined;
    for (const s of this.sessions.values()) {
      if (nowUs - s.lastUsedUs > FETCH_SESSION_EVICTION_US && (!victim || s.lastUsedUs < victim.lastUsedUs)) victim = s;
    }
    if (!victim) {
      for (const s of this.sessions.values()) {
        if (s.privileged || (!privileged && s.partitions.size >= partitions)) continue;
        if (!victim || s.lastUsedUs < victim.lastUsedUs) victim = s;
      }
    }
    if (!victim) return false;
    this.remove(victim.id);
    return true;
  }
}
