import { WEBHOOK_EVENTS } from '#webhooks/events'

/**
 * The REST API's OpenAPI 3.1 description, served at /api/v1/openapi.json
 * and rendered at /api/docs. tests/functional/api/openapi_contract.spec.ts
 * validates real answers of every operation against these schemas, so a
 * change of a DTO that is not written here fails the suite.
 */
const str = { type: 'string' }
const nullableStr = { type: ['string', 'null'] }
const int = { type: 'integer' }
const bool = { type: 'boolean' }
/** Amounts travel as decimal strings, never floats. */
const decimal = { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' }
const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` })
const one = (name: string) => ({
  type: 'object',
  required: ['data'],
  properties: { data: ref(name) },
})
const list = (name: string) => ({
  type: 'object',
  required: ['data', 'nextCursor'],
  properties: { data: { type: 'array', items: ref(name) }, nextCursor: nullableStr },
})
const json = (schema: object) => ({ content: { 'application/json': { schema } } })
const errors = {
  '401': { description: 'Missing, unknown, expired or revoked token', ...json(ref('Errors')) },
  '403': {
    description: 'Token without the scope, or plan without API access',
    ...json(ref('Errors')),
  },
  '429': {
    description: 'Over the per-token or per-company rate limit (see Retry-After)',
    ...json(ref('Errors')),
  },
}
const notFound = { '404': { description: 'Not found in this company', ...json(ref('Errors')) } }
const invalid = {
  '422': { description: 'Invalid input or a business rule refused it', ...json(ref('Errors')) },
}
const idParam = { name: 'id', in: 'path', required: true, schema: { ...int, minimum: 1 } }
const idempotencyKey = {
  name: 'Idempotency-Key',
  in: 'header',
  required: false,
  description:
    'Same key and body: the stored answer again (Idempotent-Replayed: true). Same key, other body: 422.',
  schema: { type: 'string', pattern: '^[\\x21-\\x7e]{1,120}$' },
}
const listParams = [
  { name: 'limit', in: 'query', schema: { ...int, minimum: 1, maximum: 100, default: 25 } },
  { name: 'cursor', in: 'query', schema: str, description: 'nextCursor of the previous page' },
]
const catalogFilters = [
  { name: 'q', in: 'query', schema: str },
  { name: 'status', in: 'query', schema: { enum: ['active', 'inactive', 'all'] } },
]

function op(
  summary: string,
  scopes: string[],
  success: Record<string, object>,
  extra: Record<string, unknown> = {}
) {
  return {
    summary,
    description: `Scopes: ${scopes.join(' or ')}.`,
    security: [{ bearer: scopes }],
    responses: { ...success, ...errors, ...((extra.failures as object) ?? {}) },
    ...Object.fromEntries(Object.entries(extra).filter(([key]) => key !== 'failures')),
  }
}

const READ = ['documents:read', 'documents:write', 'catalog:write']
const CATALOG = ['catalog:write']
const DOCS_READ = ['documents:read', 'documents:write']
const DOCS_WRITE = ['documents:write']
const HOOKS_READ = ['webhooks:read', 'webhooks:write']
const HOOKS_WRITE = ['webhooks:write']
const dateTime = { type: 'string', format: 'date-time' }
const nullableDateTime = { type: ['string', 'null'], format: 'date-time' }

const webhookEvents = {
  type: 'array',
  minItems: 1,
  uniqueItems: true,
  items: { enum: [...WEBHOOK_EVENTS] },
}
const webhookUrl = {
  type: 'string',
  maxLength: 2000,
  description:
    'http(s), without credentials, whose host resolves only to public addresses (checked again at every delivery)',
}
const webhookEndpointInput = {
  type: 'object',
  required: ['url', 'events'],
  properties: { url: webhookUrl, events: webhookEvents, description: { ...str, maxLength: 200 } },
}
const webhookEndpointChange = {
  type: 'object',
  properties: {
    url: webhookUrl,
    events: webhookEvents,
    description: { type: ['string', 'null'], maxLength: 200 },
    enabled: { ...bool, description: 'true again clears the run of failures' },
  },
}
/** An endpoint with the signing secret: only in the answer of a create or a rotation. */
const withSecret = (secret: object) => ({
  type: 'object',
  required: ['data', 'secret'],
  properties: { data: ref('WebhookEndpoint'), secret },
})
const signingSecret = {
  type: 'string',
  pattern: '^whsec_[A-Za-z0-9_-]{43}$',
  description: 'The signing secret, in this answer only: store it now',
}

const customerInput = {
  type: 'object',
  required: ['identificationType', 'legalName'],
  properties: {
    identificationType: {
      ...str,
      description: "The code of the company's country (its tax adapter's list)",
    },
    identification: str,
    checkDigits: str,
    taxpayerType: str,
    foreignIdType: str,
    foreignCountry: str,
    legalName: str,
    tradeName: str,
    address: str,
    emails: { ...str, description: 'Addresses separated by commas' },
    phone: str,
    notes: str,
  },
}
const productInput = {
  type: 'object',
  required: ['code', 'description', 'unitPrice', 'taxCategory'],
  properties: {
    code: str,
    description: str,
    unit: str,
    unitPrice: { ...str, description: 'Up to 6 decimals' },
    taxCategory: str,
    trackStock: bool,
    stock: str,
  },
}
const documentInput = {
  type: 'object',
  required: ['customerId', 'establishmentId', 'emissionPointId', 'lines'],
  properties: {
    intent: { enum: ['issue', 'draft'], default: 'issue' },
    customerId: int,
    establishmentId: int,
    emissionPointId: int,
    lines: {
      type: 'array',
      minItems: 1,
      items: {
        type: 'object',
        required: ['code', 'description', 'quantity', 'unitPrice', 'taxCategory'],
        properties: {
          productId: { type: ['integer', 'null'] },
          code: str,
          description: str,
          unit: nullableStr,
          quantity: str,
          unitPrice: str,
          discount: nullableStr,
          taxCategory: str,
        },
      },
    },
    payments: {
      type: 'array',
      items: {
        type: 'object',
        required: ['method', 'amount'],
        properties: {
          method: str,
          amount: str,
          term: { type: ['integer', 'null'] },
          termUnit: nullableStr,
        },
      },
    },
    additionalInfo: {
      type: 'array',
      items: { type: 'object', required: ['name', 'value'], properties: { name: str, value: str } },
    },
  },
}
const creditNoteInput = {
  type: 'object',
  required: ['reason'],
  properties: {
    reason: str,
    lines: {
      type: 'array',
      description: 'Absent: the whole invoice',
      items: {
        type: 'object',
        required: ['sourceLineId', 'quantity'],
        properties: { sourceLineId: int, quantity: str },
      },
    },
  },
}

const documentRow = {
  id: int,
  type: { enum: ['invoice', 'credit_note'] },
  status: str,
  number: nullableStr,
  accessKey: nullableStr,
  issueDate: { type: 'string', format: 'date' },
  customerName: str,
  customerIdentification: str,
  total: decimal,
  currency: str,
  emailStatus: str,
}

/**
 * The catalog's resources (customers, products) share one shape: list and
 * create, upsert by their natural key, and get, update and deactivate by id.
 */
function catalogPaths(resource: {
  path: string
  schema: string
  noun: string
  input: Record<string, unknown>
  upsertBy: string
  /** Whether the create answer documents the Idempotency-Key replay (200). */
  replayedOnCreate: boolean
}) {
  const { path, schema, noun, input } = resource
  const plural = path.slice(1)
  const body = { required: true, ...json(input) }
  return {
    [path]: {
      get: op(
        `List ${plural}`,
        READ,
        { '200': { description: 'A page', ...json(list(schema)) } },
        { parameters: [...catalogFilters, ...listParams] }
      ),
      post: op(
        `Create a ${noun}`,
        CATALOG,
        {
          '201': { description: 'Created', ...json(one(schema)) },
          ...(resource.replayedOnCreate
            ? { '200': { description: 'Replayed (Idempotency-Key)', ...json(one(schema)) } }
            : {}),
        },
        { parameters: [idempotencyKey], requestBody: body, failures: invalid }
      ),
    },
    [`${path}/upsert`]: {
      post: op(
        `Create or update a ${noun} by ${resource.upsertBy}`,
        CATALOG,
        {
          '201': { description: 'Created', ...json(one(schema)) },
          '200': { description: 'Updated', ...json(one(schema)) },
        },
        { parameters: [idempotencyKey], requestBody: body, failures: invalid }
      ),
    },
    [`${path}/{id}`]: {
      parameters: [idParam],
      get: op(
        `Get a ${noun}`,
        READ,
        { '200': { description: `The ${noun}`, ...json(one(schema)) } },
        { failures: notFound }
      ),
      put: op(
        `Update a ${noun}`,
        CATALOG,
        { '200': { description: 'Updated', ...json(one(schema)) } },
        { requestBody: body, failures: { ...notFound, ...invalid } }
      ),
      delete: op(
        `Deactivate a ${noun}`,
        CATALOG,
        { '200': { description: 'Deactivated', ...json(one(schema)) } },
        { failures: notFound }
      ),
    },
  }
}

export const openApiDocument = {
  openapi: '3.1.0',
  info: {
    title: 'Facturo REST API',
    version: '1.0.0',
    description:
      'Electronic invoices, credit notes, catalogs and webhook endpoints of one company. Authenticate with a company access token (Settings → API): `Authorization: Bearer fct_…`. Errors are `{ errors: [{ code, field, message }] }`, the message in the Accept-Language asked (es, en). Rate limits per token and per company are reported in RateLimit-Limit, RateLimit-Remaining and RateLimit-Reset.',
  },
  servers: [{ url: '/api/v1' }],
  components: {
    securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    schemas: {
      WebhookEvent: {
        type: 'object',
        required: ['id', 'type', 'createdAt', 'data'],
        properties: {
          id: { type: 'string', format: 'uuid' },
          type: { type: 'string', enum: [...WEBHOOK_EVENTS] },
          createdAt: { type: 'string', format: 'date-time' },
          data: { type: 'object' },
        },
      },
      WebhookEndpoint: {
        type: 'object',
        additionalProperties: false,
        required: [
          'id',
          'url',
          'description',
          'events',
          'enabled',
          'consecutiveFailures',
          'disabledAt',
          'disabledReason',
          'previousSecretUntil',
          'createdAt',
        ],
        properties: {
          id: int,
          url: str,
          description: nullableStr,
          events: { type: 'array', items: { enum: [...WEBHOOK_EVENTS] } },
          enabled: bool,
          consecutiveFailures: int,
          disabledAt: nullableDateTime,
          disabledReason: { enum: ['consecutive_failures', 'by_user', null] },
          previousSecretUntil: {
            ...nullableDateTime,
            description: 'Until when the previous secret still signs, after a rotation',
          },
          createdAt: dateTime,
        },
      },
      WebhookDelivery: {
        type: 'object',
        additionalProperties: false,
        required: [
          'id',
          'event',
          'eventId',
          'status',
          'attempts',
          'nextAttemptAt',
          'lastStatusCode',
          'lastError',
          'replayOf',
          'createdAt',
          'tries',
        ],
        properties: {
          id: int,
          event: { enum: [...WEBHOOK_EVENTS] },
          eventId: { type: 'string', format: 'uuid' },
          status: { enum: ['pending', 'succeeded', 'failed'] },
          attempts: int,
          nextAttemptAt: nullableDateTime,
          lastStatusCode: { type: ['integer', 'null'] },
          lastError: nullableStr,
          replayOf: { type: ['integer', 'null'], description: 'The delivery this one replays' },
          createdAt: dateTime,
          tries: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: [
                'attempt',
                'statusCode',
                'responseExcerpt',
                'error',
                'durationMs',
                'succeeded',
                'at',
              ],
              properties: {
                attempt: int,
                statusCode: { type: ['integer', 'null'] },
                responseExcerpt: nullableStr,
                error: nullableStr,
                durationMs: int,
                succeeded: bool,
                at: dateTime,
              },
            },
          },
        },
      },
      Errors: {
        type: 'object',
        required: ['errors'],
        properties: {
          errors: {
            type: 'array',
            minItems: 1,
            items: {
              type: 'object',
              required: ['code', 'field', 'message'],
              properties: { code: str, field: nullableStr, message: str },
            },
          },
        },
      },
      Customer: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'identificationType', 'identification', 'legalName', 'emails', 'isActive'],
        properties: {
          id: int,
          identificationType: str,
          identification: str,
          checkDigits: nullableStr,
          taxpayerType: nullableStr,
          foreignIdType: nullableStr,
          foreignCountry: nullableStr,
          legalName: str,
          tradeName: nullableStr,
          address: nullableStr,
          emails: { type: ['array', 'null'], items: str },
          phone: nullableStr,
          notes: nullableStr,
          isActive: bool,
        },
      },
      Product: {
        type: 'object',
        additionalProperties: false,
        required: [
          'id',
          'code',
          'description',
          'unitPrice',
          'taxCategory',
          'trackStock',
          'isActive',
        ],
        properties: {
          id: int,
          code: str,
          description: str,
          unit: nullableStr,
          unitPrice: decimal,
          taxCategory: str,
          trackStock: bool,
          stock: { type: ['string', 'null'] },
          isActive: bool,
        },
      },
      Establishment: {
        type: 'object',
        additionalProperties: false,
        required: ['id', 'code', 'name', 'address', 'isActive', 'emissionPoints'],
        properties: {
          id: int,
          code: str,
          name: str,
          address: nullableStr,
          isActive: bool,
          emissionPoints: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['id', 'code', 'description', 'isActive'],
              properties: { id: int, code: str, description: nullableStr, isActive: bool },
            },
          },
        },
      },
      Certificate: {
        type: 'object',
        additionalProperties: false,
        required: ['credential', 'environment', 'certificate', 'pacEnvironments'],
        properties: {
          credential: { enum: ['certificate', 'pac_tokens', 'none'] },
          environment: { enum: ['test', 'production'] },
          certificate: {
            oneOf: [
              { type: 'null' },
              {
                type: 'object',
                required: ['status', 'validFrom', 'validTo', 'daysLeft', 'fingerprint'],
                properties: {
                  status: { enum: ['active', 'expired', 'replaced'] },
                  holderName: str,
                  holderTaxId: nullableStr,
                  issuerName: str,
                  serialHex: str,
                  fingerprint: str,
                  validFrom: str,
                  validTo: str,
                  daysLeft: int,
                },
              },
            ],
          },
          pacEnvironments: { type: 'array', items: { enum: ['test', 'production'] } },
        },
      },
      DocumentRow: {
        type: 'object',
        additionalProperties: false,
        required: Object.keys(documentRow),
        properties: documentRow,
      },
      Document: {
        type: 'object',
        required: [
          ...Object.keys(documentRow),
          'environment',
          'authorizationNumber',
          'authorizedAt',
          'buyer',
          'establishmentCode',
          'emissionPointCode',
          'subtotal',
          'taxTotal',
          'lines',
          'taxes',
          'payments',
          'flagged',
          'lastError',
          'referenced',
        ],
        properties: {
          ...documentRow,
          environment: { enum: ['test', 'production'] },
          authorizationNumber: nullableStr,
          authorizedAt: nullableStr,
          reason: nullableStr,
          flagged: bool,
          lastError: nullableStr,
          buyer: {
            type: 'object',
            required: ['identificationType', 'identification', 'name'],
            properties: { identificationType: str, identification: str, name: str },
          },
          establishmentCode: str,
          emissionPointCode: str,
          subtotal: decimal,
          discountTotal: decimal,
          taxTotal: decimal,
          lines: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: [
                'id',
                'code',
                'description',
                'quantity',
                'unitPrice',
                'discount',
                'taxCategory',
                'subtotal',
              ],
              properties: {
                id: int,
                code: str,
                description: str,
                quantity: decimal,
                unitPrice: decimal,
                discount: decimal,
                taxCategory: str,
                subtotal: decimal,
              },
            },
          },
          taxes: {
            type: 'array',
            items: {
              type: 'object',
              required: ['category', 'rate', 'base', 'amount'],
              properties: { category: str, rate: decimal, base: decimal, amount: decimal },
            },
          },
          payments: {
            type: 'array',
            items: {
              type: 'object',
              required: ['method', 'amount'],
              properties: {
                method: str,
                amount: decimal,
                term: { type: ['integer', 'null'] },
                termUnit: nullableStr,
              },
            },
          },
          additionalInfo: { type: 'array' },
          emailedAt: nullableStr,
          emailError: nullableStr,
          hasXml: bool,
          hasAuthorizedXml: bool,
          technical: { type: ['object', 'null'] },
          referenced: {
            oneOf: [
              { type: 'null' },
              {
                type: 'object',
                required: ['id', 'number'],
                properties: { id: int, number: nullableStr },
              },
            ],
          },
        },
      },
    },
  },
  paths: {
    ...catalogPaths({
      path: '/customers',
      schema: 'Customer',
      noun: 'customer',
      input: customerInput,
      upsertBy: 'identification',
      replayedOnCreate: true,
    }),
    ...catalogPaths({
      path: '/products',
      schema: 'Product',
      noun: 'product',
      input: productInput,
      upsertBy: 'code',
      replayedOnCreate: false,
    }),
    '/establishments': {
      get: op('Establishments and their emission points', READ, {
        '200': {
          description: 'All of them',
          ...json({
            type: 'object',
            required: ['data'],
            properties: { data: { type: 'array', items: ref('Establishment') } },
          }),
        },
      }),
    },
    '/certificate': {
      get: op('Signing credential status', READ, {
        '200': { description: 'Status', ...json(one('Certificate')) },
      }),
    },
    '/documents': {
      get: op(
        'List documents',
        DOCS_READ,
        { '200': { description: 'A page', ...json(list('DocumentRow')) } },
        {
          parameters: [
            { name: 'status', in: 'query', schema: str },
            { name: 'type', in: 'query', schema: { enum: ['invoice', 'credit_note'] } },
            { name: 'from', in: 'query', schema: { type: 'string', format: 'date' } },
            { name: 'to', in: 'query', schema: { type: 'string', format: 'date' } },
            { name: 'customerId', in: 'query', schema: int },
            { name: 'establishmentId', in: 'query', schema: int },
            { name: 'emissionPointId', in: 'query', schema: int },
            {
              name: 'q',
              in: 'query',
              schema: str,
              description: "Number, part of the customer's name, or access key",
            },
            ...listParams,
          ],
        }
      ),
      post: op(
        'Create an invoice and issue it (or keep it as a draft: intent=draft)',
        DOCS_WRITE,
        { '201': { description: 'Created', ...json(one('Document')) } },
        {
          parameters: [idempotencyKey],
          requestBody: { required: true, ...json(documentInput) },
          failures: invalid,
        }
      ),
    },
    '/documents/{id}': {
      parameters: [idParam],
      get: op(
        'Get a document',
        DOCS_READ,
        { '200': { description: 'The document', ...json(one('Document')) } },
        { failures: notFound }
      ),
    },
    '/documents/{id}/issue': {
      parameters: [idParam],
      post: op(
        'Issue a draft invoice',
        DOCS_WRITE,
        { '200': { description: 'Issued', ...json(one('Document')) } },
        {
          parameters: [idempotencyKey],
          failures: { ...notFound, ...invalid },
        }
      ),
    },
    '/documents/{id}/credit-notes': {
      parameters: [idParam],
      post: op(
        'Issue a credit note against an authorized invoice',
        DOCS_WRITE,
        {
          '201': { description: 'Issued', ...json(one('Document')) },
        },
        {
          parameters: [idempotencyKey],
          requestBody: { required: true, ...json(creditNoteInput) },
          failures: { ...notFound, ...invalid },
        }
      ),
    },
    '/documents/{id}/xml': {
      parameters: [idParam],
      get: op(
        'Download the XML (authorized when it exists, else signed)',
        DOCS_READ,
        {
          '200': { description: 'XML', content: { 'application/xml': { schema: str } } },
        },
        { failures: { ...notFound, ...invalid } }
      ),
    },
    '/documents/{id}/pdf': {
      parameters: [idParam],
      get: op(
        'Download the PDF',
        DOCS_READ,
        {
          '200': {
            description: 'PDF',
            content: {
              'application/pdf': {
                schema: { type: 'string', contentMediaType: 'application/pdf' },
              },
            },
          },
        },
        { failures: { ...notFound, ...invalid } }
      ),
    },
    '/webhook-endpoints': {
      get: op(
        'List webhook endpoints',
        HOOKS_READ,
        { '200': { description: 'A page', ...json(list('WebhookEndpoint')) } },
        { parameters: listParams }
      ),
      post: op(
        'Create a webhook endpoint (the answer holds its signing secret, once)',
        HOOKS_WRITE,
        {
          '201': {
            description:
              'Created, with the secret. A replay of the same Idempotency-Key answers the same, but `secret` is null: it is shown once',
            ...json(withSecret({ oneOf: [signingSecret, { type: 'null' }] })),
          },
        },
        {
          parameters: [idempotencyKey],
          requestBody: { required: true, ...json(webhookEndpointInput) },
          failures: invalid,
        }
      ),
    },
    '/webhook-endpoints/{id}': {
      parameters: [idParam],
      get: op(
        'Get a webhook endpoint',
        HOOKS_READ,
        { '200': { description: 'The endpoint', ...json(one('WebhookEndpoint')) } },
        { failures: notFound }
      ),
      put: op(
        'Change the URL, events or description, or enable or disable it',
        HOOKS_WRITE,
        { '200': { description: 'Updated', ...json(one('WebhookEndpoint')) } },
        {
          requestBody: { required: true, ...json(webhookEndpointChange) },
          failures: { ...notFound, ...invalid },
        }
      ),
      delete: op(
        'Delete a webhook endpoint and its delivery log',
        HOOKS_WRITE,
        { '200': { description: 'Deleted', ...json(one('WebhookEndpoint')) } },
        { failures: notFound }
      ),
    },
    '/webhook-endpoints/{id}/rotate-secret': {
      parameters: [idParam],
      post: op(
        'Rotate the signing secret (the previous one keeps signing for 24 h)',
        HOOKS_WRITE,
        {
          '200': {
            description: 'Rotated, with the new secret',
            ...json(withSecret(signingSecret)),
          },
        },
        { failures: notFound }
      ),
    },
    '/webhook-endpoints/{id}/deliveries': {
      parameters: [idParam],
      get: op(
        "The endpoint's delivery log, newest first, with every attempt",
        HOOKS_READ,
        { '200': { description: 'A page', ...json(list('WebhookDelivery')) } },
        { parameters: listParams, failures: notFound }
      ),
    },
    '/webhook-endpoints/{id}/deliveries/{deliveryId}/replay': {
      parameters: [
        idParam,
        { name: 'deliveryId', in: 'path', required: true, schema: { ...int, minimum: 1 } },
      ],
      post: op(
        'Send a delivery again: a new delivery of the same event (same event id), queued now',
        HOOKS_WRITE,
        { '201': { description: 'Queued', ...json(one('WebhookDelivery')) } },
        {
          parameters: [idempotencyKey],
          failures: {
            ...notFound,
            '409': { description: 'The endpoint is disabled', ...json(ref('Errors')) },
          },
        }
      ),
    },
  },
  /*
   * What Facturo POSTs to a company's webhook endpoints (Settings → Webhooks);
   * docs/api.md#webhooks has the signature check and the retry schedule.
   */
  webhooks: Object.fromEntries(
    WEBHOOK_EVENTS.map((event) => [
      event,
      {
        post: {
          summary: `${event} (sent by Facturo)`,
          description:
            'Signed with the endpoint secret: `Facturo-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` (two v1 values during a rotation). Answer 2xx within 10 s; anything else is retried with exponential backoff for 24 h.',
          parameters: [
            'Facturo-Signature',
            'Facturo-Event',
            'Facturo-Event-Id',
            'Facturo-Delivery',
          ].map((name) => ({ name, in: 'header', required: true, schema: str })),
          requestBody: {
            required: true,
            content: { 'application/json': { schema: ref('WebhookEvent') } },
          },
          responses: { '2XX': { description: 'Delivered' } },
        },
      },
    ])
  ),
} as const
