import type { NormalizeConstructor } from '@adonisjs/core/types/helpers'
import {
  BaseModel,
  beforeCreate,
  beforeDelete,
  beforeFetch,
  beforeFind,
  beforePaginate,
  beforeUpdate,
  column,
} from '@adonisjs/lucid/orm'
import type {
  LucidModel,
  LucidRow,
  ModelAdapterOptions,
  ModelQueryBuilderContract,
} from '@adonisjs/lucid/types/model'
import { tenantContext } from '#tenancy/tenant_context'
import { MissingTenantContextException, TenantMismatchException } from '#tenancy/errors'

/**
 * `Model.query({ tenantScope: false })` is the per-query escape for platform
 * code; `withoutTenantScope(() => …)` is the block form. Both are greppable.
 */
export interface TenantQueryOptions extends ModelAdapterOptions {
  tenantScope?: boolean
}

type AnyQuery = ModelQueryBuilderContract<LucidModel, any>

/** Builders created with `tenantScope: false`. */
const unscopedQueries = new WeakSet<object>()
/** Builders already filtered, so hooks that run twice (paginate) add one clause. */
const scopedQueries = new WeakSet<object>()

/**
 * Adds `where <table>.tenant_id = <current tenant>` when a context is active
 * and neither escape is in use. The column is qualified with the table so
 * joins stay unambiguous.
 */
function scope(query: AnyQuery, unscopedSource: AnyQuery = query) {
  if (unscopedQueries.has(unscopedSource) || scopedQueries.has(query)) return
  if (!tenantContext.isScoping()) return
  const tenant = tenantContext.currentOrFail()
  query.where(`${query.model.table}.tenant_id`, tenant.id)
  scopedQueries.add(query)
}

/**
 * Write queries (`query().update()`, `.delete()`, `.increment()`) run no
 * Lucid hooks, so the builder's write methods apply the scope themselves
 * before the statement is built.
 */
function scopeWrites(query: AnyQuery) {
  const target = query as unknown as Record<string, (...args: unknown[]) => unknown>
  for (const method of ['update', 'del', 'increment', 'decrement']) {
    const original = target[method].bind(query)
    target[method] = (...args: unknown[]) => {
      scope(query)
      return original(...args)
    }
  }
}

function stampTenant(row: LucidRow & { tenantId: number | null }, optional: boolean) {
  const tenant = tenantContext.current()
  // An explicit null on an optional-tenant model is a deliberate platform row.
  if (row.tenantId === undefined || (row.tenantId === null && !optional)) {
    if (tenant) {
      row.tenantId = tenant.id
    } else if (!optional) {
      throw new MissingTenantContextException(
        `Cannot create ${row.constructor.name} without a tenant context`
      )
    }
    return
  }
  if (row.tenantId === null) return
  if (tenantContext.isScoping() && row.tenantId !== tenant!.id) {
    throw new TenantMismatchException(
      `Cannot create ${row.constructor.name} for another tenant inside a tenant context`
    )
  }
}

function guardWrite(row: LucidRow & { tenantId: number | null }) {
  // Rows never move between companies, whatever the context.
  if ('tenantId' in row.$dirty && row.$isPersisted) {
    throw new TenantMismatchException(`The tenant of a ${row.constructor.name} cannot change`)
  }
  if (tenantContext.isScoping() && row.tenantId !== tenantContext.currentOrFail().id) {
    throw new TenantMismatchException()
  }
}

/**
 * Builds the tenant mixin; `optional` decides whether a row may exist with a
 * null `tenant_id` (platform rows) or must always belong to a tenant.
 */
function tenantMixin<TenantId extends number | null>(optional: boolean) {
  return <T extends NormalizeConstructor<typeof BaseModel>>(superclass: T) => {
    class TenantModel extends superclass {
      @column()
      declare tenantId: TenantId

      static query<Model extends LucidModel, Result = InstanceType<Model>>(
        this: Model,
        options?: TenantQueryOptions
      ): ModelQueryBuilderContract<Model, Result> {
        const { tenantScope, ...adapterOptions } = options ?? {}
        const query = (superclass as unknown as LucidModel).query.call(this, adapterOptions)
        if (tenantScope === false) unscopedQueries.add(query)
        scopeWrites(query)
        return query as unknown as ModelQueryBuilderContract<Model, Result>
      }

      @beforeCreate()
      static stampTenantOnCreate(row: TenantModel) {
        stampTenant(row, optional)
      }

      @beforeFind()
      @beforeFetch()
      static scopeReads(query: AnyQuery) {
        scope(query)
      }

      @beforePaginate()
      static scopePagination([countQuery, query]: [AnyQuery, AnyQuery]) {
        scope(countQuery, query)
        scope(query)
      }

      @beforeUpdate()
      @beforeDelete()
      static guardTenantOnWrite(row: TenantModel) {
        guardWrite(row)
      }
    }
    return TenantModel
  }
}

/**
 * Lucid mixin for tenant-owned models: `compose(BaseModel, WithTenant)`.
 *
 * While a tenant context is active it
 * - stamps `tenant_id` on create (and refuses another tenant's id),
 * - filters find/fetch/paginate (hooks) and `query().update()/delete()`,
 * - refuses to save or delete a loaded row of another tenant.
 *
 * Outside any context nothing is filtered (migrations, seeders, platform
 * code) but creating a row still needs a tenant. The database enforces the
 * same boundary with composite foreign keys (app/tenancy/schema.ts).
 */
export const WithTenant = tenantMixin<number>(false)

/**
 * Same as WithTenant for tables where a null tenant is legitimate (audit
 * logs of platform events): outside a context rows are created with a null
 * `tenant_id`; inside one they are stamped and filtered like any tenant row.
 */
export const WithOptionalTenant = tenantMixin<number | null>(true)
