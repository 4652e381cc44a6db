/**
 * The names of the deliberate protocol mutants the model can switch on (`cluster.bugs`): one union
 * type shared by the model, which asks `bug(name)` at each place a mutant changes behaviour, and
 * by the catalogue that describes them (src/check/mutants.ts). A misspelt name is a type error.
 */
export const MUTANT_NAMES = [
  "no-follower-truncation",
  "hw-ignores-isr",
  "consumer-reads-above-hw",
  "local-isr-shrink",
  "no-idempotent-dedup",
  "acks-all-early-ack",
  "unclean-election-always",
  "no-alter-partition-epoch-check",
  "raft-vote-any-log",
  "no-controller-epoch-check",
  "zk-unclean-election-always",
  "producer-resequence-on-retry",
  "consumer-commit-before-return",
  "coordinator-forgets-generations",
] as const;

export type MutantName = (typeof MUTANT_NAMES)[number];

export function isMutantName(name: string): name is MutantName {
  return (MUTANT_NAMES as readonly string[]).includes(name);
}

/** The set of mutants a cluster runs with; a name outside the catalogue is refused. */
export function mutantSet(names: Iterable<string>): ReadonlySet<MutantName> {
  const set = new Set<MutantName>();
  for (const name of names) {
    if (!isMutantName(name)) throw new Error(`unknown protocol mutant "${name}" (one of ${MUTANT_NAMES.join(", ")})`);
    set.add(name);
  }
  return set;
}
