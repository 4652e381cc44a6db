/** ZooKeeper mode (Kafka 3.9 and the kafka-0.10 preset): the ensemble actor and the broker's agent. */
export { createZookeeperActor, ZookeeperServer, type ZookeeperOptions } from "./zk-server.js";
export { createZkAgent, ZkAgent } from "./zk-agent.js";
export { ZkClient, type ZkSessionEvent } from "./zk-client.js";
export { ZnodeTree, type ZkLogEntry, type ZkTxn } from "./znode-tree.js";
export * as zkPaths from "./paths.js";
