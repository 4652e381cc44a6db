/**
 * Assertions in the model (TigerBeetle's style): a precondition or postcondition of a state
 * change that can only fail through a bug in kafkasim itself. A failure stops the run with an
 * {@link AssertionFailure}, reported as an internal error (exit status 3) that names the seed.
 * Where Kafka itself tolerates a situation (and logs, clamps or ignores), the model does the same
 * and says so; an assertion is only for what cannot happen.
 */

/** A broken precondition or postcondition of the model. */
export class AssertionFailure extends Error {
  constructor(message: string) {
    super(`assertion failed: ${message}`);
    this.name = "AssertionFailure";
  }
}

/**
 * Throw an {@link AssertionFailure} unless `condition` holds. Pass the message as a function where
 * building it costs something: it is only called on failure.
 */
export function assert(condition: boolean, message: string | (() => string)): asserts condition {
  if (!condition) throw new AssertionFailure(typeof message === "string" ? message : message());
}
