/**
 * The worker thread of {@link SeedPool}: runs one scenario seed per message with the engine's
 * `runScenario` and posts the result back (a plain, structured-cloneable object). A run that
 * throws is reported as `{ error }`; the pool then repeats it on the main thread, so the caller
 * sees the engine's own error (with its class and exit status), not a copy.
 */
import { parentPort } from "node:worker_threads";
import { runScenario } from "../scenario/api.js";
import type { SeedJob, SeedReply } from "./seed-pool.js";

const port = parentPort;
if (port === null) throw new Error("seed-worker.js must run as a worker thread");
port.on("message", (job: SeedJob & { id: number }) => {
  let reply: SeedReply;
  try {
    reply = { id: job.id, result: runScenario(job.input, job.options) };
  } catch (error) {
    reply = { id: job.id, error: error instanceof Error ? error.message : String(error) };
  }
  port.postMessage(reply);
});
