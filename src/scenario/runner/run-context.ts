/**
 * An error from inside a run (an assertion of the model, an illegal state transition, any bug)
 * is an internal error: it keeps its type and gains where it happened — the scenario, the seed and
 * the simulated time — so that the report can be replayed. Budget errors are the user's limits,
 * not bugs, and pass unchanged.
 */
import { formatDurationUs } from "../durations.js";

export function withRunContext(error: unknown, file: string, seed: number, nowUs: number): unknown {
  if (!(error instanceof Error) || error.name === "BudgetExceededError" || error.name === "ScenarioValidationError") return error;
  const where = file === "" ? "the scenario" : file;
  const replay = file === "" ? `seed ${seed}` : `kafkasim run ${file} --seed ${seed}`;
  error.message += ` (in ${where} with seed ${seed}, at ${formatDurationUs(nowUs)} of simulated time; replay: ${replay})`;
  return error;
}
