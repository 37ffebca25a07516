/*
|--------------------------------------------------------------------------
| node ace routes:client
|--------------------------------------------------------------------------
|
| Writes inertia/app/route_table.ts, the named routes the pages link to
| through route(). Run it after adding, renaming or moving a route.
|
*/
import { writeFile } from 'node:fs/promises'
import { BaseCommand } from '@adonisjs/core/ace'
import type { CommandOptions } from '@adonisjs/core/types/ace'

export default class RoutesClientCommand extends BaseCommand {
  static commandName = 'routes:client'
  static description = 'Write the named routes the pages use (inertia/app/route_table.ts)'
  static options: CommandOptions = { startApp: true }

  async run() {
    const { CLIENT_ROUTE_TABLE, clientRouteModule, clientRouteTable } = await import(
      '#core/client_routes'
    )
    const router = await this.app.container.make('router')
    const table = clientRouteTable(router)
    await writeFile(this.app.makePath(CLIENT_ROUTE_TABLE), clientRouteModule(table))
    this.logger.success(`${Object.keys(table).length} routes written to ${CLIENT_ROUTE_TABLE}`)
  }
}
