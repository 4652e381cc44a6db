/**
 * The topic configs a controller's leader election reads (topic override over the broker's
 * default, as Kafka's `LogConfig` resolves them): both controller modes read them through here.
 */
import type { ConfigView } from "../config-view.js";

export interface ElectionSettings {
  /** min.insync.replicas: KIP-966 keeps eligible leader replicas only while the ISR is below it. */
  readonly minInsyncReplicas: number;
  /** unclean.leader.election.enable: a replica outside the ISR may become leader when none inside is alive. */
  readonly uncleanLeaderElectionEnable: boolean;
}

/** Read a topic's election settings from its config view (topic override → broker config → default). */
export function readElectionSettings(topicConfig: ConfigView): ElectionSettings {
  return {
    minInsyncReplicas: topicConfig.int("min.insync.replicas"),
    uncleanLeaderElectionEnable: readUncleanLeaderElection(topicConfig),
  };
}

/** unclean.leader.election.enable alone (all the ZooKeeper-mode controller's elections read). */
export function readUncleanLeaderElection(topicConfig: ConfigView): boolean {
  return topicConfig.bool("unclean.leader.election.enable");
}
