/*
 * Waiting in tests for something that happens elsewhere (a late request
 * reaching a simulator, a worker finishing a job, a row appearing, a process
 * ending) without guessing how long it takes: poll the condition itself,
 * give up with a named failure at a generous deadline. A fixed sleep is
 * either too short on a busy machine or wasted time on an idle one.
 */
import { setTimeout as sleep } from 'node:timers/promises'

export interface WaitOptions {
  /** Give up after this long (default 10 s). */
  timeoutMs?: number
  /** Time between two checks (default 20 ms). */
  intervalMs?: number
}

/** The deadline passed before the condition held. */
export class WaitTimeoutError extends Error {}

/**
 * Resolves with the first truthy value `check` returns; rejects with a
 * WaitTimeoutError naming `what` when the deadline passes first. A check
 * that throws ends the wait with that error.
 */
export async function waitUntil<T>(
  what: string,
  check: () => T | Promise<T>,
  { timeoutMs = 10_000, intervalMs = 20 }: WaitOptions = {}
): Promise<NonNullable<T>> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const value = await check()
    if (value) return value as NonNullable<T>
    if (Date.now() >= deadline) {
      throw new WaitTimeoutError(`Timed out after ${timeoutMs} ms waiting for ${what}`)
    }
    await sleep(intervalMs)
  }
}
