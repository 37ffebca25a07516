import { test } from '@japa/runner'
import { readFile } from 'node:fs/promises'
import app from '@adonisjs/core/services/app'
import router from '@adonisjs/core/services/router'
import { CLIENT_ROUTE_TABLE, clientRouteModule, clientRouteTable } from '#core/client_routes'
import { route, queryString } from '../../../inertia/app/route.js'
import { routeTable } from '../../../inertia/app/route_table.js'

test.group('Client routes (route() in the pages)', () => {
  test('the generated table matches the router (run `node ace routes:client` when it does not)', async ({
    assert,
  }) => {
    const onDisk = await readFile(app.makePath(CLIENT_ROUTE_TABLE), 'utf8')
    assert.equal(onDisk, clientRouteModule(clientRouteTable(router)))
  })

  test('route() builds the same URL as the server for every named route', ({ assert }) => {
    const names = Object.keys(routeTable) as (keyof typeof routeTable)[]
    assert.isAbove(names.length, 50)
    for (const name of names) {
      const params: Record<string, string> = {}
      for (const [, key] of routeTable[name].matchAll(/:(\w+)/g)) params[key] = `${key}-1`
      assert.equal(
        (route as (n: string, p: Record<string, string>) => string)(name, params),
        router.makeUrl(name, params),
        name
      )
    }
  })

  test('parameters are encoded and the query string skips empty values', ({ assert }) => {
    assert.equal(route('app.documents.show', { id: 7 }), '/app/documents/7')
    assert.equal(route('accounts.invitations.show', { token: 'a/b c' }), '/invitations/a%2Fb%20c')
    assert.equal(
      route('app.documents.index', {}, { qs: { q: 'Pérez', status: '', page: 2, x: null } }),
      '/app/documents?q=P%C3%A9rez&page=2'
    )
    assert.equal(queryString({ a: undefined }), '')
  })

  test('a missing parameter or an unknown name is an error, not a broken link', ({ assert }) => {
    const loose = route as (name: string, params?: Record<string, unknown>) => string
    assert.throws(
      () => loose('app.documents.show', {}),
      'Route "app.documents.show" needs the "id" parameter'
    )
    assert.throws(() => loose('app.nothing'), 'Unknown route "app.nothing"')
  })
})
