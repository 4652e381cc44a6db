/**
 * Replica assignment for new topics, as Kafka's default (rack-unaware) assignment does it
 * (AdminUtils.assignReplicasToBrokers): a random start index and a random replica shift, then
 * round-robin, so leadership (the first replica) is balanced across brokers.
 */
import type { Random } from "../../sim/random.js";

export function assignReplicas(brokerIds: readonly number[], partitions: number, replicationFactor: number, random: Random): number[][] {
  const brokers = [...brokerIds].sort((a, b) => a - b);
  const n = brokers.length;
  if (replicationFactor > n) throw new Error(`replication factor ${replicationFactor} larger than available brokers ${n}`);
  const startIndex = random.int(n);
  let shift = random.int(n);
  const result: number[][] = [];
  for (let p = 0; p < partitions; p++) {
    if (p > 0 && p % n === 0) shift++;
    const first = (p + startIndex) % n;
    const replicas = [brokers[first]!];
    for (let j = 0; j < replicationFactor - 1; j++) {
      const index = n > 1 ? (first + 1 + ((shift + j) % (n - 1))) % n : first;
      replicas.push(brokers[index]!);
    }
    result.push(replicas);
  }
  return result;
}
