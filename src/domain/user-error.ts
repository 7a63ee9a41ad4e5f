/**
 * A problem the user can fix (bad flag, unknown handle, no run yet, no database): a command prints its message as
 * one `! …` line and exits with its code, without a stack.
 */
export class UserError extends Error {
  constructor(
    message: string,
    readonly exitCode = 1,
  ) {
    super(message);
  }
}
