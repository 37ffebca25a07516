/*
|--------------------------------------------------------------------------
| TaxManager
|--------------------------------------------------------------------------
|
| The one registry of countries. Each country provider registers its
| adapter once at boot; everything the app knows about a country (catalog
| rules, profile, the pipeline) comes from `use(country)`. A country whose
| authority does not issue yet registers too, and says so through
| `capabilities.issuing`.
| Instances are created on first use and cached, so SOAP clients and parsed
| settings are shared; `closeAll()` releases them on shutdown.
|
*/
import { fileURLToPath } from 'node:url'
import { TaxConfigError } from '#adapters/core/errors'
import type { TaxAuthority } from '#adapters/core/tax_authority'
import type { CountryCode, TaxDocument, IssuerContext } from '#adapters/core/types'

/**
 * Adapters by country code. Each country provider augments it:
 *
 * ```ts
 * declare module '#adapters/core/manager' {
 *   interface TaxAuthorities { EC: SriAuthority }
 * }
 * ```
 */
export interface TaxAuthorities {}

export type TaxAuthorityFactory<T extends TaxAuthority = TaxAuthority> = () => T

/**
 * What the shared conformance suite needs to exercise an adapter: a sample
 * document, an issuer and, when the authority can be simulated, a way to
 * reach it. Country providers register a loader (a dynamic import) so
 * production never loads test code.
 */
export interface ConformanceFixtureLoader {
  (): Promise<{ default: ConformanceFixture } | ConformanceFixture>
}

/** See `adapters/core/testing/conformance.ts` for how each member is used. */
export interface ConformanceFixture {
  name: string
  create(): TaxAuthority | Promise<TaxAuthority>
  issuer(): IssuerContext | Promise<IssuerContext>
  /** A valid document; `sequence` makes the number unique when documents are submitted. */
  sampleDocument(sequence: number): TaxDocument
  sampleCreditNote?(sequence: number): TaxDocument
  transport?: ConformanceTransport
}

export interface ConformanceTransport {
  /** Starts a simulator or resets a fake; runs once before the transport tests. */
  setup?(): Promise<void>
  teardown?(): Promise<void>
  /** An adapter wired to a reachable authority (simulator). */
  create(): TaxAuthority | Promise<TaxAuthority>
  /** An adapter wired to an authority that cannot be reached. */
  createUnreachable(): TaxAuthority | Promise<TaxAuthority>
  /** Spoils a signed document so the authority refuses it (at reception or at authorization). */
  spoil(
    signed: import('#adapters/core/types').SignedDocument
  ): import('#adapters/core/types').SignedDocument
  /** How many times to poll checkStatus before giving up (default 20), and the pause between polls. */
  pollAttempts?: number
  pollDelayMs?: number
}

/**
 * A local stand-in for a country's authority (same protocol, fault
 * injection), run by `node ace tax:simulator <country>` and by the
 * development launcher. Loaded on demand, so the app never loads it.
 */
export interface CountrySimulator {
  /** Starts listening; resolves once it does. */
  start(options: SimulatorOptions): Promise<RunningSimulator>
}

export interface SimulatorOptions {
  port: number
  host: string
  /** Status checks answered "pending" before a document is decided. */
  authorizeAfterPolls?: number
  /** Minimum milliseconds between reception and the decision. */
  authorizeAfterMs?: number
}

export interface RunningSimulator {
  url: string
  /** What to print once it listens (endpoints, control URLs). */
  describe(): string[]
  close(): Promise<void>
}

export type SimulatorLoader = () => Promise<{ default: CountrySimulator }>

/** What a country provider registers besides its adapter. */
export interface RegistrationOptions {
  conformance?: ConformanceFixtureLoader
  simulator?: SimulatorLoader
  /**
   * The adapter's translation folder (`<locale>/<file>.json`, as
   * resources/lang): its authority's codes and labels.
   */
  translations?: string | URL
  /**
   * Where the country's simulator listens in development, from the
   * adapter's own configuration (SRI_SIMULATOR_URL, HKA_SIMULATOR_URL):
   * `node ace tax:simulator --all` (what `npm start` runs) starts every
   * registered simulator there.
   */
  simulatorUrl?: string
}

interface Registration extends RegistrationOptions {
  factory: TaxAuthorityFactory
}

export class TaxManager {
  #registrations = new Map<string, Registration>()
  #instances = new Map<string, TaxAuthority>()
  #fakes = new Map<string, TaxAuthority>()

  /**
   * Registers a country adapter. Registering the same country again
   * replaces the factory (and drops a cached instance, closing it).
   */
  register<K extends keyof TaxAuthorities & string>(
    country: K,
    factory: TaxAuthorityFactory<TaxAuthorities[K] & TaxAuthority>,
    options?: RegistrationOptions
  ): this
  register(country: CountryCode, factory: TaxAuthorityFactory, options?: RegistrationOptions): this
  register(
    country: CountryCode,
    factory: TaxAuthorityFactory,
    options: RegistrationOptions = {}
  ): this {
    const key = country.toUpperCase()
    const cached = this.#instances.get(key)
    if (cached) {
      this.#instances.delete(key)
      void cached.close()
    }
    this.#registrations.set(key, { ...options, factory })
    return this
  }

  /**
   * Removes a country: its registration, a cached instance (closed) and a
   * fake. For a country a test registered for itself.
   */
  unregister(country: CountryCode): void {
    const key = country.toUpperCase()
    const cached = this.#instances.get(key)
    this.#instances.delete(key)
    this.#registrations.delete(key)
    this.#fakes.delete(key)
    if (cached) void cached.close()
  }

  /** True when an adapter is registered for the country. */
  has(country: CountryCode): boolean {
    return this.#registrations.has(country.toUpperCase()) || this.#fakes.has(country.toUpperCase())
  }

  /** Registered country codes, sorted. */
  countries(): CountryCode[] {
    return [...this.#registrations.keys()].sort()
  }

  /**
   * The adapter for a country, created on first use and cached. Throws
   * E_TAX_CONFIG for a country without an adapter.
   */
  use<K extends keyof TaxAuthorities & string>(country: K): TaxAuthorities[K]
  use(country: CountryCode): TaxAuthority
  use(country: CountryCode): TaxAuthority {
    const key = country.toUpperCase()
    const fake = this.#fakes.get(key)
    if (fake) return fake

    const cached = this.#instances.get(key)
    if (cached) return cached

    const registration = this.#registrations.get(key)
    if (!registration) {
      throw new TaxConfigError(`No tax adapter is registered for country "${country}"`, {
        messages: {
          es: `No hay un adaptador tributario para el país "${country}".`,
          en: `There is no tax adapter for country "${country}".`,
        },
        i18nKey: 'tax.errors.unknown_country',
      })
    }
    const instance = registration.factory()
    this.#instances.set(key, instance)
    return instance
  }

  /** The conformance fixture loader a country registered, if any. */
  conformanceFixture(country: CountryCode): ConformanceFixtureLoader | undefined {
    return this.#registrations.get(country.toUpperCase())?.conformance
  }

  /** The translation folders of the registered countries, for the i18n loader. */
  translationFolders(): string[] {
    return [...this.#registrations.values()]
      .map((registration) => registration.translations)
      .filter((folder): folder is string | URL => folder !== undefined)
      .map((folder) => (folder instanceof URL ? fileURLToPath(folder) : folder))
  }

  /** The simulator loader a country registered, if any. */
  simulator(country: CountryCode): SimulatorLoader | undefined {
    return this.#registrations.get(country.toUpperCase())?.simulator
  }

  /** Where a country's simulator listens in development, when it registered one. */
  simulatorUrl(country: CountryCode): string | undefined {
    return this.#registrations.get(country.toUpperCase())?.simulatorUrl
  }

  /**
   * Makes `use(country)` return the given adapter (a FakeTaxAuthority in
   * tests) until `restore(country)`.
   */
  fake<T extends TaxAuthority>(country: CountryCode, authority: T): T {
    this.#fakes.set(country.toUpperCase(), authority)
    return authority
  }

  /** Undoes `fake(country)`. */
  restore(country: CountryCode): void {
    this.#fakes.delete(country.toUpperCase())
  }

  /**
   * The adapter of every registered country, by code order (a faked
   * country answers with its fake): for lists of countries with their
   * names, and for checks that run against every country.
   */
  all(): TaxAuthority[] {
    return this.countries().map((country) => this.use(country))
  }

  /** Closes and forgets every cached adapter. Safe to call more than once. */
  async closeAll(): Promise<void> {
    const instances = [...this.#instances.values()]
    this.#instances.clear()
    await Promise.allSettled(instances.map((instance) => instance.close()))
  }
}
