import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import db from '@adonisjs/lucid/services/db'
import Establishment from '#catalog/models/establishment'
import EmissionPoint from '#catalog/models/emission_point'
import MemberDefault from '#catalog/models/member_default'
import NumberingSequence from '#catalog/models/numbering_sequence'
import { tenantContext } from '#tenancy/tenant_context'
import { allocateNumber } from '#catalog/numbering/allocate_number'
import { defaultEmissionPointFor } from '#catalog/points'
import { addMember, createCompany, createUser } from '#tests/helpers/accounts'
import { createPoint } from '#tests/helpers/catalog'
import { INSPECT, reload } from '#tests/helpers/tenancy'

function establishmentsOf(tenantId: number) {
  return Establishment.query({ withoutTenantScope: INSPECT })
    .where('tenant_id', tenantId)
    .orderBy('code')
}

test.group('Establishments and emission points', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('Ecuador: 001 is created with its first emission point 001', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('ADMIN')
    const response = await client
      .post('/app/establishments')
      .form({ code: '001', name: 'Matriz', address: 'Av. 10 de Agosto N24-15, Quito' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    response.assertHeader('location', '/app/establishments')
    const [establishment] = await establishmentsOf(tenant.id)
    assert.equal(establishment.code, '001')
    const points = await EmissionPoint.query({ withoutTenantScope: INSPECT }).where(
      'establishment_id',
      establishment.id
    )
    assert.deepEqual(
      points.map((point) => point.code),
      ['001']
    )

    const page = await client.get('/app/establishments').loginAs(user).withInertia()
    page.assertInertiaComponent('catalog/establishments/index')
    page.assertInertiaPropsContains({
      establishments: [{ code: '001', points: [{ code: '001' }] }],
      environment: 'test',
    })
  })

  test('codes follow the country format, with its own hint as the message', async ({
    client,
    assert,
  }) => {
    const ec = await createCompany('OWNER')
    for (const code of ['1', '000', '0001', 'A01']) {
      const response = await client
        .post('/app/establishments')
        .form({ code, address: 'Av. Amazonas 123, Quito' })
        .loginAs(ec.user)
        .withCsrfToken()
        .redirects(0)
      response.assertValidationError('code', '3 dígitos, de 001 a 999.')
    }
    assert.lengthOf(await establishmentsOf(ec.tenant.id), 0)

    const pa = await createCompany('OWNER', { country: 'PA' })
    const bad = await client
      .post('/app/establishments')
      .form({ code: '001', address: 'Calle 50, Panamá' })
      .loginAs(pa.user)
      .withCsrfToken()
      .redirects(0)
    bad.assertValidationError(
      'code',
      '4 dígitos: 0000 casa matriz, 0001 en adelante para sucursales.'
    )
    for (const code of ['0000', '0001']) {
      await client
        .post('/app/establishments')
        .form({ code, address: 'Calle 50, Ciudad de Panamá' })
        .loginAs(pa.user)
        .withCsrfToken()
        .redirects(0)
    }
    const paCodes = await establishmentsOf(pa.tenant.id)
    assert.deepEqual(
      paCodes.map((row) => row.code),
      ['0000', '0001']
    )
  })

  test('duplicate codes and a short address are refused', async ({ client }) => {
    const { tenant, user } = await createCompany('OWNER')
    await createPoint(tenant)
    const duplicate = await client
      .post('/app/establishments')
      .form({ code: '001', address: 'Otra dirección 123' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    duplicate.assertValidationError('code', 'Ya existe un establecimiento con el código 001.')
    const short = await client
      .post('/app/establishments')
      .form({ code: '002', address: 'X' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    short.assertValidationError('address', 'La dirección debe tener al menos 5 caracteres.')
  })

  test('points: add, duplicates, format; codes freeze once a number was handed out', async ({
    client,
    assert,
  }) => {
    const { tenant, user } = await createCompany('OWNER')
    const { establishment, point } = await createPoint(tenant)

    await client
      .post(`/app/establishments/${establishment.id}/points`)
      .form({ code: '002', description: 'Caja 2' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    const duplicate = await client
      .post(`/app/establishments/${establishment.id}/points`)
      .form({ code: '002' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    duplicate.assertValidationError(
      'code',
      'Este establecimiento ya tiene un punto de emisión 002.'
    )
    const zero = await client
      .post(`/app/establishments/${establishment.id}/points`)
      .form({ code: '000' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    zero.assertHasValidationError('code')

    // Renaming is fine while nothing was numbered…
    await client
      .put(`/app/emission-points/${point.id}`)
      .form({ code: '010', description: 'Principal' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    await reload(point)
    assert.equal(point.code, '010')

    // …but not after a number was handed out under it.
    await tenantContext.run(tenant, () =>
      db.transaction((trx) =>
        allocateNumber(trx, {
          tenantId: tenant.id,
          establishmentId: establishment.id,
          emissionPointId: point.id,
          documentType: 'invoice',
          environment: 'test',
        })
      )
    )
    const frozen = await client
      .put(`/app/emission-points/${point.id}`)
      .form({ code: '011' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    frozen.assertValidationError(
      'code',
      'El código no puede cambiar: ya se emitieron comprobantes numerados con él.'
    )
    const frozenEstablishment = await client
      .put(`/app/establishments/${establishment.id}`)
      .form({ code: '002', address: establishment.address })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    frozenEstablishment.assertHasValidationError('code')
    // The address itself can still change.
    await client
      .put(`/app/establishments/${establishment.id}`)
      .form({ code: '001', address: 'Nueva dirección 456, Quito' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    await reload(establishment)
    assert.equal(establishment.address, 'Nueva dirección 456, Quito')
  })

  test('the next number can move forward but not backwards', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER')
    const { point } = await createPoint(tenant)
    const forward = await client
      .post(`/app/emission-points/${point.id}/next-number`)
      .form({ documentType: 'invoice', environment: 'production', nextNumber: '1501' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    forward.assertFlashMessage('success', 'La numeración continuará desde el número 1501.')
    const row = await NumberingSequence.query({ withoutTenantScope: INSPECT })
      .where('emission_point_id', point.id)
      .firstOrFail()
    assert.equal(row.lastNumber, 1500)
    assert.equal(row.environment, 'production')

    const back = await client
      .post(`/app/emission-points/${point.id}/next-number`)
      .form({ documentType: 'invoice', environment: 'production', nextNumber: '100' })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    back.assertValidationError(
      'nextNumber',
      'La numeración no puede retroceder: el último número entregado es 1500, así que el siguiente debe ser al menos 1500 + 1.'
    )
    const page = await client
      .get(`/app/emission-points/${point.id}/edit`)
      .loginAs(user)
      .withInertia()
    const sequences = (page.inertiaProps as any).point.sequences
    assert.lengthOf(sequences, 4)
    assert.deepInclude(sequences, {
      documentType: 'invoice',
      environment: 'production',
      lastNumber: 1500,
      nextNumber: 1501,
    })
  })

  test('deactivating an establishment or a point removes it from the default choice', async ({
    client,
    assert,
  }) => {
    const { tenant, user, membership } = await createCompany('OWNER')
    const first = await createPoint(tenant, { establishment: '001' })
    const second = await createPoint(tenant, { establishment: '002' })

    await tenantContext.run(tenant, async () => {
      assert.equal((await defaultEmissionPointFor(membership.id))!.id, first.point.id)
    })
    await client
      .put(`/app/establishments/defaults/${membership.id}`)
      .json({ emissionPointId: second.point.id })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    await tenantContext.run(tenant, async () => {
      const chosen = (await defaultEmissionPointFor(membership.id))!
      assert.equal(chosen.id, second.point.id)
      assert.equal(chosen.establishment.code, '002')
    })

    await client
      .post(`/app/establishments/${second.establishment.id}/deactivate`)
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    await tenantContext.run(tenant, async () => {
      assert.equal((await defaultEmissionPointFor(membership.id))!.id, first.point.id)
    })
    await client
      .post(`/app/emission-points/${first.point.id}/deactivate`)
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    await tenantContext.run(tenant, async () => {
      assert.isNull(await defaultEmissionPointFor(membership.id))
    })

    // Clearing the choice deletes the row.
    await client
      .put(`/app/establishments/defaults/${membership.id}`)
      .json({ emissionPointId: null })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    assert.isNull(
      await MemberDefault.query({ withoutTenantScope: INSPECT })
        .where('membership_id', membership.id)
        .first()
    )
  })

  test('each member gets a default point; the page lists members', async ({ client, assert }) => {
    const { tenant, user } = await createCompany('OWNER')
    const operator = await addMember(
      tenant,
      await createUser({ fullName: 'Olga Operadora' }),
      'OPERATOR'
    )
    const { point } = await createPoint(tenant)
    await client
      .put(`/app/establishments/defaults/${operator.id}`)
      .json({ emissionPointId: point.id })
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    const page = await client.get('/app/establishments').loginAs(user).withInertia()
    const members = (page.inertiaProps as any).members
    assert.deepInclude(members, {
      membershipId: operator.id,
      name: 'Olga Operadora',
      role: 'OPERATOR',
      emissionPointId: point.id,
    })
  })

  test('only members with establishments.manage reach these pages', async ({ client }) => {
    const { tenant } = await createCompany('OWNER')
    const operator = await createUser()
    await addMember(tenant, operator, 'OPERATOR', { isDefault: true })
    const { establishment } = await createPoint(tenant)
    const list = await client.get('/app/establishments').loginAs(operator).withInertia()
    list.assertStatus(403)
    const create = await client
      .post('/app/establishments')
      .form({ code: '002', address: 'Av. Siempre Viva 742' })
      .loginAs(operator)
      .withCsrfToken()
      .withInertia()
    create.assertStatus(403)
    const deactivate = await client
      .post(`/app/establishments/${establishment.id}/deactivate`)
      .loginAs(operator)
      .withCsrfToken()
      .withInertia()
    deactivate.assertStatus(403)
  })
})
