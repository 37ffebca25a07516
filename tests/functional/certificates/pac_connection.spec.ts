/*
 * "Probar conexión" on the PAC credentials page asks the PAC itself (HKA's
 * FoliosRestantes, through the country's adapter, against the simulator):
 * folios left and the licence dates, or a plain message when the tokens
 * are missing, wrong, or the PAC cannot be reached.
 */
import { test } from '@japa/runner'
import { createCompany } from '#tests/helpers/accounts'
import { hkaGroup } from '#tests/helpers/panama'

const PAGE = '/app/settings/certificates'

function save(client: any, user: any, body: Record<string, string>) {
  return client
    .put(`${PAGE}/pac/test`)
    .loginAs(user)
    .withCsrfToken()
    .redirects(0)
    .header('referer', PAGE)
    .form(body)
}

async function probe(client: any, user: any) {
  const response = await client
    .post(`${PAGE}/pac/test/test`)
    .loginAs(user)
    .withCsrfToken()
    .redirects(0)
  return response.flashMessages().pacTest as { status: string; message: string }
}

test.group('PAC connection test (HKA simulator)', (group) => {
  const hka = hkaGroup(group)

  test('missing tokens are named before anything is sent', async ({ client, assert }) => {
    const { user } = await createCompany('OWNER', { country: 'PA' })
    const result = await probe(client, user)
    assert.equal(result.status, 'missing')
    assert.equal(result.message, 'Primero guarda las credenciales de este ambiente.')
    assert.equal(hka.simulator.stats.calls.FoliosRestantes, 0)
  })

  test('good tokens: folios left and the licence dates', async ({ client, assert }) => {
    const { user } = await createCompany('OWNER', { country: 'PA' })
    hka.simulator.register({
      tokenEmpresa: 'empresa-prueba-1',
      tokenPassword: 'clave-prueba-1',
      cycleTotal: 100,
      cycleUsed: 85,
    })
    await save(client, user, { tokenEmpresa: 'empresa-prueba-1', tokenPassword: 'clave-prueba-1' })
    const result = await probe(client, user)
    assert.equal(result.status, 'ok')
    assert.match(
      result.message,
      /^Conexión correcta con el PAC\. Folios disponibles: 15\. Licencia vigente del \d{4}-\d{2}-\d{2} al \d{4}-\d{2}-\d{2}\.$/
    )
    assert.equal(hka.simulator.stats.calls.FoliosRestantes, 1)
  })

  test('a wrong password is refused with the PAC message; an unreachable PAC says so', async ({
    client,
    assert,
  }) => {
    const { user } = await createCompany('OWNER', { country: 'PA' })
    hka.simulator.register({ tokenEmpresa: 'empresa-prueba-2', tokenPassword: 'la-buena-2' })
    await save(client, user, { tokenEmpresa: 'empresa-prueba-2', tokenPassword: 'la-mala-22' })
    const refused = await probe(client, user)
    assert.equal(refused.status, 'rejected')
    assert.match(refused.message, /^El PAC rechazó las credenciales: /)
    assert.notInclude(refused.message, 'la-mala-22')

    hka.simulator.setFault({ mode: 'down', operation: 'FoliosRestantes' })
    const down = await probe(client, user)
    assert.equal(down.status, 'unreachable')
    assert.match(down.message, /^No se pudo contactar al PAC: /)
  })
})
