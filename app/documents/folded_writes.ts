/*
|--------------------------------------------------------------------------
| Writes other modules fold into the lifecycle's statements
|--------------------------------------------------------------------------
|
| A status change and what another module keeps about it (the tax module's
| submission row) are written by one statement, a data-modifying CTE: the
| issue path and every step of the tax worker stay one round trip each,
| and both rows change or neither. The other module's table is still
| written only by SQL that module owns: the lifecycle never names it, it
| splices the SQL it is handed into its statement as one more CTE.
|
| - Issuing: the container's `IssuedDocumentWrites` (bound by the tax
|   provider) lists the writes of the issue statement. They read the
|   issued row from the CTE `issued` (columns id, tenant_id).
| - A transition: the caller passes `alongside` (transitions.ts), which
|   reads the moved row from the CTE `moved` (every documents column); it
|   writes nothing when the document did not move.
|
*/
import app from '@adonisjs/core/services/app'
import type { StrictValues } from '@adonisjs/lucid/types/querybuilder'

/** A bound value; null is bound as SQL NULL. */
export type FoldedBinding = StrictValues | null

/** One data-modifying statement (insert, update or delete), without a trailing semicolon. */
export interface FoldedWrite {
  sql: string
  bindings: FoldedBinding[]
}

/** What other modules write with an issue; nothing unless a provider binds a subclass. */
export class IssuedDocumentWrites {
  writes(): FoldedWrite[] {
    return []
  }
}

/** The container's issue writes. */
export function issuedDocumentWrites() {
  return app.container.make(IssuedDocumentWrites)
}

/** `name as (sql), …` for the writes, with their bindings in order; empty when there are none. */
export function foldedCtes(prefix: string, writes: FoldedWrite[]) {
  return {
    sql: writes.map((write, index) => `, ${prefix}_${index} as (${write.sql})`).join(''),
    // Lucid's binding type leaves null out; PostgreSQL takes it as NULL.
    bindings: writes.flatMap((write) => write.bindings) as StrictValues[],
  }
}
