/**
 * Chained faults (`id` and `after: { fault: <id>, on, delay }`): validation with file, line, key and
 * what was expected (unknown ids, forward references and so cycles, a fault that never ends), the
 * timeline of a run whose faults follow earlier ones (their start and their end, chains of chains,
 * a chain whose earlier fault did nothing), and replay (the same scenario and seed give the same
 * trace hash). Reference: docs/scenario-format.md "Chained faults"; the hand-built chain of
 * docs/fuzz.md (KIP-996: a voter cut off while the active controller crashes).
 */
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { runScenario } from "../../src/scenario/run.js";
import { BASE, load, onlyError, yamlErrors } from "./fixture.js";

const withFaults = (...lines: string[]) => [...BASE, "faults:", ...lines];

describe("after: { fault }: syntax and validation", () => {
  it("loads ids and a chain with its start or end and delay", () => {
    const { scenario } = load(
      withFaults(
        "  - { id: cut-voter, at: 5s, isolate: broker-2, heal-after: 8s }",
        "  - { at: 0s, after: { fault: cut-voter, delay: 2s }, crash: leader(orders-0) }",
        "  - { at: 1s, after: { fault: cut-voter, on: end }, pause: p1, for: 1s }",
      ),
    );
    expect(scenario.faults.map((fault) => [fault.id, fault.after])).toEqual([
      ["cut-voter", null],
      [null, { fault: "cut-voter", faultIndex: 0, on: "start", delayUs: 2_000_000 }],
      [null, { fault: "cut-voter", faultIndex: 0, on: "end", delayUs: 0 }],
    ]);
  });

  it("rejects an unknown id, naming the earlier ids and the closest one", () => {
    expect(
      onlyError(withFaults("  - { id: cut-voter, at: 5s, isolate: broker-2 }", "  - { at: 0s, after: { fault: cut-votr }, crash: broker-1 }")),
    ).toMatchObject({
      file: "test.yaml",
      line: 20,
      path: "faults[1].after.fault",
      message: "no fault has id cut-votr",
      expected: "the id of an earlier fault: cut-voter",
      hint: "did you mean cut-voter?",
    });
  });

  it("rejects a fault that follows itself or a later fault (so no chain has a cycle)", () => {
    expect(onlyError(withFaults("  - { id: a, at: 5s, after: { fault: a }, crash: broker-1 }"))).toMatchObject({
      line: 19,
      path: "faults[0].after.fault",
      message: "a fault cannot follow itself (a is this fault's own id)",
    });
    const errors = yamlErrors(
      withFaults("  - { id: a, at: 0s, after: { fault: b }, crash: broker-1 }", "  - { id: b, at: 0s, after: { fault: a }, crash: broker-2 }"),
    );
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({
      line: 19,
      path: "faults[0].after.fault",
      message: "b is faults[1], later in the list: a fault follows only an earlier one",
      hint: "move b before this fault (this also keeps chains free of cycles)",
    });
  });

  it("rejects a repeated id", () => {
    expect(onlyError(withFaults("  - { id: a, at: 5s, crash: broker-1 }", "  - { id: a, at: 6s, crash: broker-2 }"))).toMatchObject({
      line: 20,
      path: "faults[1].id",
      message: "fault id a is already taken by faults[0]",
    });
  });

  it("rejects on: end after a fault that never ends, and after a kind that has no end", () => {
    expect(onlyError(withFaults("  - { id: a, at: 5s, crash: broker-1 }", "  - { at: 0s, after: { fault: a, on: end }, crash: broker-2 }"))).toMatchObject({
      line: 20,
      path: "faults[1].after.on",
      message: "a (crash) never ends, so nothing can follow its end",
      hint: "give a restart-after",
    });
    expect(onlyError(withFaults("  - { id: a, at: 5s, restart: broker-1 }", "  - { at: 0s, after: { fault: a, on: end }, crash: broker-2 }"))).toMatchObject({
      path: "faults[1].after.on",
      hint: "restart has no end; use on: start",
    });
  });

  it("rejects event and fault together, event filters on a chain, on with an event, and an after with neither", () => {
    expect(
      onlyError(withFaults("  - { id: a, at: 5s, crash: broker-1 }", "  - { at: 0s, after: { fault: a, event: leader-change }, crash: broker-2 }")),
    ).toMatchObject({ path: "faults[1].after.event", message: "after waits for an event or follows a fault, not both" });
    expect(
      onlyError(withFaults("  - { id: a, at: 5s, crash: broker-1 }", "  - { at: 0s, after: { fault: a, partition: orders-0 }, crash: broker-2 }")),
    ).toMatchObject({ path: "faults[1].after.partition", message: "partition does not go with fault" });
    expect(onlyError(withFaults("  - { at: 0s, after: { event: controller-change, on: end }, crash: broker-2 }"))).toMatchObject({
      path: "faults[0].after.on",
      message: "on does not go with event",
    });
    expect(onlyError(withFaults("  - { at: 0s, after: { delay: 1s }, crash: broker-2 }"))).toMatchObject({
      path: "faults[0].after",
      message: "after needs an event or an earlier fault",
    });
    expect(onlyError(withFaults("  - { id: a, at: 5s, crash: broker-1 }", "  - { at: 0s, after: { fault: a, on: later }, crash: broker-2 }"))).toMatchObject({
      path: "faults[1].after.on",
      expected: "one of start, end",
    });
  });

  it("rejects an id that is not a name", () => {
    expect(onlyError(withFaults("  - { id: Cut Voter, at: 5s, crash: broker-1 }"))).toMatchObject({ path: "faults[0].id" });
  });
});

/** KIP-996's hand-built chain in the chain syntax, plus a chain of a chain and a chain that never fires. */
const RUN = [
  "name: chain-run",
  "description: isolate a voter, crash the active controller while it is cut off, restart it when the voter returns",
  "duration: 20s",
  "cluster: { brokers: 3, controller: { mode: kraft, nodes: 3 } }",
  "topics:",
  "  - { name: orders, partitions: 1, replication-factor: 3 }",
  "producers:",
  "  - { name: p1, topic: orders, rate: 100/s }",
  "faults:",
  "  - { id: cut-voter, at: 3s, isolate: controller-2, heal-after: 6s }",
  "  - { id: crash-active, at: 0s, after: { fault: cut-voter, delay: 2s }, crash: controller, restart-after: 5s }",
  "  - { at: 0s, after: { fault: crash-active, on: end, delay: 500ms }, pause: leader(orders-0), for: 1s }",
  "  - { id: nothing, at: 1s, restart: broker-1 }",
  "  - { at: 0s, after: { fault: nothing }, crash: broker-2 }",
  "  - { at: 15s, after: { fault: cut-voter }, crash: broker-3 }",
].join("\n");

describe("after: { fault } in a run", () => {
  const result = runScenario(parse(RUN) as Record<string, unknown>);
  const lines = result.timeline.filter((line) => line.kind === "trigger" || line.kind.startsWith("fault"));
  const text = (kind: string, start: string) => lines.find((line) => line.kind === kind && line.text.startsWith(start));

  it("fires a chained fault its delay after the earlier fault starts, on the holder of the role then", () => {
    expect(text("trigger", "isolate controller-2 (cut-voter) started: crash controller fires in 2s")?.atUs).toBe(3_000_000);
    expect(text("fault", "crash controller-")?.atUs).toBe(5_000_000);
    expect(text("fault", "crash controller-")?.text).toMatch(/^crash controller-[13] \(controller\)$/);
  });

  it("chains compose: a fault follows the end of a chained fault (its restart)", () => {
    expect(text("trigger", "crash controller (crash-active) ended: pause leader(orders-0) fires in 500ms")?.atUs).toBe(10_000_000);
    expect(text("fault", "pause broker-")?.atUs).toBe(10_500_000);
  });

  it("skips, at the end of the run, a fault whose earlier fault did nothing or started before it was armed", () => {
    expect(lines.filter((line) => line.kind === "fault-skipped")).toEqual([
      expect.objectContaining({ atUs: 20_000_000, text: "crash broker-2 skipped (armed at 0s): restart broker-1 (nothing) did nothing at 1s" }),
      expect.objectContaining({
        atUs: 20_000_000,
        text: "crash broker-3 skipped (armed at 15s): isolate controller-2 (cut-voter) started at 3s, before this fault was armed",
      }),
    ]);
  });

  it("replays bit for bit: the same scenario and seed give the same trace hash", () => {
    expect(runScenario(parse(RUN) as Record<string, unknown>).traceHash).toBe(result.traceHash);
  });
});
