/*
|--------------------------------------------------------------------------
| Fault book
|--------------------------------------------------------------------------
|
| The faults a simulator has switched on. Each fault has a mode, a scope
| (the service or operation it hits, or 'all') and optionally one document
| it is about; it lasts until cleared or for `remaining` uses, which is how
| tests script an outage followed by recovery. A document's own fault wins
| over a run-wide one. A country's simulator names the scope and document
| fields after its authority (SRI: service and clave; HKA: operation and
| number) and says how its modes default.
|
*/

export interface BookedFault<Mode extends string> {
  id: number
  mode: Mode
  /** Uses left; undefined = until cleared. */
  remaining?: number
  /** How many requests it has hit so far. */
  hits: number
}

export interface FaultKeys<Fault, Scope extends string> {
  /** The service or operation a fault hits. */
  scope(fault: Fault): Scope | 'all'
  /** The document a fault is about; undefined = every document. */
  target(fault: Fault): string | undefined
}

export class FaultBook<Mode extends string, Scope extends string, Fault extends BookedFault<Mode>> {
  #faults: Fault[] = []
  #nextId = 1

  constructor(private readonly keys: FaultKeys<Fault, Scope>) {}

  /** Adds a fault, replacing one with the same mode, scope and document. */
  protected add(fault: Omit<Fault, 'id' | 'hits'>): Fault {
    const active = { ...fault, id: this.#nextId++, hits: 0 } as Fault
    const same = (other: Fault) =>
      other.mode === active.mode &&
      this.keys.scope(other) === this.keys.scope(active) &&
      this.keys.target(other) === this.keys.target(active)
    this.#faults = this.#faults.filter((other) => !same(other))
    this.#faults.push(active)
    return { ...active }
  }

  /** Removes the faults `matches` selects (every fault without it). */
  protected remove(matches: (fault: Fault) => boolean = () => true) {
    this.#faults = this.#faults.filter((fault) => !matches(fault))
  }

  list(): Fault[] {
    return this.#faults.map((fault) => ({ ...fault }))
  }

  /** The fault that applies, a document's own first, without using it up. */
  peek(mode: Mode, scope: Scope, target?: string): Fault | undefined {
    const applies = (fault: Fault) => {
      const faultScope = this.keys.scope(fault)
      return (
        fault.mode === mode &&
        (faultScope === 'all' || faultScope === scope) &&
        (fault.remaining === undefined || fault.remaining > 0)
      )
    }
    return (
      this.#faults.find(
        (fault) => applies(fault) && target && this.keys.target(fault) === target
      ) ?? this.#faults.find((fault) => applies(fault) && this.keys.target(fault) === undefined)
    )
  }

  /** Like peek, and counts one use; a fault whose uses run out is removed (recovery). */
  take(mode: Mode, scope: Scope, target?: string): Fault | undefined {
    const fault = this.peek(mode, scope, target)
    if (!fault) return undefined
    fault.hits += 1
    if (fault.remaining !== undefined) {
      fault.remaining -= 1
      if (fault.remaining <= 0) this.remove((other) => other === fault)
    }
    return { ...fault }
  }
}
