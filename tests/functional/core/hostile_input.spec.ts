import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import router from '@adonisjs/core/services/router'
import mail from '@adonisjs/mail/services/main'
import queue from '@rlanz/bull-queue/services/main'
import { DateTime } from 'luxon'
import Invitation from '#accounts/models/invitation'
import { tenantContext } from '#tenancy/tenant_context'
import { hashSecret, newLinkToken } from '#accounts/secrets'
import { issueNewDocument } from '#documents/actions/issue_new_document'
import { createDraft } from '#documents/actions/save_draft'
import CatalogImport from '#catalog/models/catalog_import'
import Customer from '#catalog/models/customer'
import Document from '#documents/models/document'
import { addMember, createUser } from '#tests/helpers/accounts'
import { csv } from '#tests/helpers/catalog'
import { createEcCompany, invoiceInput, issuingGroup } from '#tests/helpers/invoicing'
import { captureApplicationLog } from '#tests/helpers/log'

/**
 * No input causes a 500. Every route the router knows (what `node ace
 * list:routes` prints, read from the router itself, so a new route is
 * covered the day it is added) is called by the owner of a company with
 * hostile shapes in its params, its query string and its body: NUL bytes,
 * ids out of range, negative and huge numbers, empty strings, arrays and
 * objects where a string is expected, very long strings, astral unicode
 * and invalid JSON. None may answer 5xx, and nothing may be logged as an
 * error (an uncaught exception is logged by the exception handler).
 */

const LONG = 'x'.repeat(20_000)

/** Values for a route param, as they appear in the URL. */
const PARAM_SHAPES = [
  '0',
  '-1',
  '1.5',
  '2147483648',
  '99999999999',
  '1e20',
  'abc',
  '%00',
  '1%00',
  '%F0%9D%95%8F%F0%9F%99%82',
  '%FF',
  'a'.repeat(3000),
]

/** Query strings: the same hostile value for every usual filter name. */
const QUERY_KEYS = [
  'q',
  'page',
  'status',
  'type',
  'from',
  'to',
  'customerId',
  'establishmentId',
  'emissionPointId',
  'user',
  'action',
  'kind',
  'active',
  'show',
  'tenantId',
  'format',
]
const QUERY_SHAPES: Array<(key: string) => string> = [
  (key) => `${key}=%00`,
  (key) => `${key}=a%00b`,
  (key) => `${key}=`,
  (key) => `${key}=99999999999`,
  (key) => `${key}=1e20`,
  (key) => `${key}=-1`,
  (key) => `${key}[]=a&${key}[]=b`,
  (key) => `${key}[a]=1`,
  (key) => `${key}=%F0%9D%95%8F%C3%A9`,
  (key) => `${key}=%FF%FE`,
  (key) => (key === 'q' ? `q=${'a'.repeat(5000)}` : `${key}=x`),
]

/** Body fields most forms and JSON endpoints read. */
const BODY_KEYS = [
  'id',
  'tenantId',
  'membershipId',
  'customerId',
  'productId',
  'establishmentId',
  'emissionPointId',
  'sourceLineId',
  'name',
  'fullName',
  'legalName',
  'tradeName',
  'identification',
  'identificationType',
  'checkDigits',
  'taxpayerType',
  'code',
  'description',
  'address',
  'phone',
  'email',
  'emails',
  'password',
  'passwordConfirmation',
  'role',
  'unitPrice',
  'quantity',
  'discount',
  'taxCategory',
  'stock',
  'trackStock',
  'nextNumber',
  'documentType',
  'environment',
  'kind',
  'encoding',
  'mapping',
  'lines',
  'payments',
  'additionalInfo',
  'reason',
  'locale',
  'token',
  'expiresInDays',
  'maxUses',
  'tokenEmpresa',
  'tokenPassword',
  'country',
  'taxId',
  'taxIdDv',
]
const BODY_SHAPES: unknown[] = [
  '\u0000',
  'a\u0000b',
  '',
  '   ',
  ['a', 'b'],
  { a: 1 },
  1e20,
  -1,
  99_999_999_999,
  2_147_483_648,
  1.5,
  null,
  true,
  LONG,
  '𝕏🙂é\u202e',
]

interface Attempt {
  method: string
  url: string
  shape: string
  inertia?: boolean
  body?: unknown
  raw?: { type: string; text: string }
}

interface Failure {
  method: string
  url: string
  shape: string
  status: number
}

function routesOfTheRouter() {
  const routes: Array<{ pattern: string; methods: string[] }> = []
  for (const list of Object.values(router.toJSON())) {
    for (const route of list) {
      routes.push({
        pattern: route.pattern,
        methods: route.methods.filter((method) => method !== 'HEAD'),
      })
    }
  }
  return routes
}

function fill(pattern: string, values: (param: string) => string) {
  return pattern.replace(/:(\w+)\??/g, (_match, param: string) => values(param))
}

test.group('Hostile input on every route', (group) => {
  issuingGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())
  group.each.setup(() => {
    mail.fake()
    return () => mail.restore()
  })
  group.teardown(async () => {
    await queue.getOrSet('catalog-imports').obliterate({ force: true })
  })

  test('no route answers 5xx or logs an error, whatever the input', async ({ client, assert }) => {
    // An owner with one of everything, so valid ids reach the deep code too.
    const company = await createEcCompany('OWNER')
    const other = await createEcCompany('OWNER')
    const member = await addMember(company.tenant, await createUser(), 'OPERATOR')
    const rows = await tenantContext.run(company.tenant, async () => {
      const { document } = await issueNewDocument(company.tenant, invoiceInput(company))
      const draft = await createDraft(company.tenant, invoiceInput(company))
      const invitation = await Invitation.create({
        kind: 'email',
        email: 'invitada@example.com',
        role: 'OPERATOR',
        tokenHash: hashSecret(newLinkToken()),
        invitedByMembershipId: member.id,
        expiresAt: DateTime.now().plus({ days: 7 }),
      })
      const upload = await CatalogImport.create({
        membershipId: member.id,
        kind: 'customers',
        status: 'uploaded',
        fileName: 'clientes.csv',
        encoding: 'utf-8',
        delimiter: ',',
        content: Buffer.from(csv([['Identificación'], ['1710034065']])),
        headers: ['Identificación'],
        mapping: {},
        locale: 'es',
        totalRows: 1,
        errors: [],
      })
      return { document, draft, invitation, upload }
    })
    const admin = await createUser({ isSuperAdmin: true })

    /** A valid value for each param, by the route it appears in. */
    const valid = (pattern: string) => (param: string) => {
      if (param === 'format') return 'csv'
      if (param === 'environment') return 'test'
      if (param === 'token') return newLinkToken()
      if (param === 'index') return '0'
      if (param === 'membershipId') return String(member.id)
      if (pattern.includes('/invitations/')) return String(rows.invitation.id)
      if (pattern.startsWith('/app/users/')) return String(member.id)
      if (pattern.startsWith('/app/customers/')) return String(company.customer.id)
      if (pattern.startsWith('/app/products/')) return String(company.product.id)
      if (pattern.startsWith('/app/establishments/')) return String(company.establishment.id)
      if (pattern.startsWith('/app/emission-points/')) return String(company.point.id)
      if (pattern.startsWith('/app/imports/')) return String(rows.upload.id)
      if (pattern.includes('/edit') && pattern.startsWith('/app/documents/'))
        return String(rows.draft.id)
      if (pattern.startsWith('/app/documents/')) return String(rows.document.id)
      return '1'
    }

    const attempts: Attempt[] = []
    for (const route of routesOfTheRouter()) {
      for (const method of route.methods) {
        const hasParams = route.pattern.includes(':')
        const base = fill(route.pattern, valid(route.pattern))
        if (hasParams) {
          for (const shape of PARAM_SHAPES) {
            attempts.push({
              method,
              url: fill(route.pattern, () => shape),
              shape: `param ${shape}`,
            })
          }
        }
        if (method === 'GET') {
          for (const [index, shape] of QUERY_SHAPES.entries()) {
            const query = QUERY_KEYS.map((key) => shape(key)).join('&')
            // The first shape renders the whole page on the server (SSR);
            // the others ask for the Inertia page object, which runs the
            // same controller code at a fraction of the cost.
            attempts.push({
              method,
              url: `${base}?${query}`,
              shape: `query #${index}`,
              inertia: index > 0,
            })
          }
        } else {
          attempts.push({ method, url: base, shape: 'empty body', body: {} })
          for (const [index, shape] of BODY_SHAPES.entries()) {
            const body = Object.fromEntries(BODY_KEYS.map((key) => [key, shape]))
            attempts.push({ method, url: base, shape: `body #${index}`, body })
          }
          attempts.push({
            method,
            url: base,
            shape: 'invalid JSON',
            raw: { type: 'application/json', text: '{"name": "a", ' },
          })
          attempts.push({
            method,
            url: base,
            shape: 'form with NUL',
            raw: {
              type: 'application/x-www-form-urlencoded',
              text: BODY_KEYS.map((key) => `${key}=a%00b`).join('&'),
            },
          })
        }
      }
    }

    // Deeper: valid invoices with one hostile value each.
    const invoice = invoiceInput(company)
    const [line, service] = invoice.lines
    const invoiceCases: Array<[string, unknown]> = [
      [
        'product of another company',
        { lines: [{ ...line, productId: other.product.id }, service] },
      ],
      ['product that does not exist', { lines: [{ ...line, productId: 2_147_483_000 }, service] }],
      ['product id out of range', { lines: [{ ...line, productId: 99_999_999_999 }, service] }],
      ['customer id 1e20', { customerId: 1e20 }],
      ['customer of another company', { customerId: other.customer.id }],
      ['quantity × price overflows', { lines: [{ ...line, quantity: '999999999999' }] }],
      [
        'price overflows',
        { lines: [{ ...line, quantity: '1', unitPrice: '999999999999999999.999999' }] },
      ],
      [
        'many big lines',
        {
          lines: Array.from({ length: 200 }, () => ({
            ...line,
            quantity: '99999999',
            unitPrice: '99999999',
          })),
        },
      ],
      ['NUL in a description', { lines: [{ ...line, description: 'Taladro\u0000' }, service] }],
      ['NUL in additional info', { additionalInfo: [{ name: 'a\u0000', value: '\u0000' }] }],
      ['payments huge', { payments: [{ method: '01', amount: '1e20' }] }],
    ]
    for (const [shape, change] of invoiceCases) {
      const body = { ...invoice, ...(change as object) }
      attempts.push({ method: 'POST', url: '/app/documents', shape, body })
      attempts.push({ method: 'PUT', url: `/app/documents/${rows.draft.id}`, shape, body })
    }
    attempts.push({
      method: 'POST',
      url: `/app/documents/${rows.document.id}/credit-notes`,
      shape: 'credit note of a line of another document',
      body: { reason: 'Devolución', lines: [{ sourceLineId: 2_147_483_000, quantity: '1' }] },
    })

    const log = captureApplicationLog()
    const failures: Failure[] = []
    const crashes: unknown[] = []
    const onCrash = (error: unknown) => crashes.push(error)
    process.on('unhandledRejection', onCrash)
    try {
      for (const attempt of attempts) {
        const asAdmin = attempt.url.startsWith('/admin')
        let request: any = client
          .request(attempt.url, attempt.method as any)
          .loginAs(asAdmin ? admin : company.user)
          .withSession({ activeTenantId: company.tenant.id })
          .withCsrfToken()
          .redirects(0)
        request = attempt.inertia
          ? request.withInertia()
          : request.header('accept', 'application/json')
        if (attempt.raw) {
          request = request.header('content-type', attempt.raw.type).send(attempt.raw.text)
        } else if (attempt.body !== undefined) {
          request = request.json(attempt.body as object)
        }
        const response = await request
        if (response.status() >= 500) {
          failures.push({
            method: attempt.method,
            url: attempt.url.slice(0, 120),
            shape: attempt.shape,
            status: response.status(),
          })
        }
      }
    } finally {
      process.off('unhandledRejection', onCrash)
      log.restore()
    }

    const errors = log
      .entries()
      .filter((entry) => entry.level >= 50)
      .map((entry) => entry.msg)
    assert.isAbove(attempts.length, 1000)
    assert.deepEqual(failures, [])
    assert.deepEqual(errors, [])
    assert.deepEqual(crashes, [])
  }).timeout(600_000)
})

/** The inputs that answered 500 before, each with the answer it must get now. */
test.group('Hostile input: the reproduced cases', (group) => {
  issuingGroup(group)
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a NUL byte in a search or a filter is ignored, not a 500', async ({ client }) => {
    const { user } = await createEcCompany('OWNER')
    for (const url of [
      '/app/customers?q=%00',
      '/app/products?q=a%00',
      '/app/documents?q=%00&status=%00',
      '/app/audit?user=%00',
      '/app/establishments?q=%00',
    ]) {
      const response = await client.get(url).loginAs(user).withInertia()
      response.assertStatus(200)
    }
    for (const url of ['/app/customers/export/csv?q=%00', '/app/products/export/xlsx?q=%00']) {
      const response = await client.get(url).loginAs(user)
      response.assertStatus(200)
    }
  })

  test('a NUL byte in a name is dropped and the rest is saved', async ({ client, assert }) => {
    const { tenant, user } = await createEcCompany('OWNER')
    const response = await client
      .post('/app/customers')
      .form({
        identificationType: '05',
        identification: '1710034065',
        legalName: 'Juan\u0000 Carlos Andrade',
        address: 'Av. 6 de Diciembre\u0000 N33-42, Quito',
        emails: 'juan@example.com',
      })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    const saved = await tenantContext.run(tenant, () =>
      Customer.query().where('identification', '1710034065').firstOrFail()
    )
    assert.equal(saved.legalName, 'Juan Carlos Andrade')
    assert.equal(saved.address, 'Av. 6 de Diciembre N33-42, Quito')
  })

  test('ids out of range in a URL answer 404', async ({ client }) => {
    const company = await createEcCompany('OWNER')
    for (const url of [
      '/app/customers/99999999999/edit',
      '/app/customers/2147483648/edit',
      '/app/customers/2147483647/edit',
      '/app/products/-1/edit',
      '/app/imports/2147483648',
      '/app/imports/1e20',
      '/app/documents/99999999999',
      '/app/documents/0',
      `/app/documents/${company.customer.id}%00`,
    ]) {
      const response = await client
        .get(url)
        .loginAs(company.user)
        .header('accept', 'application/json')
      response.assertStatus(404)
    }
    const put = await client
      .put('/app/customers/99999999999')
      .form({ legalName: 'x' })
      .loginAs(company.user)
      .withCsrfToken()
      .header('accept', 'application/json')
    put.assertStatus(404)
  })

  test('ids out of range in a body answer 422 next to the field', async ({ client, assert }) => {
    const company = await createEcCompany('OWNER')
    const switched = await client
      .post('/app/switch')
      .json({ tenantId: 1e20 })
      .loginAs(company.user)
      .withCsrfToken()
      .header('accept', 'application/json')
    switched.assertStatus(422)
    assert.equal(switched.body().errors[0].field, 'tenantId')

    const invoice = await client
      .post('/app/documents')
      .json({ ...invoiceInput(company), customerId: 99_999_999_999 })
      .loginAs(company.user)
      .withCsrfToken()
      .header('accept', 'application/json')
    invoice.assertStatus(422)
    assert.equal(invoice.body().errors[0].field, 'customerId')
    assert.equal(
      invoice.body().errors[0].message,
      'El campo cliente no puede ser mayor que 2147483647.'
    )
  })

  test('a line product that is not the company’s answers 422 next to the line', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany('OWNER')
    const other = await createEcCompany('OWNER')
    const input = invoiceInput(company)
    for (const productId of [other.product.id, 2_147_483_000]) {
      const lines = [input.lines[0], { ...input.lines[1], productId }]
      for (const send of [
        () => client.post('/app/documents'),
        () => client.post('/app/documents').header('idempotency-key', `k-${productId}`),
      ]) {
        const response = await send()
          .json({ ...input, lines })
          .loginAs(company.user)
          .withCsrfToken()
          .header('accept', 'application/json')
        response.assertStatus(422)
        assert.deepEqual(response.body().errors[0], {
          field: 'lines.1.productId',
          message:
            'Ese producto no existe en el catálogo de su empresa. Elíjalo de nuevo de la lista.',
          rule: 'business',
        })
      }
    }
    const count = await tenantContext.run(company.tenant, () => Document.query().count('* as n'))
    assert.equal(Number(count[0].$extras.n), 0, 'nothing was saved')
  })

  test('quantity × price beyond what a document holds answers 422, in both languages', async ({
    client,
    assert,
  }) => {
    const company = await createEcCompany('OWNER')
    const input = invoiceInput(company)
    const lines = [{ ...input.lines[0], quantity: '999999999999', unitPrice: '999999999999' }]
    for (const [locale, message] of [
      ['es', 'supera el máximo de un comprobante (999999999999.99)'],
      ['en', 'is above what a document can hold (999999999999.99)'],
    ]) {
      const response = await client
        .post('/app/documents')
        .json({ ...input, lines })
        .loginAs(company.user)
        .withCsrfToken()
        .header('accept', 'application/json')
        .header('accept-language', locale)
      response.assertStatus(422)
      assert.equal(response.body().errors[0].field, 'lines.0.quantity')
      assert.include(response.body().errors[0].message, message)
    }
    // Two lines each within the limit whose sum is not: refused as a whole.
    const half = { ...input.lines[1], quantity: '1', unitPrice: '600000000000' }
    const total = await client
      .post('/app/documents')
      .json({ ...input, lines: [half, half] })
      .loginAs(company.user)
      .withCsrfToken()
      .header('accept', 'application/json')
    total.assertStatus(422)
    assert.include(total.body().errors[0].message, 'El total del comprobante supera el máximo')
  })
})

test.group('Hostile input: uploads', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('hostile file names and contents answer with a message, never a 500', async ({
    client,
    assert,
  }) => {
    const { user } = await createEcCompany('OWNER')
    const files: Array<[string, Buffer]> = [
      ['clientes\u0000.csv', Buffer.from('Identificación\n1710034065\n')],
      ['clientes.csv', Buffer.from('Identificaci\u0000n\n17100\u000034065\n')],
      [`${'ñ'.repeat(400)}.csv`, Buffer.from('a,b\n1,2\n')],
      ['vacío.csv', Buffer.alloc(0)],
      ['binario.csv', Buffer.from([0xff, 0xfe, 0x00, 0x01, 0x02])],
    ]
    for (const [name, bytes] of files) {
      const imported = await client
        .post('/app/imports')
        .field('kind', 'customers')
        .file('file', bytes, { filename: name })
        .loginAs(user)
        .withCsrfToken()
        .redirects(0)
      assert.equal(imported.status(), 302, `import ${JSON.stringify(name.slice(0, 20))}`)
      const certificate = await client
        .post('/app/settings/certificates')
        .field('password', 'a\u0000b')
        .file('file', bytes, { filename: name.replace('.csv', '.p12') })
        .loginAs(user)
        .withCsrfToken()
        .redirects(0)
      assert.equal(certificate.status(), 302, `certificate ${JSON.stringify(name.slice(0, 20))}`)
    }
  })
})
