/*
 * Conformance fixture for the Panama adapter. Submit and status checks run
 * against the HKA simulator (adapters/panama_hka/simulator/server.ts),
 * started in-process on a free port; "unreachable" is a port nothing
 * listens on; a spoiled document has an item amount changed after it was
 * built, so the DGI's arithmetic (the simulator's) refuses it.
 */
import { closedPort } from '#adapters/core/testing/ports'
import type { ConformanceFixture } from '#adapters/core/manager'
import type { SignedDocument } from '#adapters/core/types'
import { PanamaAuthority } from '#adapters/panama_hka/panama_authority'
import { startHkaSimulator, type HkaSimulator } from '#adapters/panama_hka/simulator/server'
import { SERVICE_PATH } from '#adapters/panama_hka/transport/hka_transport'
import {
  sampleCreditNote,
  sampleInvoice,
  sampleIssuer,
} from '#adapters/panama_hka/testing/fixtures'

let simulator: HkaSimulator | undefined

const fixture: ConformanceFixture = {
  name: 'PA HKA',
  create: () => new PanamaAuthority(),
  issuer: () => sampleIssuer(),
  sampleDocument: (sequence) => sampleInvoice(sequence),
  sampleCreditNote: (sequence) => sampleCreditNote(sequence),
  transport: {
    async setup() {
      simulator = await startHkaSimulator({ port: 0 })
    },
    async teardown() {
      await simulator?.close()
      simulator = undefined
    },
    create() {
      if (!simulator) throw new Error('HKA simulator not started')
      return new PanamaAuthority({ demoUrl: simulator.serviceUrl, timeoutMs: 10_000 })
    },
    async createUnreachable() {
      const port = await closedPort()
      return new PanamaAuthority({
        demoUrl: `http://127.0.0.1:${port}${SERVICE_PATH}`,
        timeoutMs: 2_000,
      })
    },
    spoil: (signed: SignedDocument) => ({
      ...signed,
      body: signed.body.replace('<ser:valorITBMS>1.015', '<ser:valorITBMS>1.016'),
    }),
    pollAttempts: 3,
    pollDelayMs: 20,
  },
}

export default fixture
