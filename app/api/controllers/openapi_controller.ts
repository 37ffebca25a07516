import type { HttpContext } from '@adonisjs/core/http'
import { openApiDocument } from '#api/openapi'

/** One operation as the reference page lists it. */
export interface ApiOperationDto {
  method: string
  path: string
  summary: string
  scopes: string
  parameters: string[]
  responses: string[]
}

const METHODS = ['get', 'post', 'put', 'delete'] as const

function operations(): ApiOperationDto[] {
  const result: ApiOperationDto[] = []
  for (const [path, item] of Object.entries(openApiDocument.paths)) {
    const shared = ((item as any).parameters ?? []) as Array<{ name: string }>
    for (const method of METHODS) {
      const operation = (item as any)[method]
      if (!operation) continue
      const params = [...shared, ...(operation.parameters ?? [])] as Array<{ name: string }>
      result.push({
        method: method.toUpperCase(),
        path: `/api/v1${path}`,
        summary: operation.summary,
        scopes: operation.description,
        parameters: params.map((param) => param.name),
        responses: Object.keys(operation.responses),
      })
    }
  }
  return result
}

/** The API's OpenAPI document, and a page that renders it for people. */
export default class OpenApiController {
  async document({ response }: HttpContext) {
    response.header('content-type', 'application/json; charset=utf-8')
    return response.send(openApiDocument)
  }

  async reference({ inertia }: HttpContext) {
    return inertia.render('api/reference', {
      title: openApiDocument.info.title,
      version: openApiDocument.info.version,
      description: openApiDocument.info.description,
      operations: operations(),
    })
  }
}
