/*
 * Conformance fixture for the SRI adapter. Submit and status checks run
 * against the SRI simulator (adapters/ecuador_sri/simulator/server.ts),
 * started in-process on a free port; "unreachable" is a port nothing
 * listens on; a spoiled document has its body changed after signing, so
 * SRI (and the simulator) answer NO AUTORIZADO for the signature.
 */
import { closedPort } from '#adapters/core/testing/ports'
import type { ConformanceFixture } from '#adapters/core/manager'
import type { SignedDocument } from '#adapters/core/types'
import { SriAuthority } from '#adapters/ecuador_sri/sri_authority'
import { startSriSimulator, type SriSimulator } from '#adapters/ecuador_sri/simulator/server'
import {
  sampleCreditNote,
  sampleIssuer,
  tenLineInvoice,
} from '#adapters/ecuador_sri/testing/fixtures'

let simulator: SriSimulator | undefined

const fixture: ConformanceFixture = {
  name: 'EC SRI',
  create: () => new SriAuthority(),
  issuer: () => sampleIssuer(),
  sampleDocument: (sequence) => tenLineInvoice(sequence),
  sampleCreditNote: (sequence) => sampleCreditNote(sequence),
  transport: {
    async setup() {
      simulator = await startSriSimulator({ port: 0 })
    },
    async teardown() {
      await simulator?.close()
      simulator = undefined
    },
    create() {
      if (!simulator) throw new Error('SRI simulator not started')
      return new SriAuthority({
        receptionUrl: simulator.receptionUrl,
        authorizationUrl: simulator.authorizationUrl,
        timeoutMs: 10_000,
      })
    },
    async createUnreachable() {
      const port = await closedPort()
      const base = `http://127.0.0.1:${port}/comprobantes-electronicos-ws`
      return new SriAuthority({
        receptionUrl: `${base}/RecepcionComprobantesOffline`,
        authorizationUrl: `${base}/AutorizacionComprobantesOffline`,
        timeoutMs: 2_000,
      })
    },
    spoil: (signed: SignedDocument) => ({
      ...signed,
      body: signed.body.replace('Juan Carlos Andrade', 'Juan Carlos Andrade Vera'),
    }),
    pollAttempts: 20,
    pollDelayMs: 50,
  },
}

export default fixture
