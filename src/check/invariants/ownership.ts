/**
 * `exclusive-ownership` (docs/anomalies.md): in each consumer-group generation each partition has at
 * most one owner; under cooperative rebalancing a partition is never revoked and assigned in the
 * same rebalance (it cannot move straight from one member of the new generation to another).
 */
import type { ViolationTally } from "./tally.js";

type Assignment = Record<string, { topic: string; partition: number }[]>;

export class OwnershipCheck {
  private readonly previous = new Map<string, { generation: number; owners: Map<string, string> }>();

  constructor(private readonly tally: ViolationTally) {}

  assignment(group: string, generation: number, assignment: Assignment, protocol: string): void {
    const owners = new Map<string, string>();
    for (const member of Object.keys(assignment).sort()) {
      for (const tp of assignment[member]!) {
        const name = `${tp.topic}-${tp.partition}`;
        const other = owners.get(name);
        if (other !== undefined) {
          this.tally.violate("exclusive-ownership", `group ${group} generation ${generation}: ${name} assigned to both ${other} and ${member}`);
        } else owners.set(name, member);
      }
    }
    const before = this.previous.get(group);
    if (protocol === "cooperative-sticky" && before && before.generation < generation) {
      for (const [name, owner] of owners) {
        const formerOwner = before.owners.get(name);
        if (formerOwner !== undefined && formerOwner !== owner && formerOwner in assignment) {
          this.tally.violate(
            "exclusive-ownership",
            `group ${group} generation ${generation}: ${name} moved from ${formerOwner} to ${owner} in one cooperative rebalance (it must be revoked first)`,
          );
        }
      }
    }
    this.previous.set(group, { generation, owners });
  }
}
