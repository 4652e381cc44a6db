/**
 * The error of an enforced state machine (Raft's QuorumState, the ZooKeeper server's ZAB roles):
 * a move its transition table does not allow. It is a bug in the model, so it surfaces as an
 * internal error naming the node, the from-state, the to-state and why.
 */
export class IllegalStateTransition extends Error {
  constructor(node: string, from: string, to: string, why: string) {
    super(`${node}: cannot transition from ${from} to ${to}: ${why}`);
    this.name = "IllegalStateTransition";
  }
}
