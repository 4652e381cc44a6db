/**
 * Kafka's znode layout in ZooKeeper (ZkData.scala) and the data stored in each znode. Topic
 * configs are kept in the topic znode itself rather than under /config/topics (a simplification).
 */

export const CONTROLLER_PATH = "/controller";
export const CONTROLLER_EPOCH_PATH = "/controller_epoch";
export const BROKER_IDS_PATH = "/brokers/ids";
export const TOPICS_PATH = "/brokers/topics";
export const ISR_CHANGE_PATH = "/isr_change_notification";
export const ISR_CHANGE_PREFIX = `${ISR_CHANGE_PATH}/isr_change_`;

/** Persistent paths every broker creates at startup (KafkaZkClient.createTopLevelPaths). */
export const TOP_LEVEL_PATHS = ["/brokers", BROKER_IDS_PATH, TOPICS_PATH, ISR_CHANGE_PATH] as const;

export const brokerIdPath = (id: number): string => `${BROKER_IDS_PATH}/${id}`;
export const topicPath = (topic: string): string => `${TOPICS_PATH}/${topic}`;
export const partitionsPath = (topic: string): string => `${topicPath(topic)}/partitions`;
export const partitionPath = (topic: string, partition: number): string => `${partitionsPath(topic)}/${partition}`;
export const partitionStatePath = (topic: string, partition: number): string => `${partitionPath(topic, partition)}/state`;

/** /controller: the broker holding it is the controller. */
export interface ControllerZnode {
  brokerid: number;
}

/** /brokers/ids/<id>: a live broker's registration (ephemeral; its czxid is the broker epoch). */
export interface BrokerZnode {
  node: string;
}

/** /brokers/topics/<t>: the replica assignment (partition → replicas in order) and topic config. */
export interface TopicZnode {
  partitions: number[][];
  config: Record<string, unknown>;
}

/** /brokers/topics/<t>/partitions/<p>/state, as Kafka writes it (its znode version is the partition epoch). */
export interface PartitionStateZnode {
  leader: number;
  leader_epoch: number;
  isr: number[];
  controller_epoch: number;
}

/** /isr_change_notification/isr_change_<seq> (pre-2.7 leaders announce the ISR changes they wrote). */
export interface IsrChangeZnode {
  partitions: { topic: string; partition: number }[];
}
