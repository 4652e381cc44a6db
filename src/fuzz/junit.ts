/**
 * JUnit XML for CI dashboards (`kafkasim fuzz --junit FILE`): one test suite per campaign, one
 * test case per property the campaign checks — each `expect` metric, the cluster invariants, the
 * determinism self-check, and "the runs complete without an engine error". A counterexample fails
 * the test cases of the properties it breaks; the failure message holds the counterexample file,
 * its seed, what failed and how to reproduce it. A profile where a counterexample is expected
 * still reports the truth: the property failed (the campaign found what it was looking for).
 */
import type { FuzzResult } from "./run-fuzz.js";

/** The names of the non-expect test cases. */
const CASE_TITLES: Readonly<Record<string, string>> = {
  invariants: "no cluster invariant is violated",
  determinism: "the same scenario and seed give the same run (determinism self-check)",
  errors: "every run completes without an engine error",
};

/** XML-escape text for an attribute or element body. */
function xmlEscape(text: string): string {
  return (
    text
      .replace(/&/g, "&amp;")
      .replace(/</g, "&lt;")
      .replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;")
      .replace(/'/g, "&apos;")
      // Characters XML 1.0 cannot hold at all.
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, "")
  );
}

/** The JUnit XML of a fuzz result. */
export function fuzzJunit(result: FuzzResult): string {
  const suite = `kafkasim fuzz ${result.scenario ?? result.profile}${result.bug === undefined ? "" : ` --bug ${result.bug}`}`;
  const seconds = ((result.wallMs ?? 0) / 1000).toFixed(3);
  const cases = result.properties.map((property) => {
    const title = CASE_TITLES[property] ?? `${property} holds (expect ${property})`;
    const broken = result.counterexamples.filter((c) => c.properties.includes(property));
    const body =
      result.skipped !== undefined
        ? `      <skipped message="${xmlEscape(result.skipped)}"/>\n`
        : broken
            .map((c) => {
              const message = `${c.failures.join("; ")} — counterexample ${c.file} (seed ${c.seed}, run ${c.run})`;
              const text = [
                `Counterexample: ${c.file}`,
                `Seed: ${c.seed}`,
                `Run: ${c.run}`,
                ...c.failures.map((f) => `Failed: ${f}`),
                `Replays from the file: ${c.replayed ? "yes" : `no (${c.replayNote ?? "different outcome"})`}`,
                `Reproduce with: kafkasim run ${c.file}`,
                `Search again with: ${c.reproduce}`,
              ].join("\n");
              return `      <failure message="${xmlEscape(message)}" type="${xmlEscape(c.kind)}">${xmlEscape(text)}</failure>\n`;
            })
            .join("");
    return `    <testcase classname="${xmlEscape(suite)}" name="${xmlEscape(title)}" time="${seconds}">\n${body}    </testcase>\n`;
  });
  const failures = result.properties.filter((property) => result.counterexamples.some((c) => c.properties.includes(property))).length;
  const skipped = result.skipped === undefined ? 0 : result.properties.length;
  const properties = [
    ["seed", String(result.seed)],
    ["runs", String(result.runs)],
    ["runsExecuted", String(result.runsExecuted)],
    ["reproduce", result.reproduce],
    ["expectsCounterexample", String(result.expectsCounterexample)],
  ];
  return [
    `<?xml version="1.0" encoding="UTF-8"?>\n`,
    `<testsuites name="kafkasim fuzz" tests="${result.properties.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds}">\n`,
    `  <testsuite name="${xmlEscape(suite)}" tests="${result.properties.length}" failures="${failures}" errors="0" skipped="${skipped}" time="${seconds}">\n`,
    `    <properties>\n${properties.map(([name, value]) => `      <property name="${xmlEscape(name as string)}" value="${xmlEscape(value as string)}"/>\n`).join("")}    </properties>\n`,
    ...cases,
    `  </testsuite>\n`,
    `</testsuites>\n`,
  ].join("");
}
