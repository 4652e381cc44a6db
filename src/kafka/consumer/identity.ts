/** Who a consumer process is, for the history: instance name, incarnation and group. */
import type { HistoryRecorder } from "../history.js";

export interface ConsumerIdentity {
  /** Instance name, e.g. `g1-1`. */
  name: string;
  /** Process identity, e.g. `g1-1#2` (a restart is a new process). */
  process: string;
  group: string;
  history: HistoryRecorder;
}
