/*
 * Getting hold of an expected error to assert on its fields (code, reason,
 * cause, messages). Asserting inside a `catch` passes silently when nothing
 * is thrown; these helpers fail the test instead, and also when the error is
 * of another class.
 */
import { AssertionError } from 'node:assert'

type ErrorClass<E> = abstract new (...args: any[]) => E

function checked<E>(error: unknown, type: ErrorClass<E>): E {
  if (error instanceof type) return error
  throw new AssertionError({
    message: `expected ${type.name}, got ${error instanceof Error ? `${error.constructor.name}: ${error.message}` : String(error)}`,
    actual: error,
    expected: type,
  })
}

/** The error `call` throws, which must be a `type`. */
export function errorOf<E>(call: () => unknown, type: ErrorClass<E>): E {
  let outcome: { error: unknown } | undefined
  try {
    call()
  } catch (error) {
    outcome = { error }
  }
  if (!outcome)
    throw new AssertionError({ message: `expected ${type.name}, but nothing was thrown` })
  return checked(outcome.error, type)
}

/** The error `work` rejects with, which must be a `type`. */
export async function rejectionOf<E>(
  work: Promise<unknown> | (() => Promise<unknown>),
  type: ErrorClass<E>
): Promise<E> {
  const promise = typeof work === 'function' ? work() : work
  const outcome = await promise.then(
    () => undefined,
    (error: unknown) => ({ error })
  )
  if (!outcome) {
    throw new AssertionError({ message: `expected ${type.name}, but the call succeeded` })
  }
  return checked(outcome.error, type)
}
