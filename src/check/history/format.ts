/** Wording helpers shared by the history checks: one place for how times and sends read. */
import type { SendOp } from "../../kafka/history.js";

/** `topic-p`, the partition name used in anomalies and the timeline. */
export function partitionName(topic: string, partition: number): string {
  return `${topic}-${partition}`;
}

/** Virtual time in seconds with millisecond precision (sub-millisecond when needed): `5.002s`. */
export function seconds(us: number): string {
  const text = us % 1000 === 0 ? (us / 1e6).toFixed(3) : (us / 1e6).toFixed(6);
  return `${text}s`;
}

/**
 * How a send ended, in words: `acknowledged by broker-1 (acks=1) at 5.002s at offset 812`.
 * `crashes` (process → crash times) tells a send its process took down with it from one still
 * waiting for its answer when the run ended.
 */
export function describeSend(send: SendOp, crashes: ReadonlyMap<string, readonly number[]>): string {
  const by = send.ackedBy === undefined ? "" : ` by ${send.ackedBy}`;
  const at = send.completeUs === undefined ? "" : ` at ${seconds(send.completeUs)}`;
  const where = send.offset === undefined ? "" : ` at offset ${send.offset}`;
  const producer = `${send.process} (sent ${seconds(send.invokeUs)})`;
  switch (send.outcome) {
    case "ok":
      if (send.acks === "0") return `sent by ${producer} with acks=0 (no acknowledgement)`;
      if (send.offset === undefined) {
        return `acknowledged${by} (acks=${send.acks})${at} without an offset (${send.error ?? "no offset"}), sent by ${producer}`;
      }
      return `acknowledged${by} (acks=${send.acks})${at}${where}, sent by ${producer}`;
    case "failed":
      return `failed${at} with ${failure(send, "an error")} (acks=${send.acks}), sent by ${producer}`;
    case "unknown":
      if (send.completeUs === undefined) {
        const died = crashes.get(send.process)?.find((atUs) => atUs >= send.invokeUs);
        return died === undefined
          ? `still in flight at the end (acks=${send.acks}), sent by ${producer}`
          : `never answered: its process died at ${seconds(died)} (acks=${send.acks}), sent by ${producer}`;
      }
      return `of unknown outcome${at} (${failure(send, "timeout")}, acks=${send.acks}), sent by ${producer}`;
  }
}

/**
 * The error that ended a send, with the client's message and the last error its retries saw when
 * they differ: `DELIVERY_TIMEOUT ("Expiring 2 record(s) for orders-0:120000 ms has passed since
 * batch creation"; its retries last saw NOT_ENOUGH_REPLICAS)`.
 */
function failure(send: SendOp, fallback: string): string {
  const error = send.error ?? fallback;
  const details: string[] = [];
  if (send.message !== undefined) details.push(`"${send.message}"`);
  if (send.lastError !== undefined && send.lastError !== send.error) details.push(`its retries last saw ${send.lastError}`);
  return details.length === 0 ? error : `${error} (${details.join("; ")})`;
}

/** Whether the producer was told the record was written (acks=0 never is). */
export function isAcknowledged(send: SendOp): boolean {
  return send.outcome === "ok" && send.acks !== "0";
}

/** `offsets 3..7` or `offset 3`. */
export function offsetRange(first: number, last: number): string {
  return first === last ? `offset ${first}` : `offsets ${first}..${last}`;
}
