import { test } from '@japa/runner'
import testUtils from '@adonisjs/core/services/test_utils'
import { errors } from '@adonisjs/core'
import { AuthorizationResponse, errors as bouncerErrors } from '@adonisjs/bouncer'
import HttpExceptionHandler from '#core/exceptions/handler'
import { ForbiddenException } from '#accounts/errors'

/**
 * The handler as it runs in development (`npm start`): debug pages on,
 * status pages off. Tests run with status pages on, so the development
 * behaviour is set here explicitly.
 */
async function inDevelopment(error: unknown, accept = 'text/html') {
  const handler = new HttpExceptionHandler()
  Object.assign(handler, { debug: true, renderStatusPages: false })
  const ctx = await testUtils.createHttpContext()
  ctx.request.request.headers.accept = accept
  const rendered: Array<{ component: string; props: unknown }> = []
  ctx.inertia = {
    render: async (component: string, props: unknown) => {
      rendered.push({ component, props })
      return `<rendered ${component}>`
    },
  } as any
  await handler.handle(error, ctx)
  return { ctx, rendered }
}

test.group('Authorization failures in development', () => {
  test('a 403 renders the app forbidden page, never the debug page', async ({ assert }) => {
    const { ctx, rendered } = await inDevelopment(new ForbiddenException('Access denied'))
    assert.equal(ctx.response.getStatus(), 403)
    assert.deepEqual(rendered, [
      { component: 'errors/forbidden', props: { error: 'Access denied' } },
    ])
    assert.equal(ctx.response.getBody(), '<rendered errors/forbidden>')
  })

  test("Bouncer's own authorization error gets the same page", async ({ assert }) => {
    const { ctx, rendered } = await inDevelopment(
      new bouncerErrors.E_AUTHORIZATION_FAILURE(AuthorizationResponse.deny('Access denied'))
    )
    assert.equal(ctx.response.getStatus(), 403)
    assert.equal(rendered[0]?.component, 'errors/forbidden')
  })

  test('an API client gets JSON with the message only', async ({ assert }) => {
    const { ctx, rendered } = await inDevelopment(
      new ForbiddenException('Access denied'),
      'application/json'
    )
    assert.equal(ctx.response.getStatus(), 403)
    assert.deepEqual(ctx.response.getBody(), { message: 'Access denied' })
    assert.lengthOf(rendered, 0)
  })

  test('control: other errors still get the debug page in development', async ({ assert }) => {
    const { ctx, rendered } = await inDevelopment(
      new errors.E_ROUTE_NOT_FOUND(['GET', '/nothing-here'])
    )
    assert.lengthOf(rendered, 0)
    assert.equal(ctx.response.getStatus(), 404)
    assert.include(String(ctx.response.getBody()), '<html')
  })
})
