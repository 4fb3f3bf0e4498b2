/**
 * A problem with the user's input (file, column, option) rather than a bug. Its message is one
 * clear sentence that names the file, row or column and says what to do; the CLI prints it and
 * exits with status 2, the panel shows it as-is. Never carries a stack trace to the user.
 */
export class UserError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'UserError';
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof Error && e.name === 'UserError';
}
