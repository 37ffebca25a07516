import type { HttpContext } from '@adonisjs/core/http'
import { documentBacklog } from '#tax/queries'

/** The authority backlog for the super-admin console (JSON). */
export default class BacklogController {
  async show({ response }: HttpContext) {
    return response.send(await documentBacklog())
  }
}
