import type { TransactionClientContract } from '@adonisjs/lucid/types/database'
import { lockSequence, type SequenceKey } from '#catalog/numbering/allocate_number'

export class NumberWouldBeReusedError extends Error {
  readonly code = 'E_NUMBER_WOULD_BE_REUSED'
  constructor(readonly lastNumber: number) {
    super(`Numbers up to ${lastNumber} were already handed out`)
  }
}

/**
 * Moves a sequence forward, e.g. a company that issued its first 1,500
 * invoices with another system starts at 1,501. Never backwards: a number
 * already handed out cannot be handed out again. Returns what the audit
 * trail needs: the sequence and its last number before the change.
 */
export async function setNextNumber(
  trx: TransactionClientContract,
  key: SequenceKey,
  nextNumber: number
) {
  if (!Number.isSafeInteger(nextNumber) || nextNumber < 1) {
    throw new TypeError('setNextNumber: nextNumber must be a positive integer')
  }
  const sequence = await lockSequence(trx, key)
  if (nextNumber - 1 < sequence.lastNumber) {
    throw new NumberWouldBeReusedError(sequence.lastNumber)
  }
  await trx
    .from('numbering_sequences')
    .where('id', sequence.id)
    .update({ last_number: nextNumber - 1, updated_at: new Date() })
  return { nextNumber, previousLastNumber: sequence.lastNumber, sequenceId: sequence.id }
}
