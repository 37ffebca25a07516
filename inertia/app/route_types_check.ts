/**
 * Never imported: `npm run typecheck` reads it to prove that route() refuses
 * what would be a broken link (each @ts-expect-error must meet an error).
 */
import { route } from './route.js'

route('app.documents.show', { id: 1 })
route('app.documents.index', {}, { qs: { page: 2 } })
// @ts-expect-error an unknown route name
route('app.nothing')
// @ts-expect-error a missing parameter
route('app.documents.show')
// @ts-expect-error a parameter the route does not have
route('app.documents.show', { documentId: 1 })
