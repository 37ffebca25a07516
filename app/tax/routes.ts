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
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'

const DocumentChecksController = () => import('#tax/controllers/document_checks_controller')

router
  .post('/app/documents/:id/check-again', [DocumentChecksController, 'store'])
  .as('app.documents.check_again')
  .use([
    middleware.auth(),
    middleware.tenant(),
    middleware.permission({ permission: 'documents.issue' }),
  ])
