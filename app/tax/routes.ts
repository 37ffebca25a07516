/*
|--------------------------------------------------------------------------
| Tax routes
|--------------------------------------------------------------------------
|
| "Consultar de nuevo" resumes the authority work of a document the
| authority kept in process past the polling window. It sits under the
| document's URL but belongs to the module that talks to authorities.
| Same rules as the documents area: signed in, in the company's context
| (another company's document answers 404), documents.issue.
|
| The platform backlog (documents still waiting on an authority, across
| companies) is for super-admins only.
|
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const DocumentChecksController = () => import('#tax/controllers/document_checks_controller')
const BacklogController = () => import('#tax/controllers/backlog_controller')
const DocumentVoidsController = () => import('#tax/controllers/document_voids_controller')

router
  .post('/app/documents/:id/check-again', [DocumentChecksController, 'store'])
  .as('app.documents.check_again')
  .use([
    middleware.auth(),
    middleware.tenant(),
    middleware.permission({ permission: 'documents.issue' }),
  ])

// "Anular": voiding goes to the authority, so it is this module's; same rules as issuing.
router
  .post('/app/documents/:id/void', [DocumentVoidsController, 'store'])
  .as('app.documents.void')
  .use([
    middleware.auth(),
    middleware.tenant(),
    middleware.permission({ permission: 'documents.issue' }),
  ])

router
  .get('/admin/documents/backlog', [BacklogController, 'show'])
  .as('admin.documents.backlog')
  // superAdmin alone: guests get the same 404 as everyone who is not a super-admin.
  .use(middleware.superAdmin())
