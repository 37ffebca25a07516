import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { FLASHED_FIELD_MAX, FLASHED_INPUT_MAX } from '#core/middleware/cap_flashed_input_middleware'
import { TEST_PASSWORD, createCompany } from '#tests/helpers/accounts'

const HUGE = 'x'.repeat(300 * 1024)
const TOO_LONG = `Este texto es demasiado largo (más de ${FLASHED_FIELD_MAX.toLocaleString('es')} caracteres): no lo conservamos. Acórtalo y escríbelo de nuevo.`

/**
 * What the failed request kept of the form: the session stores the input
 * among the flash messages, next to `errors`.
 */
function keptInput(response: { flashMessages(): Record<string, unknown> }) {
  const { errors, errorsBag, inputErrorsBag, ...input } = response.flashMessages()
  return input
}

/** The size of what the failed request left in the session, as stored. */
function sessionSize(response: { sessionBag: unknown }) {
  return JSON.stringify(response.sessionBag).length
}

test.group('Security: a failed form does not copy its whole input into the session', (group) => {
  group.each.setup(() => testUtils.db().withGlobalTransaction())

  test('a 300 KB field is not kept, and its own message says it was too long', async ({
    client,
    assert,
  }) => {
    const response = await client
      .post('/register')
      .form({ country: 'EC', legalName: 'Comercial', comentario: HUGE, tradeName: HUGE })
      .header('referer', '/register')
      .withCsrfToken()
      .redirects(0)
    response.assertStatus(302)
    const input = keptInput(response)
    assert.equal(input.legalName, 'Comercial')
    assert.notProperty(input, 'comentario')
    assert.notProperty(input, 'tradeName')
    // The validator's own message on a field it knows; ours on the others.
    response.assertValidationError(
      'tradeName',
      'El campo nombre comercial no puede tener más de 300 caracteres.'
    )
    response.assertValidationError('comentario', TOO_LONG)
    assert.isBelow(sessionSize(response), 20_000)
    assert.isBelow(String(response.header('set-cookie')).length, 1_000)
  })

  test('the whole form is capped too, and passwords are never kept', async ({ client, assert }) => {
    const fields: Record<string, string> = { password: 'secreta-1234', password_confirmation: 'x' }
    for (let index = 0; index < 30; index++) fields[`campo${index}`] = 'y'.repeat(1_500)
    const response = await client
      .post('/register')
      .form(fields)
      .header('referer', '/register')
      .withCsrfToken()
      .redirects(0)
    const input = keptInput(response)
    const kept = Object.values(input).join('').length
    assert.isAtMost(kept, FLASHED_INPUT_MAX)
    assert.isAbove(kept, 0)
    assert.notProperty(input, 'password')
    assert.notProperty(input, 'password_confirmation')
  })

  test('the current password of the account page is not kept either', async ({
    client,
    assert,
  }) => {
    const { user } = await createCompany('OWNER')
    const response = await client
      .put('/account/password')
      .form({
        currentPassword: TEST_PASSWORD,
        password: 'corta',
        password_confirmation: 'corta',
        nota: 'hola',
      })
      .header('referer', '/account')
      .loginAs(user)
      .withCsrfToken()
      .redirects(0)
    response.assertHasValidationError('password')
    const input = keptInput(response)
    assert.equal(input.nota, 'hola')
    assert.notProperty(input, 'currentPassword')
    assert.notInclude(JSON.stringify(response.sessionBag), TEST_PASSWORD)
  })
})
