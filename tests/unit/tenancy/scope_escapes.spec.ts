import { test } from '@japa/runner'
import { readFile, readdir } from 'node:fs/promises'
import { join, relative } from 'node:path'
import app from '@adonisjs/core/services/app'

/**
 * The inventory of every place application code leaves the tenant scope
 * (and row-level security). Each escape names its reason as a literal
 * string; adding one means adding it here too, so it is seen in review.
 * The platform console's `acrossCompanies(why, …)` (#admin/platform) passes
 * its reason on to `withoutTenantScope`, so its calls are listed the same way.
 */
const EXPECTED = [
  'app/accounts/actions/accept_invitation.ts: the default company is one among all of the user companies',
  'app/accounts/actions/find_invitation.ts: a join code is looked up by its secret',
  'app/accounts/actions/find_invitation.ts: an invitation link is looked up by its secret',
  'app/accounts/audit/audit_service.ts: an audit event names its company explicitly',
  'app/accounts/tenant_resolver.ts: a user sees the list of their own companies to choose one',
  'app/admin/alerts/inbox.ts: alerts of every company',
  'app/admin/audit/platform_audit.ts: exporting the platform audit log',
  'app/admin/audit/platform_audit.ts: the platform audit log spans every company',
  'app/admin/companies/queries.ts: the console lists every company',
  'app/admin/companies/queries.ts: the credential state of a company the console opened',
  'app/admin/controllers/plans_controller.ts: companies on each plan',
  'app/admin/health/authorities.ts: authority health across companies',
  'app/admin/health/authorities.ts: documents waiting on an authority, across companies',
  'app/admin/metrics/companies.ts: platform totals of every company',
  'app/admin/metrics/companies.ts: sign-ups and cancellations of every company',
  'app/admin/metrics/documents.ts: document figures of every company',
  'app/admin/metrics/revenue.ts: recurring revenue of every subscribed company',
  'app/billing/actions/handle_stripe_event.ts: a Stripe event may name a company not yet billed',
  'app/billing/actions/handle_stripe_event.ts: a Stripe event names its company by customer id',
  'app/billing/actions/watch_billing.ts: the daily billing watch looks at every company',
  'app/billing/actions/watch_billing.ts: the daily billing watch reads every company usage',
  'app/certificates/actions/watch_certificate_expiry.ts: the daily expiry watch looks at every company certificate',
  'app/certificates/actions/watch_certificate_expiry.ts: the daily expiry watch marks every company certificate that ended',
  'app/certificates/queries.ts: the platform console lists expiring certificates of every company',
  'app/certificates/quota/watch_quotas.ts: the daily quota watch finds every company that can be asked for its folios',
  'app/certificates/vault/rotate_secrets.ts: vault key rotation re-seals every company secret',
  'app/reports/actions/send_receivable_reminders.ts: reminder e-mails look for the companies that turned them on',
  'app/tax/queries.ts: the platform console counts the backlog of every company',
  'app/tax/sweep_documents.ts: the sweeper serves every company at once',
  'app/webhooks/sweep_deliveries.ts: the webhook sweeper serves every company at once',
  'database/scale_seed.ts: the scale data set fills many companies at once',
]

/** Where the escape itself is defined. */
const DEFINITIONS = new Set([
  'app/tenancy/tenant_context.ts',
  'app/tenancy/with_tenant.ts',
  'app/admin/platform.ts',
])
const SCANNED = ['app', 'adapters', 'commands', 'config', 'database', 'providers', 'start']

async function sourceFiles(directory: string): Promise<string[]> {
  const entries = await readdir(directory, { withFileTypes: true })
  const files = await Promise.all(
    entries.map((entry) => {
      const path = join(directory, entry.name)
      if (entry.isDirectory()) return sourceFiles(path)
      return Promise.resolve(entry.name.endsWith('.ts') ? [path] : [])
    })
  )
  return files.flat()
}

test.group('Tenant scope escapes', () => {
  test('every escape in application code is listed with its literal reason', async ({ assert }) => {
    const found: string[] = []
    const withoutReason: string[] = []
    for (const folder of SCANNED) {
      for (const path of await sourceFiles(app.makePath(folder))) {
        const file = relative(app.appRoot.pathname, path)
        if (DEFINITIONS.has(file) || file.includes('/tests/')) continue
        const source = await readFile(path, 'utf8')
        // Calls `withoutTenantScope(…` / `acrossCompanies(…` and options
        // `withoutTenantScope: …`, not imports or comments.
        for (const match of source.matchAll(
          /(?:withoutTenantScope(?:\(|:)|acrossCompanies\()\s*(['"`])?/g
        )) {
          const line = source.slice(source.lastIndexOf('\n', match.index) + 1, match.index)
          if (/^\s*(\/?\*|\/\/|\|)|import /.test(line)) continue
          const quote = match[1]
          if (!quote) {
            withoutReason.push(file)
            continue
          }
          const start = match.index! + match[0].length
          found.push(`${file}: ${source.slice(start, source.indexOf(quote, start))}`)
        }
      }
    }
    assert.deepEqual(withoutReason, [], 'an escape must give its reason as a literal string')
    assert.deepEqual(found.sort(), [...EXPECTED].sort())
  })
})
