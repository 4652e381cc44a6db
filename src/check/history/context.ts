/** What every history check receives. */
import type { AnomalyCollector } from "./collector.js";
import type { HistoryFacts } from "./facts.js";
import type { ReadSources } from "./sources.js";
import type { TimelineIndex } from "./timeline.js";

export interface CheckContext {
  facts: HistoryFacts;
  timeline: TimelineIndex;
  sink: AnomalyCollector;
  sources: ReadSources;
  /** The run ended with a drain phase: consumers were given the chance to read up to the HW. */
  drained: boolean;
}
