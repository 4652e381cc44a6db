/** Client outcome counts, Kafka error counts and produce latencies, in one pass over the history. */
import type { History } from "../../kafka/history.js";
import type { ClientMetrics } from "./types.js";

export interface ClientSummary {
  clientMetrics: ClientMetrics;
  errors: Record<string, number>;
  produceLatenciesUs: number[];
}

export function summariseClients(history: History): ClientSummary {
  const clientMetrics: ClientMetrics = { produced: 0, acked: 0, failed: 0, unknown: 0, consumed: 0, processed: 0 };
  const errors = new Map<string, number>();
  const produceLatenciesUs: number[] = [];
  const countError = (error: string | undefined): void => {
    if (error !== undefined) errors.set(error, (errors.get(error) ?? 0) + 1);
  };
  for (const op of history) {
    switch (op.kind) {
      case "send":
        clientMetrics.produced++;
        if (op.outcome === "ok") {
          clientMetrics.acked++;
          if (op.completeUs !== undefined) produceLatenciesUs.push(op.completeUs - op.invokeUs);
        } else if (op.outcome === "failed") {
          clientMetrics.failed++;
        } else {
          clientMetrics.unknown++;
        }
        countError(op.error);
        // A send that expired still counts under the error its retries last saw.
        if (op.lastError !== op.error) countError(op.lastError);
        break;
      case "commit":
        countError(op.error);
        break;
      case "poll":
        clientMetrics.consumed += op.records.length;
        break;
      case "process":
        clientMetrics.processed++;
        break;
      default:
        break;
    }
  }
  const sorted = [...errors].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return { clientMetrics, errors: Object.fromEntries(sorted), produceLatenciesUs };
}
