/*
 * Test data for documents: an Ecuadorian company with a valid RUC, one
 * establishment and emission point, a customer, a product, and the sample
 * signing certificate handed to the pipeline. Plus the SRI simulator
 * started in-process and wired in as the EC adapter.
 */
import type { Group } from '@japa/runner/core'
import queue from '@rlanz/bull-queue/services/main'
import tax from '#adapters/core/services/tax'
import { SriAuthority } from '#adapters/ecuador_sri/sri_authority'
import { cedulaCheckDigit } from '#adapters/ecuador_sri/identification'
import { startSriSimulator, type SriSimulator } from '#adapters/ecuador_sri/simulator/server'
import { sampleCredential } from '#adapters/ecuador_sri/testing/fixtures'
import Customer from '#catalog/models/customer'
import Establishment from '#catalog/models/establishment'
import EmissionPoint from '#catalog/models/emission_point'
import Product from '#catalog/models/product'
import Tenant from '#tenancy/models/tenant'
import User from '#accounts/models/user'
import { tenantContext } from '#tenancy/tenant_context'
import type { Role } from '#accounts/roles'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import queueConfig from '#config/queue'
import { Worker, type Job as BullJob } from 'bullmq'
import { FixedSigningCredentials, SigningCredentials } from '#certificates/signing_credentials'
import { PipelineSchedule } from '#tax/backoff'
import TaxSubmission from '#tax/models/tax_submission'
import type { DraftInput } from '#documents/actions/save_draft'
import { createCompany } from '#tests/helpers/accounts'
import { fakeTransport, type FakeTransport } from '#tests/helpers/fake_transport'

let counter = 0

/** A valid natural-person RUC (cédula with the adapter's check digit + 001), unique per call. */
export function validRuc(): string {
  counter += 1
  const seed = `${(process.pid % 900) + 100}${Date.now() % 10000}${counter}`
    .slice(-6)
    .padStart(6, '0')
  const body = `17${seed.slice(0, 1) > '5' ? '3' : seed.slice(0, 1)}${seed.slice(1)}${String(counter % 10)}`
  return `${body.slice(0, 9)}${cedulaCheckDigit(body)}001`
}

/**
 * Lets issuing sign with the generated test certificate (swaps the
 * container's signing-credentials service); returns the restore.
 */
export function useTestCertificate() {
  const { credential } = sampleCredential()
  app.container.swap(SigningCredentials, () => new FixedSigningCredentials(credential))
  return () => app.container.restore(SigningCredentials)
}

export interface EcCompany {
  tenant: Tenant
  user: Awaited<ReturnType<typeof createCompany>>['user']
  establishment: Establishment
  point: EmissionPoint
  customer: Customer
  product: Product
}

/** An EC company with its catalog, ready to issue. */
export async function createEcCompany(role: Role = 'OWNER'): Promise<EcCompany> {
  const { tenant, user } = await createCompany(role, { taxId: validRuc() })
  return tenantContext.run(tenant, async () => {
    const establishment = await Establishment.create({
      code: '001',
      name: 'Matriz',
      address: 'Av. Amazonas N34-120, Quito',
      isActive: true,
    })
    const point = await EmissionPoint.create({
      establishmentId: establishment.id,
      code: '001',
      description: 'Caja 1',
      isActive: true,
    })
    const customer = await Customer.create({
      identificationType: '05',
      identification: '0926687856',
      legalName: 'Juan Carlos Andrade',
      address: 'Cdla. Kennedy Norte, Guayaquil',
      emails: ['juan.andrade@example.com'],
      isActive: true,
    })
    const product = await Product.create({
      code: 'SKU-001',
      description: 'Taladro percutor 650 W',
      unit: 'unidad',
      unitPrice: '120.00',
      taxCategory: 'iva_15',
      trackStock: false,
      isActive: true,
    })
    return { tenant, user, establishment, point, customer, product }
  })
}

/** A two-line invoice for the company's customer (total 161.00 + IVA). */
export function invoiceInput(company: EcCompany, overrides: Partial<DraftInput> = {}): DraftInput {
  return {
    customerId: company.customer.id,
    establishmentId: company.establishment.id,
    emissionPointId: company.point.id,
    lines: [
      {
        productId: company.product.id,
        code: 'SKU-001',
        description: 'Taladro percutor 650 W',
        quantity: '1',
        unitPrice: '120.00',
        discount: '0',
        taxCategory: 'iva_15',
      },
      {
        code: 'SRV-01',
        description: 'Instalación',
        quantity: '2',
        unitPrice: '20.50',
        discount: '0',
        taxCategory: 'iva_0',
      },
    ],
    // 120.00 + 18.00 IVA + 41.00 = 179.00
    payments: [{ method: '01', amount: '179.00' }],
    additionalInfo: [{ name: 'Vendedor', value: 'Ana' }],
    ...overrides,
  }
}

/** Short retry and polling waits: functional tests drive the job by hand. */
function useFastSchedule() {
  app.container.swap(
    PipelineSchedule,
    () => new PipelineSchedule({ retryBaseMs: 10, pollBaseMs: 10 })
  )
  return () => app.container.restore(PipelineSchedule)
}

/** Starts the SRI simulator on a free port and makes it the EC authority. */
export async function useSriSimulator(): Promise<SriSimulator> {
  const simulator = await startSriSimulator({ port: 0 })
  tax.fake(
    'EC',
    new SriAuthority({
      receptionUrl: simulator.receptionUrl,
      authorizationUrl: simulator.authorizationUrl,
      timeoutMs: 1500,
    })
  )
  useFastSchedule()
  return simulator
}

export async function stopSriSimulator(simulator: SriSimulator) {
  const authority = tax.use('EC')
  tax.restore('EC')
  await authority.close()
  await simulator.close()
  app.container.restore(PipelineSchedule)
}

/**
 * The EC authority with its transport answered in memory (fake_transport.ts):
 * the real SRI build and signature, no simulator, no network.
 */
export function useFakeTransport(): FakeTransport & { restore(): void } {
  tax.restore('EC')
  const transport = fakeTransport(tax.use('EC'))
  tax.fake('EC', transport.authority)
  const restoreSchedule = useFastSchedule()
  return {
    ...transport,
    restore() {
      tax.restore('EC')
      restoreSchedule()
    },
  }
}

/** What the issuing and pipeline groups share. */
interface GroupCommons {
  /**
   * For groups that commit their rows (concurrency, worker processes: no
   * global transaction): the company and its owner are deleted when the
   * group ends, whatever the tests' outcome.
   */
  removeAfterwards(company: EcCompany): EcCompany
}

/**
 * The setup every issuing group shares: the test certificate (the
 * container's signing-credentials service swapped), an empty tax queue
 * before and after, and the companies to remove; `start` wires the EC
 * authority in and returns how to undo it. Everything is restored by the
 * group's cleanup, which Japa runs even when a test fails.
 */
function groupCommons(group: Group, start: () => Promise<() => Promise<void>>): GroupCommons {
  const companies: EcCompany[] = []
  group.setup(async () => {
    const restoreCertificate = useTestCertificate()
    await queue.getOrSet('default').obliterate({ force: true })
    const stop = await start()
    return async () => {
      await stop()
      await queue.getOrSet('default').obliterate({ force: true })
      restoreCertificate()
      for (const company of companies.splice(0)) {
        await Tenant.query().where('id', company.tenant.id).delete()
        await User.query().where('id', company.user.id).delete()
      }
    }
  })
  return {
    removeAfterwards(company) {
      companies.push(company)
      return company
    },
  }
}

/** What an issuing group gives its tests. */
export interface IssuingGroup extends GroupCommons {
  /** The EC authority's transport, in memory: documents are authorized at their first check. */
  transport: FakeTransport
}

/**
 * The group setup of specs that issue documents, and may run the pipeline,
 * without testing transport: the EC authority keeps its real build and
 * signature and answers submissions in memory (no simulator to start).
 */
export function issuingGroup(group: Group): IssuingGroup {
  let current: (FakeTransport & { restore(): void }) | undefined
  const commons = groupCommons(group, async () => {
    current = useFakeTransport()
    return async () => {
      current!.restore()
      current = undefined
    }
  })
  const transport = new Proxy({} as FakeTransport, {
    get(_target, property) {
      if (!current) throw new Error('The fake transport is set up with the test group')
      return Reflect.get(current, property)
    },
  })
  return { ...commons, transport }
}

/** What a pipeline group gives its tests. */
export interface PipelineGroup extends GroupCommons {
  /** The group's SRI simulator (the EC authority), usable once the group has started. */
  simulator: SriSimulator
}

/**
 * The group setup of the specs that test transport: one SRI simulator for
 * the group wired in as the EC authority (real SOAP, fault injection),
 * with short retry and polling waits, on top of the issuing commons.
 */
export function pipelineGroup(group: Group): PipelineGroup {
  let current: SriSimulator | undefined
  const commons = groupCommons(group, async () => {
    current = await useSriSimulator()
    return async () => {
      await stopSriSimulator(current!)
      current = undefined
    }
  })
  const simulator = new Proxy({} as SriSimulator, {
    get(_target, property) {
      if (!current) throw new Error('The SRI simulator starts with the test group')
      const value = Reflect.get(current, property)
      return typeof value === 'function' ? value.bind(current) : value
    },
  })
  return { ...commons, simulator }
}

/** The group's SRI simulator (pipelineGroup), for specs that need nothing else. */
export function sriSimulatorForGroup(group: Group): SriSimulator {
  return pipelineGroup(group).simulator
}

/** A document's submission row (the tax module's), read as its company. */
export function submissionOf(tenant: Tenant, documentId: number) {
  return tenantContext.run(tenant, () => TaxSubmission.findOrFail(documentId))
}

/**
 * A BullMQ worker for the default queue inside the test process, doing
 * what `node ace queue:listen` does for each job (import the job's module,
 * make it with the container, call handle), for the browser specs whose
 * documents go through the pipeline. Close it in the group's cleanup.
 */
export function startQueueWorker() {
  return new Worker(
    'default',
    async (job: BullJob) => {
      const { default: JobClass } = await import(job.name)
      const instance = await app.container.make(JobClass)
      instance.$injectInternal({ job, logger })
      await app.container.call(instance, 'handle', [job.data])
    },
    { ...queueConfig.worker, connection: queueConfig.defaultConnection, concurrency: 2 }
  )
}
