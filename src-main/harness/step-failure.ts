/**
 * A scenario step that did not go as written: an expectation that does not hold, a request the
 * server refused, a fault that was not expected. The scenario stops at the first one.
 */
export class StepFailure extends Error {
  override readonly name = 'StepFailure'
  constructor(
    message: string,
    /** More lines: expected, actual, a diff. */
    readonly details: readonly string[] = [],
    /** The HTTP status of a refused GMS call, when that is what failed. */
    readonly status?: number,
  ) {
    super(message)
  }
}
