import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import logger from '@adonisjs/core/services/logger'
import type { I18n } from '@adonisjs/i18n'
import CatalogImport, {
  type ImportRowError,
  type ImportStatus,
} from '#catalog/models/catalog_import'
import Customer from '#catalog/models/customer'
import Product from '#catalog/models/product'
import { tenantContext } from '#tenancy/tenant_context'
import { rulesFor } from '#catalog/country_rules'
import { i18nFor } from '#catalog/i18n'
import { CsvFileError, readCsv, type ImportEncoding } from '#catalog/imports/csv_file'
import { importFields, missingFields } from '#catalog/imports/fields'
import {
  checkCustomerRow,
  checkProductRow,
  mappedValues,
  type RowContext,
} from '#catalog/imports/row_checks'
import type { CustomerAttributes } from '#catalog/customer_attributes'
import type { ProductAttributes } from '#catalog/product_attributes'
import { csvProblemMessage } from '#catalog/imports/messages'

/** Errors kept for the report; `error_rows` counts them all. */
const MAX_REPORTED_ERRORS = 5000
const INSERT_BATCH = 500

export interface ImportProgress {
  status: ImportStatus
  totalRows: number
  processedRows: number
  importedRows: number
}

interface ValidRow<T> {
  line: number
  attributes: T
}

/**
 * Runs an import queued by StartImport, in the tenant's context (the job
 * enters it):
 *
 * 1. reads the file again and checks the mapping still covers the required
 *    fields (a file without them imports nothing);
 * 2. validates every row exactly like the forms do, plus duplicates inside
 *    the file and against the company's data, saving progress as it goes;
 * 3. inserts every valid row in ONE transaction, which also marks the
 *    import completed: either all valid rows are in and the report says so,
 *    or nothing is (a failure leaves no half import).
 *
 * Rows in error are reported with their line and reason. Safe to run again
 * after a crash: only a queued or unfinished import is processed.
 */
export default class RunImport {
  constructor(
    private options: {
      onProgress?: (progress: ImportProgress) => void
      progressEvery?: number
    } = {}
  ) {}

  async handle(importId: number) {
    const record = await CatalogImport.find(importId)
    if (!record || !['queued', 'validating', 'importing'].includes(record.status)) return record

    const i18n = i18nFor(record.locale)
    try {
      await this.#save(record, {
        status: 'validating',
        startedAt: DateTime.now(),
        processedRows: 0,
        validRows: 0,
        importedRows: 0,
        errorRows: 0,
        errors: [],
        failure: null,
      })
      const country = tenantContext.currentOrFail().country
      const context: RowContext = {
        rules: rulesFor(country),
        i18n,
        meta: { country, locale: i18n.locale },
      }
      const csv = readCsv(record.content, record.encoding as ImportEncoding, {
        delimiter: record.delimiter,
      })
      const mapping = record.mapping ?? {}
      const fields = importFields(record.kind, context.rules)
      const missing = missingFields(fields, mapping)
      const outOfRange = Object.values(mapping).some(
        (index) => index < 0 || index >= csv.headers.length
      )
      if (missing.length > 0 || outOfRange) {
        return await this.#fail(
          record,
          i18n.t('catalog.imports.errors.missing_columns', {
            columns: missing.map((field) => i18n.t(`catalog.fields.${field.key}`)).join(', '),
          })
        )
      }
      await this.#save(record, { totalRows: csv.rows.length })

      const errors: ImportRowError[] = []
      const valid =
        record.kind === 'customers'
          ? await this.#checkCustomers(record, csv.rows, mapping, context, errors)
          : await this.#checkProducts(record, csv.rows, mapping, context, errors)

      errors.sort((a, b) => a.line - b.line)
      const errorLines = new Set(errors.map((error) => error.line))
      await this.#save(record, {
        status: 'importing',
        processedRows: csv.rows.length,
        validRows: valid.length,
        errorRows: errorLines.size,
        errors: errors.slice(0, MAX_REPORTED_ERRORS),
      })
      await this.#insert(record, valid)
      return record
    } catch (error) {
      if (error instanceof CsvFileError) {
        return this.#fail(record, csvProblemMessage(i18n, error.problem))
      }
      if ((error as { code?: string }).code === '23505') {
        return this.#fail(record, i18n.t('catalog.imports.errors.conflict'))
      }
      logger.error({ err: error, importId: record.id }, 'catalog import failed')
      // Not retried: the report tells the user to try again.
      return this.#fail(record, i18n.t('catalog.imports.errors.unexpected'))
    }
  }

  async #checkCustomers(
    record: CatalogImport,
    rows: { line: number; cells: string[] }[],
    mapping: Record<string, number>,
    context: RowContext,
    errors: ImportRowError[]
  ) {
    const valid: ValidRow<CustomerAttributes>[] = []
    const seen = new Map<string, number>()
    for (const [index, row] of rows.entries()) {
      const checked = await checkCustomerRow(mappedValues(row.cells, mapping), row.line, context)
      if (!checked.ok) {
        errors.push(...checked.errors)
      } else {
        const key = `${checked.attributes.identificationType}|${checked.attributes.identification}`
        const first = checked.attributes.identification === '' ? undefined : seen.get(key)
        if (first !== undefined) {
          errors.push(this.#repeated(context.i18n, row.line, 'identification', first))
        } else {
          if (checked.attributes.identification !== '') seen.set(key, row.line)
          valid.push({ line: row.line, attributes: checked.attributes })
        }
      }
      await this.#tick(record, index + 1, rows.length)
    }

    // Identifications the company already has.
    const withNumber = valid.filter((row) => row.attributes.identification !== '')
    const existing = new Map<string, string>()
    for (let start = 0; start < withNumber.length; start += 1000) {
      const pairs = withNumber
        .slice(start, start + 1000)
        .map((row) => [row.attributes.identificationType, row.attributes.identification])
      const found = await Customer.query()
        .whereIn(['identification_type', 'identification'], pairs)
        .select('identification_type', 'identification', 'legal_name')
      for (const customer of found) {
        existing.set(
          `${customer.identificationType}|${customer.identification}`,
          customer.legalName
        )
      }
    }
    return valid.filter((row) => {
      const name = existing.get(
        `${row.attributes.identificationType}|${row.attributes.identification}`
      )
      if (name === undefined) return true
      errors.push({
        line: row.line,
        field: 'identification',
        message: context.i18n.t('catalog.customers.errors.duplicate', { name }),
      })
      return false
    })
  }

  async #checkProducts(
    record: CatalogImport,
    rows: { line: number; cells: string[] }[],
    mapping: Record<string, number>,
    context: RowContext,
    errors: ImportRowError[]
  ) {
    const valid: ValidRow<ProductAttributes>[] = []
    const seen = new Map<string, number>()
    for (const [index, row] of rows.entries()) {
      const checked = await checkProductRow(mappedValues(row.cells, mapping), row.line, context)
      if (!checked.ok) {
        errors.push(...checked.errors)
      } else {
        const key = checked.attributes.code.toLowerCase()
        const first = seen.get(key)
        if (first !== undefined) {
          errors.push(this.#repeated(context.i18n, row.line, 'code', first))
        } else {
          seen.set(key, row.line)
          valid.push({ line: row.line, attributes: checked.attributes })
        }
      }
      await this.#tick(record, index + 1, rows.length)
    }

    const existing = new Map<string, { code: string; description: string }>()
    for (let start = 0; start < valid.length; start += 1000) {
      const codes = valid.slice(start, start + 1000).map((row) => row.attributes.code.toLowerCase())
      const found = await Product.query()
        .whereRaw('lower(code) = any(?)', [codes])
        .select('code', 'description')
      for (const product of found) existing.set(product.code.toLowerCase(), product)
    }
    return valid.filter((row) => {
      const product = existing.get(row.attributes.code.toLowerCase())
      if (!product) return true
      errors.push({
        line: row.line,
        field: 'code',
        message: context.i18n.t('catalog.products.errors.duplicate', {
          code: product.code,
          name: product.description,
        }),
      })
      return false
    })
  }

  #repeated(i18n: I18n, line: number, field: string, firstLine: number): ImportRowError {
    return {
      line,
      field,
      message: i18n.t('catalog.imports.errors.repeated', { line: firstLine }),
    }
  }

  /** Saves validation progress every `progressEvery` rows so the page can show it. */
  async #tick(record: CatalogImport, processed: number, total: number) {
    const every = this.options.progressEvery ?? 500
    if (processed % every !== 0 || processed === total) return
    await this.#save(record, { processedRows: processed })
  }

  async #insert(record: CatalogImport, rows: ValidRow<CustomerAttributes | ProductAttributes>[]) {
    const tenantId = tenantContext.currentOrFail().id
    const table = record.kind === 'customers' ? 'customers' : 'products'
    const now = new Date()
    await db.transaction(async (trx) => {
      for (let start = 0; start < rows.length; start += INSERT_BATCH) {
        const batch = rows
          .slice(start, start + INSERT_BATCH)
          .map(({ attributes }) =>
            record.kind === 'customers'
              ? customerRow(tenantId, attributes as CustomerAttributes, now)
              : productRow(tenantId, attributes as ProductAttributes, now)
          )
        await trx.insertQuery().table(table).multiInsert(batch)
        // Outside the transaction, so the page sees the rows go in; reset
        // to zero below if the transaction does not commit.
        await this.#save(record, { importedRows: Math.min(start + INSERT_BATCH, rows.length) })
      }
      // The import is marked completed in the same transaction as its rows.
      record.useTransaction(trx)
      await this.#save(record, {
        status: 'completed',
        importedRows: rows.length,
        finishedAt: DateTime.now(),
      })
    })
  }

  async #fail(record: CatalogImport, failure: string) {
    await CatalogImport.query().where('id', record.id).update({
      status: 'failed',
      failure,
      imported_rows: 0,
      finished_at: new Date(),
      updated_at: new Date(),
    })
    await record.refresh()
    await this.#notify(record)
    return record
  }

  async #save(record: CatalogImport, changes: Partial<CatalogImport>) {
    record.merge(changes)
    await record.save()
    await this.#notify(record)
  }

  async #notify(record: CatalogImport) {
    await this.options.onProgress?.({
      status: record.status,
      totalRows: record.totalRows,
      processedRows: record.processedRows,
      importedRows: record.importedRows,
    })
  }
}

function customerRow(tenantId: number, attributes: CustomerAttributes, now: Date) {
  return {
    tenant_id: tenantId,
    identification_type: attributes.identificationType,
    identification: attributes.identification,
    check_digits: attributes.checkDigits,
    taxpayer_type: attributes.taxpayerType,
    foreign_id_type: attributes.foreignIdType,
    foreign_country: attributes.foreignCountry,
    legal_name: attributes.legalName,
    trade_name: attributes.tradeName,
    address: attributes.address,
    emails: JSON.stringify(attributes.emails),
    phone: attributes.phone,
    notes: attributes.notes,
    is_active: true,
    created_at: now,
    updated_at: now,
  }
}

function productRow(tenantId: number, attributes: ProductAttributes, now: Date) {
  return {
    tenant_id: tenantId,
    code: attributes.code,
    description: attributes.description,
    unit: attributes.unit,
    unit_price: attributes.unitPrice,
    tax_category: attributes.taxCategory,
    track_stock: attributes.trackStock,
    stock: attributes.stock,
    is_active: true,
    created_at: now,
    updated_at: now,
  }
}
