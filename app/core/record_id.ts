/*
|--------------------------------------------------------------------------
| Record ids and page numbers from the outside world
|--------------------------------------------------------------------------
|
| Every primary key is a PostgreSQL `integer`: a number above 2³¹−1 in a
| query makes PostgreSQL fail the statement ("out of range for type
| integer"), which would surface as a 500. An id is therefore checked in one
| place per kind of input:
|
| - route params: the global matchers in start/routes.ts (`recordIdMatcher`)
|   answer 404 for anything but 1..2147483647, before any controller runs;
| - bodies: the Vine rule `recordId()`;
| - lenient query-string filters: `toRecordId()` (null when out of range).
|
*/
import vine from '@vinejs/vine'

export const MAX_RECORD_ID = 2_147_483_647

/** The largest page a list accepts (its offset stays far inside PostgreSQL's bigint). */
export const MAX_PAGE = 100_000

/**
 * The decimal integers 1..2147483647 without leading zeros, spelled out
 * digit by digit so the route table itself refuses the rest.
 */
export const RECORD_ID_PATTERN =
  /^(?:[1-9]\d{0,8}|1\d{9}|20\d{8}|21[0-3]\d{7}|214[0-6]\d{6}|2147[0-3]\d{5}|21474[0-7]\d{4}|214748[0-2]\d{3}|2147483[0-5]\d{2}|21474836[0-3]\d|214748364[0-7])$/

/** Router matcher: `router.where('id', recordIdMatcher)`; the param arrives as a number. */
export const recordIdMatcher = {
  match: RECORD_ID_PATTERN,
  cast: (value: string) => Number(value),
}

export function isRecordId(value: unknown): value is number {
  return Number.isSafeInteger(value) && (value as number) >= 1 && (value as number) <= MAX_RECORD_ID
}

/** A lenient reading of an id (query strings, session values): the id, or null. */
export function toRecordId(value: unknown): number | null {
  if (typeof value !== 'number' && typeof value !== 'string') return null
  const number = typeof value === 'number' ? value : Number(value)
  return typeof value === 'string' && !RECORD_ID_PATTERN.test(value.trim())
    ? null
    : isRecordId(number)
      ? number
      : null
}

/** A lenient reading of a page number: 1 for anything that is not one. */
export function toPage(value: unknown): number {
  // Only a number or its text: Number([2]) would read an array as 2.
  if (typeof value !== 'number' && typeof value !== 'string') return 1
  const page = Number(value)
  return Number.isSafeInteger(page) && page >= 1 && page <= MAX_PAGE ? page : 1
}

/** Vine: an id in a request body (a positive integer a PostgreSQL integer can hold). */
export const recordId = () => vine.number().withoutDecimals().min(1).max(MAX_RECORD_ID)

/** Vine: a page number of a list. */
export const pageNumber = () => vine.number().withoutDecimals().min(1).max(MAX_PAGE)
