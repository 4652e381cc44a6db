/** Error responses for every group request, used when the broker is not (or no longer) the coordinator. */
import type { KafkaError } from "../protocol/errors.js";
import type {
  GroupResponse,
  HeartbeatRequest,
  JoinGroupRequest,
  LeaveGroupRequest,
  OffsetCommitRequest,
  OffsetFetchRequest,
  SyncGroupRequest,
} from "./protocol.js";

/** A request addressed to a group's coordinator. */
export type GroupRequest = JoinGroupRequest | SyncGroupRequest | HeartbeatRequest | LeaveGroupRequest | OffsetCommitRequest | OffsetFetchRequest;

/** The response to `request` carrying `error` everywhere. */
export function groupErrorResponse(request: GroupRequest, error: KafkaError): GroupResponse {
  const correlationId = request.correlationId;
  switch (request.type) {
    case "JoinGroup":
      return { type: "JoinGroupResponse", correlationId, error, generationId: -1, protocolName: "", leader: "", memberId: request.memberId, members: [] };
    case "SyncGroup":
      return { type: "SyncGroupResponse", correlationId, error, protocolName: "", partitions: [] };
    case "Heartbeat":
      return { type: "HeartbeatResponse", correlationId, error };
    case "LeaveGroup":
      return { type: "LeaveGroupResponse", correlationId, error };
    case "OffsetCommit":
      return { type: "OffsetCommitResponse", correlationId, partitions: request.offsets.map((o) => ({ topic: o.topic, partition: o.partition, error })) };
    case "OffsetFetch":
      return { type: "OffsetFetchResponse", correlationId, error, partitions: [] };
  }
}
