/** The kernel's own records (process lifecycle, src/sim/host.ts) carry no rule: the fault itself is the story. */
import type { Entries } from "./explain.js";

export const kernelRules = {
  "host-start": null,
  "host-crash": null,
  "host-power-loss": null,
  "host-pause": null,
  "host-resume": null,
  "host-stop": null,
  "host-disk-loss": null,
} satisfies Entries;
