// The errors a test expects, caught once here instead of a try/catch in every test file.
import { InputError } from '../../src/model/errors.js';

/** An error class; pass the one the test imported (after its mocks), so `instanceof` compares like with like. */
export type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

/** What `action` throws, when it is a `type`; any other outcome (a return, another error) fails the test. */
export function errorOf<E extends Error>(type: ErrorClass<E>, action: () => unknown): E {
  try {
    action();
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected ${type.name} to be thrown, nothing was`);
}

/** The InputError an action throws; any other outcome fails the test. */
export function inputErrorOf(action: () => unknown): InputError {
  return errorOf(InputError, action);
}

/** What `promise` rejects with, when it is a `type`; any other outcome (it resolves, another error) fails the test. */
export async function rejectionOf<E extends Error>(type: ErrorClass<E>, promise: Promise<unknown>): Promise<E> {
  try {
    await promise;
  } catch (error) {
    if (error instanceof type) return error;
    throw error;
  }
  throw new Error(`expected a rejection with ${type.name}, the promise resolved`);
}

/**
 * What `parse` returns, or undefined when it refused with an InputError: for properties over
 * generated input, where refusing is a fine answer. Any other throw fails the property.
 */
export function acceptedOrInputError<T>(parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (error instanceof InputError) return undefined;
    throw error;
  }
}
