/** A bad input value, caught before any command runs. */
export class InputError extends Error {
  constructor(
    readonly input: string,
    readonly value: string,
    readonly accepted: string,
    readonly detail?: string
  ) {
    const shown = value === '' ? '(empty)' : JSON.stringify(value);
    super(`Input '${input}' has an invalid value ${shown}${detail ? ` (${detail})` : ''}. Accepted: ${accepted}.`);
    this.name = 'InputError';
  }
}

/** A failure with advice for the user; the message is what the step prints. */
export class ActionError extends Error {
  constructor(
    message: string,
    readonly hint?: string
  ) {
    super(hint ? `${message}\nHint: ${hint}` : message);
    this.name = 'ActionError';
  }
}

export function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
