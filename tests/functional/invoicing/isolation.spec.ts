import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import type { LucidModel, LucidRow } from '@adonisjs/lucid/types/model'
import Document from '#documents/models/document'
import DocumentLine from '#documents/models/document_line'
import DocumentEvent from '#documents/models/document_event'
import DocumentTax from '#documents/models/document_tax'
import DocumentPayment from '#documents/models/document_payment'
import TaxSubmission from '#tax/models/tax_submission'
import { issueNewDocument } from '#documents/actions/issue_new_document'
import { tenantContext } from '#tenancy/tenant_context'
import { TenantMismatchException } from '#tenancy/errors'
import {
  createEcCompany,
  type EcCompany,
  invoiceInput,
  issuingGroup,
} from '#tests/helpers/invoicing'
import { INSPECT, constraintError } from '#tests/helpers/tenancy'

/**
 * One isolation test per invoicing model, as for the other modules: an
 * issued invoice of company A (document, lines, taxes, payment, events and
 * the tax module's submission row) is
 * invisible and unmodifiable from company B through the models and
 * through raw SQL (row-level security), and PostgreSQL refuses every
 * cross-company link on its own (composite foreign keys).
 */
async function issuedInvoiceOf(company: EcCompany) {
  return tenantContext.run(company.tenant, async () => {
    const { document } = await issueNewDocument(company.tenant, invoiceInput(company))
    const [line] = await DocumentLine.query().where('document_id', document.id).orderBy('position')
    const [tax] = await DocumentTax.query().where('document_id', document.id)
    const [payment] = await DocumentPayment.query().where('document_id', document.id)
    const [event] = await DocumentEvent.query().where('document_id', document.id)
    const submission = await TaxSubmission.findOrFail(document.id)
    return { document, line, tax, payment, event, submission }
  })
}

/** A column of each model that B tries to change: [attribute, column, value]. */
const WRITABLE: Record<string, [string, string, unknown]> = {
  documents: ['updatedAt', 'updated_at', new Date(0)],
  document_lines: ['description', 'description', 'Cambiado por B'],
  document_taxes: ['amount', 'amount', '999.99'],
  document_payments: ['amount', 'amount', '999.99'],
  document_events: ['detail', 'detail', 'Cambiado por B'],
  tax_submissions: ['lastError', 'last_error', 'Cambiado por B'],
}

test.group('Invoicing isolation: models and row-level security', (group) => {
  issuingGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('rows of company A are invisible and unmodifiable from company B, for every model', async ({
    assert,
  }) => {
    const a = await createEcCompany()
    const b = await createEcCompany()
    const rows = await issuedInvoiceOf(a)
    const models: Array<[LucidModel, LucidRow]> = [
      [Document, rows.document],
      [DocumentLine, rows.line],
      [DocumentTax, rows.tax],
      [DocumentPayment, rows.payment],
      [DocumentEvent, rows.event],
      [TaxSubmission, rows.submission],
    ]
    for (const [, row] of models) assert.exists(row)

    for (const [Model, model] of models) {
      const table = Model.table
      const [attribute, column, value] = WRITABLE[table]
      // Most rows are keyed by `id`; a submission by its document.
      const key = Model.$keys.attributesToColumns.get(Model.primaryKey)!
      const row = { id: model.$primaryKeyValue as number }
      await tenantContext.run(b.tenant, async () => {
        // Through the model (the tenant scope)…
        assert.isNull(await Model.find(row.id), `${Model.name} found across companies`)
        assert.lengthOf(await Model.all(), 0, `${Model.name}.all() leaked`)
        const page = await Model.query().paginate(1, 10)
        assert.equal(page.total, 0, `${Model.name} paginate`)
        assert.deepEqual(
          await Model.query()
            .where(key, row.id)
            .update({ [column]: value }),
          [0]
        )
        assert.deepEqual(await Model.query().where(key, row.id).delete(), [0])
        // …and through SQL naming A's tenant on purpose (row-level security).
        assert.lengthOf(
          await db.from(table).where(key, row.id).where('tenant_id', a.tenant.id),
          0,
          `${table} visible to B in SQL`
        )
        const changed = await db
          .from(table)
          .where(key, row.id)
          .update({ [column]: value })
        assert.equal(Number(changed), 0, `${table} writable by B in SQL`)
        assert.equal(Number(await db.from(table).where(key, row.id).delete()), 0)
      })

      // A row loaded by platform code cannot be saved or deleted as B.
      const leaked = await (Model as any)
        .query({ withoutTenantScope: INSPECT })
        .where(key, row.id)
        .firstOrFail()
      await tenantContext.run(b.tenant, async () => {
        leaked[attribute] = value
        await assert.rejects(() => leaked.save(), TenantMismatchException as any)
        await assert.rejects(() => leaked.delete(), TenantMismatchException as any)
      })

      // A still sees its own row, unchanged.
      await tenantContext.run(a.tenant, async () => {
        const own = await db.from(table).where(key, row.id).first()
        assert.exists(own, `${Model.name} lost for its own company`)
        assert.notEqual(String(own[column]), String(value), `${table}.${column} changed by B`)
      })
    }
  })

  test('PostgreSQL refuses every cross-company link of a document', async ({ assert }) => {
    const a = await createEcCompany()
    const b = await createEcCompany()
    const rowsA = await issuedInvoiceOf(a)
    const rowsB = await issuedInvoiceOf(b)
    const now = new Date()

    // B's rows pointing at A's document.
    const children: Record<string, Record<string, unknown>> = {
      document_lines: {
        position: 99,
        code: 'X',
        description: 'X',
        quantity: 1,
        unit_price: 1,
        tax_category: 'iva_0',
        subtotal: 1,
        created_at: now,
      },
      document_taxes: {
        category: 'iva_0',
        authority_code: '2',
        authority_rate_code: '0',
        rate: 0,
        base: 1,
        amount: 0,
      },
      document_payments: { method: '01', amount: 1 },
      document_events: { kind: 'created', messages: '[]', created_at: now },
    }
    for (const [table, row] of Object.entries(children)) {
      assert.equal(
        await constraintError((trx) =>
          trx
            .table(table)
            .insert({ ...row, tenant_id: b.tenant.id, document_id: rowsA.document.id })
        ),
        '23503',
        table
      )
    }

    // B's document line naming A's product, and B's document naming A's customer.
    assert.equal(
      await constraintError((trx) =>
        trx.from('document_lines').where('id', rowsB.line.id).update({ product_id: a.product.id })
      ),
      '23503'
    )
    assert.equal(
      await constraintError((trx) =>
        trx.from('documents').where('id', rowsB.document.id).update({ customer_id: a.customer.id })
      ),
      '23503'
    )
    // B's submission of A's document (a draft: it has no submission yet).
    const draftA = await tenantContext.run(a.tenant, async () => {
      const { document } = await issueNewDocument(a.tenant, invoiceInput(a), { issue: false })
      return document
    })
    assert.equal(
      await constraintError((trx) =>
        trx.table('tax_submissions').insert({
          tenant_id: b.tenant.id,
          document_id: draftA.id,
          created_at: now,
          updated_at: now,
        })
      ),
      '23503'
    )
    // A credit note of B against A's invoice.
    assert.equal(
      await constraintError((trx) =>
        trx
          .from('documents')
          .where('id', rowsB.document.id)
          .update({ referenced_document_id: rowsA.document.id })
      ),
      '23503'
    )
  })
})
