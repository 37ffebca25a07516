/**
 * Query-string filters without their empty values: an untouched select box
 * sends `status=`, which means "any", not an invalid status.
 */
export function withoutBlanks(input: Record<string, unknown>) {
  return Object.fromEntries(
    Object.entries(input).filter(
      ([, value]) => value !== '' && value !== null && value !== undefined
    )
  )
}
