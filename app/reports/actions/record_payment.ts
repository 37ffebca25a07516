import type { HttpContext } from '@adonisjs/core/http'
import { Decimal } from 'decimal.js'
import { DateTime } from 'luxon'
import db from '@adonisjs/lucid/services/db'
import { Exception } from '@adonisjs/core/exceptions'
import Document from '#documents/models/document'
import InvoicePayment from '#reports/models/invoice_payment'
import { audit } from '#accounts/audit/audit_service'
import { openInvoices } from '#reports/queries/receivables'
import { companyToday } from '#reports/company_calendar'

export interface PaymentInput {
  paidOn: Date
  method: string
  amount: string
  reference?: string
}

/** A payment the invoice cannot take (more than it owes); shown on the form. */
export class PaymentRefusedException extends Exception {
  static status = 422
  static code = 'E_PAYMENT_REFUSED'
}

/**
 * Records money received against an authorized invoice of the company.
 * The invoice row is locked while the balance is read, so two payments at
 * once cannot both take the last dollar; the invoice itself is not changed.
 */
export default class RecordPayment {
  async handle(ctx: HttpContext, documentId: number, input: PaymentInput) {
    const tenant = ctx.tenant!
    return db.transaction(async (trx) => {
      const invoice = await Document.query({ client: trx })
        .where('id', documentId)
        .where('type', 'invoice')
        .where('status', 'AUTHORIZED')
        .forUpdate()
        .firstOrFail()
      const [open] = await openInvoices(tenant.authorityEnvironment, companyToday(tenant), {
        documentId: invoice.id,
        includeSettled: true,
        client: trx,
      })
      if (new Decimal(input.amount).gt(open.outstanding)) {
        throw new PaymentRefusedException(
          ctx.i18n.t('reports.receivables.too_much', { outstanding: open.outstanding })
        )
      }
      const payment = await InvoicePayment.create(
        {
          documentId: invoice.id,
          paidOn: DateTime.fromJSDate(input.paidOn),
          method: input.method,
          amount: new Decimal(input.amount).toFixed(2),
          reference: input.reference ?? null,
          createdBy: ctx.auth.user!.id,
        },
        { client: trx }
      )
      await audit.record(ctx, 'payment.recorded', {
        entity: 'payment',
        entityId: payment.id,
        after: { documentId: invoice.id, amount: payment.amount, method: payment.method },
        client: trx,
      })
      return payment
    })
  }
}
