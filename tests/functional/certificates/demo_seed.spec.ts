import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import Tenant from '#tenancy/models/tenant'
import Certificate from '#certificates/models/certificate'
import { seedDemoAccounts } from '#database/demo/accounts'
import { seedDemoCertificates } from '#database/demo/certificates'
import { signingCredentials } from '#certificates/signing_credentials'
import { loadPacTokens } from '#certificates/pac/pac_tokens'
import { INSPECT } from '#tests/helpers/tenancy'

test.group('Demo seed: certificates and PAC tokens', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('the demo companies get working credentials, once', async ({ assert }) => {
    await seedDemoAccounts()
    await seedDemoCertificates()
    await seedDemoCertificates()

    const andes = await Tenant.findByOrFail('slug', 'los-andes')
    const certificates = await Certificate.query({ withoutTenantScope: INSPECT }).where(
      'tenant_id',
      andes.id
    )
    assert.lengthOf(certificates, 1)
    assert.equal(certificates[0].holderTaxId, andes.taxId)
    const credentials = await signingCredentials()
    const credential = await credentials.for(andes.id)
    assert.equal(credential.privateKey.type, 'private')

    const istmo = await Tenant.findByOrFail('slug', 'istmo')
    const tokens = await loadPacTokens(istmo.id, 'test')
    assert.isNotNull(tokens)
    assert.isNull(await loadPacTokens(istmo.id, 'production'))
  })
})
