/** Why the producer's and consumer's network clients and the admin client acted (NetworkClient, Metadata, Admin). */
import type { Entries, Fields } from "./explain.js";

export const clientRules = {
  "client-request-timeout": () => "no response within the request timeout: the client disconnects and fails every request in flight on that connection",
  "client-reconnect-backoff": (f: Fields) =>
    `the connection to ${f.peer} failed: the client waits ${f.backoffMs} ms before using it again (reconnect.backoff.ms, doubling per failure up to reconnect.backoff.max.ms)`,
  "client-rebootstrap": (f: Fields, why: { readonly rebootstrapTriggerMs: number }) =>
    f.reason === "no-broker-available"
      ? "every broker in the client's metadata is unavailable (disconnected, in reconnect backoff): with metadata.recovery.strategy=rebootstrap it forgets them and asks the bootstrap.servers again (KIP-899)"
      : `no metadata for metadata.recovery.rebootstrap.trigger.ms (${why.rebootstrapTriggerMs} ms): the client closes its connections and asks the bootstrap.servers again (KIP-1102)`,
  "admin-create-partitions": () => "the admin client asks the controller to raise the partition count (CreatePartitions)",
  "partitions-added": null,
  "create-partitions-failed": null,
} satisfies Entries;
