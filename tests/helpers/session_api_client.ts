import { configProvider } from '@adonisjs/core'
import { cuid } from '@adonisjs/core/helpers'
import type { HttpContext } from '@adonisjs/core/http'
import type { ApplicationService } from '@adonisjs/core/types'
import { ApiClient, ApiRequest, ApiResponse } from '@japa/api-client'
import type { PluginFn } from '@japa/runner/types'
import type { SessionClient } from '@adonisjs/session/client'
import type {
  SessionConfig,
  SessionData,
  SessionStoreContract,
  SessionStoreFactory,
} from '@adonisjs/session/types'
import type {} from '@adonisjs/session/plugins/api_client'

const FLASH_KEY = '__flash__'

/** `a.b.c` inside an object, as lodash's `get`. */
function pick(source: unknown, path: string): any {
  return path
    .split('.')
    .reduce<any>(
      (value, key) => (value === null || value === undefined ? value : value[key]),
      source
    )
}

/**
 * The test side of a session, written to and read from the store the
 * application really uses (Redis), and awaited at every step.
 */
class StoreSessionClient {
  sessionId = cuid()
  flashKey = FLASH_KEY
  #values: SessionData = {}
  #flash: SessionData = {}

  constructor(private store: SessionStoreContract) {}

  merge(values: SessionData) {
    Object.assign(this.#values, values)
    return this
  }

  flash(values: SessionData) {
    Object.assign(this.#flash, values)
    return this
  }

  async commit() {
    const values = { ...this.#values }
    if (Object.keys(this.#flash).length) values[FLASH_KEY] = { ...this.#flash }
    if (Object.keys(values).length) await this.store.write(this.sessionId, values)
  }

  async destroy(sessionId?: string) {
    await this.store.destroy(sessionId || this.sessionId)
  }

  async load(sessionId?: string) {
    const contents = { ...((await this.store.read(sessionId || this.sessionId)) ?? {}) }
    const flashMessages = (contents[FLASH_KEY] as SessionData | undefined) ?? {}
    delete contents[FLASH_KEY]
    return { values: contents, flashMessages }
  }
}

/**
 * `sessionApiClient` of @adonisjs/session, on the configured store instead
 * of a memory store of its own: the suite then runs on the server-side
 * store production uses, and `withSession`, `loginAs` and the session and
 * flash assertions keep working. Same macros, same behaviour (each request
 * gets a fresh session that is destroyed after the response).
 */
export function storeSessionApiClient(app: ApplicationService): PluginFn {
  return async () => {
    const config = (await configProvider.resolve<
      SessionConfig & { store: string; stores: Record<string, SessionStoreFactory> }
    >(app, app.config.get('session')))!
    const factory = config.stores[config.store]
    const store = factory({} as HttpContext, config)

    ApiRequest.getter(
      'sessionClient',
      function () {
        return new StoreSessionClient(store) as unknown as SessionClient
      },
      true
    )
    ApiRequest.macro('withSession', function (this: ApiRequest, data: SessionData) {
      this.sessionClient.merge(data)
      return this
    })
    ApiRequest.macro('withFlashMessages', function (this: ApiRequest, data: SessionData) {
      this.sessionClient.flash(data)
      return this
    })
    ApiResponse.macro('session', function (this: ApiResponse, key?: string) {
      return key ? pick(this.sessionBag.values, key) : this.sessionBag.values
    })
    ApiResponse.macro('flashMessages', function (this: ApiResponse) {
      return this.sessionBag.flashMessages
    })
    ApiResponse.macro('flashMessage', function (this: ApiResponse, key: string) {
      return pick(this.sessionBag.flashMessages, key)
    })
    ApiResponse.macro('assertSession', function (this: ApiResponse, key: string, value?: any) {
      this.assert!.property(this.session(), key)
      if (value !== undefined) this.assert!.deepEqual(this.session(key), value)
    })
    ApiResponse.macro('assertSessionMissing', function (this: ApiResponse, key: string) {
      this.assert!.notProperty(this.session(), key)
    })
    ApiResponse.macro('assertFlashMessage', function (this: ApiResponse, key: string, value?: any) {
      this.assert!.property(this.flashMessages(), key)
      if (value !== undefined) this.assert!.deepEqual(this.flashMessage(key), value)
    })
    ApiResponse.macro('assertFlashMissing', function (this: ApiResponse, key: string) {
      this.assert!.notProperty(this.flashMessages(), key)
    })
    ApiResponse.macro('assertHasValidationError', function (this: ApiResponse, field: string) {
      this.assert!.property(this.flashMessage('errors'), field)
    })
    ApiResponse.macro(
      'assertDoesNotHaveValidationError',
      function (this: ApiResponse, field: string) {
        this.assert!.notProperty(this.flashMessage('errors'), field)
      }
    )
    ApiResponse.macro(
      'assertValidationError',
      function (this: ApiResponse, field: string, message: string) {
        this.assert!.include((this.flashMessage('errors') as any)?.[field] || [], message)
      }
    )
    ApiResponse.macro(
      'assertValidationErrors',
      function (this: ApiResponse, field: string, messages: string[]) {
        this.assert!.deepEqual((this.flashMessage('errors') as any)?.[field] || [], messages)
      }
    )

    ApiClient.onRequest((request) => {
      request.setup(async () => {
        request.withCookie(config.cookieName, request.sessionClient.sessionId)
        await request.sessionClient.commit()
        return async (error: unknown) => {
          if (error) await request.sessionClient.destroy()
        }
      })
      request.teardown(async (response) => {
        const sessionId = response.cookie(config.cookieName)
        response.sessionBag = sessionId
          ? await response.request.sessionClient.load(sessionId.value)
          : { values: {}, flashMessages: {} }
        await request.sessionClient.destroy(sessionId?.value)
      })
    })
  }
}
