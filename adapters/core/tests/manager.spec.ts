import { test } from '@japa/runner'
import app from '@adonisjs/core/services/app'
import { TaxManager } from '#adapters/core/manager'
import { FakeTaxAuthority } from '#adapters/core/fake_authority'
import { TaxConfigError } from '#adapters/core/errors'
import tax from '#adapters/core/services/tax'

test.group('TaxManager', () => {
  test('creates an adapter on first use and caches it', ({ assert }) => {
    const manager = new TaxManager()
    let created = 0
    manager.register('XX', () => {
      created++
      return new FakeTaxAuthority()
    })
    const first = manager.use('XX')
    assert.strictEqual(manager.use('xx'), first, 'country codes are case-insensitive')
    assert.equal(created, 1)
    assert.deepEqual(manager.countries(), ['XX'])
    assert.isTrue(manager.has('XX'))
    assert.isFalse(manager.has('PE'))
  })

  test('an unknown country is an E_TAX_CONFIG error with a clear message', ({ assert }) => {
    const manager = new TaxManager()
    try {
      manager.use('PE')
      assert.fail('expected an error')
    } catch (error) {
      assert.instanceOf(error, TaxConfigError)
      assert.equal((error as TaxConfigError).code, 'E_TAX_CONFIG')
      assert.include((error as TaxConfigError).messages.es, 'PE')
    }
  })

  test('closeAll closes cached adapters once and forgets them', async ({ assert }) => {
    const manager = new TaxManager()
    manager.register('XX', () => new FakeTaxAuthority())
    const fake = manager.use('XX') as FakeTaxAuthority
    await manager.closeAll()
    await manager.closeAll()
    assert.equal(fake.closeCount, 1)
    assert.notStrictEqual(manager.use('XX'), fake)
  })

  test('registering a country again replaces and closes the cached adapter', async ({ assert }) => {
    const manager = new TaxManager()
    manager.register('XX', () => new FakeTaxAuthority())
    const old = manager.use('XX') as FakeTaxAuthority
    manager.register('XX', () => new FakeTaxAuthority({ country: 'XX' }))
    assert.notStrictEqual(manager.use('XX'), old)
    assert.equal(old.closeCount, 1)
  })

  test('fake() swaps an adapter until restore()', ({ assert }) => {
    const manager = new TaxManager()
    const real = new FakeTaxAuthority({ country: 'EC' })
    manager.register('EC', () => real)
    const fake = manager.fake('EC', new FakeTaxAuthority({ country: 'EC' }))
    assert.strictEqual(manager.use('EC'), fake)
    manager.restore('EC')
    assert.strictEqual(manager.use('EC'), real)
  })
})

test.group('TaxManager | application wiring', () => {
  test('the provider binds one manager, reachable by name, by class and through the service', async ({
    assert,
  }) => {
    const byName = await app.container.make('tax.manager')
    const byClass = await app.container.make(TaxManager)
    assert.instanceOf(byName, TaxManager)
    assert.strictEqual(byClass, byName)
    assert.strictEqual(tax, byName)
  })
})
