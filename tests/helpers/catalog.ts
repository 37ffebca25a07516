import { Worker } from 'bullmq'
import queue from '@rlanz/bull-queue/services/main'
import type { ApiRequest } from '@japa/api-client'
import app from '@adonisjs/core/services/app'
import logger from '@adonisjs/core/services/logger'
import type Tenant from '#tenancy/models/tenant'
import { tenantContext } from '#tenancy/tenant_context'
import Establishment from '#catalog/models/establishment'
import EmissionPoint from '#catalog/models/emission_point'
import Customer from '#catalog/models/customer'
import Product from '#catalog/models/product'
import { CATALOG_IMPORT_QUEUE } from '#catalog/jobs/import_catalog_job'
import AnalyzeImportJob from '#catalog/jobs/analyze_import_job'
import env from '#start/env'
import { cedulaCheckDigit } from '#adapters/ecuador_sri/identification'

let sequence = 0
function next() {
  sequence += 1
  return sequence
}

/** A valid Ecuadorian cédula built from 9 digits, with the adapter's own check digit. */
export function cedula(nineDigits: string) {
  return `${nineDigits}${cedulaCheckDigit(nineDigits)}`
}

/** The n-th valid cédula of a run (province 17, third digit 0–5). */
export function nthCedula(n: number) {
  return cedula(`17${String(n % 6)}${String(n).padStart(6, '0').slice(-6)}`)
}

export async function createPoint(
  tenant: Tenant,
  codes: { establishment?: string; point?: string } = {}
) {
  return tenantContext.run(tenant, async () => {
    const establishment = await Establishment.create({
      code: codes.establishment ?? '001',
      name: 'Matriz',
      address: 'Av. Amazonas N34-120, Quito',
      isActive: true,
    })
    const point = await EmissionPoint.create({
      establishmentId: establishment.id,
      code: codes.point ?? '001',
      isActive: true,
    })
    return { establishment, point }
  })
}

export async function createCustomer(tenant: Tenant, overrides: Partial<Customer> = {}) {
  return tenantContext.run(tenant, () =>
    Customer.create({
      identificationType: '05',
      identification: nthCedula(next() + 500),
      legalName: `Cliente ${next()}`,
      emails: [],
      isActive: true,
      ...overrides,
    })
  )
}

export async function createProduct(tenant: Tenant, overrides: Partial<Product> = {}) {
  return tenantContext.run(tenant, () =>
    Product.create({
      code: `P-${next()}`,
      description: 'Producto de prueba',
      unitPrice: '1.5',
      taxCategory: 'iva_15',
      trackStock: false,
      stock: null,
      isActive: true,
      ...overrides,
    })
  )
}

/** A CSV file body from rows of cells (quotes added where needed). */
export function csv(rows: string[][], delimiter = ',') {
  const cell = (value: string) =>
    /["\n\r,;]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value
  return rows.map((row) => row.map(cell).join(delimiter)).join('\n') + '\n'
}

/** The queued job of an import, removed from Redis once read (no worker runs in these tests). */
export async function takeQueuedJob(importId: number) {
  const jobs = await queue.getOrSet(CATALOG_IMPORT_QUEUE).getJobs(['waiting', 'delayed'])
  const job = jobs.find((item) => item?.data?.importId === importId)
  await job?.remove()
  return job
}

/**
 * Does what the worker does after an upload: reads the file
 * (AnalyzeImportJob), so the import can be previewed and started. The
 * upload request itself only stores the bytes.
 */
export async function analyzeQueuedImport(importId: number) {
  const job = await takeQueuedJob(importId)
  if (!job) throw new Error(`No queued job for import ${importId}`)
  await new AnalyzeImportJob().handle(job.data)
}

/**
 * A worker for the catalog import queue inside the test process, doing what
 * `node ace queue:listen` does for each job (import the job's module, make
 * it with the container, call handle). Unlike the listener it can be
 * closed, so the test run ends.
 */
export function startImportWorker() {
  return new Worker(
    CATALOG_IMPORT_QUEUE,
    async (job) => {
      const { default: JobClass } = await import(job.name)
      const instance = await app.container.make(JobClass)
      instance.$injectInternal({ job, logger })
      await app.container.call(instance, 'handle', [job.data])
    },
    {
      prefix: env.get('QUEUE_PREFIX', 'facturo'),
      connection: {
        host: env.get('QUEUE_REDIS_HOST'),
        port: env.get('QUEUE_REDIS_PORT'),
        password: env.get('QUEUE_REDIS_PASSWORD'),
        db: env.get('QUEUE_REDIS_DB', 0),
      },
    }
  )
}

/** Superagent parser that keeps a binary body (XLSX) as a Buffer. */
export const binary = ((
  response: NodeJS.ReadableStream,
  done: (error: Error | null, body: Buffer) => void
) => {
  const chunks: Buffer[] = []
  response.on('data', (chunk: Buffer) => chunks.push(chunk))
  response.on('end', () => done(null, Buffer.concat(chunks)))
}) as unknown as Parameters<ApiRequest['request']['parse']>[0]
