/*
|--------------------------------------------------------------------------
| Invoicing routes
|--------------------------------------------------------------------------
|
| Documents live in the signed-in company area (/app): the tenant
| middleware runs each request in the company's context, so another
| company's document answers 404. Permissions: documents.view to read and
| download, documents.create / documents.issue to write (documents.issue
| also for "Consultar de nuevo" on a flagged document).
|
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { registerNavigation } from '#tenancy/navigation'

const DocumentsController = () => import('#documents/controllers/documents_controller')
const CreditNotesController = () => import('#documents/controllers/credit_notes_controller')
const BacklogController = () => import('#documents/controllers/backlog_controller')
const DocumentChecksController = () => import('#documents/controllers/document_checks_controller')

const id = router.matchers.number()

router
  .group(() => {
    router
      .group(() => {
        router.get('/', [DocumentsController, 'index']).as('index')
        router.get('/:id', [DocumentsController, 'show']).as('show').where('id', id)
        router.get('/:id/xml', [DocumentsController, 'xml']).as('xml').where('id', id)
        router
          .get('/:id/xml/signed', [DocumentsController, 'signedXml'])
          .as('signed_xml')
          .where('id', id)
        router.get('/:id/pdf', [DocumentsController, 'pdf']).as('pdf').where('id', id)
      })
      .use(middleware.permission({ permission: 'documents.view' }))
    router
      .group(() => {
        router.get('/create', [DocumentsController, 'create']).as('create')
        router.post('/', [DocumentsController, 'store']).as('store')
        router.get('/:id/edit', [DocumentsController, 'edit']).as('edit').where('id', id)
        router.put('/:id', [DocumentsController, 'update']).as('update').where('id', id)
        router.post('/:id/email', [DocumentsController, 'email']).as('email').where('id', id)
      })
      .use(middleware.permission({ permission: 'documents.create' }))
    router
      .group(() => {
        router.post('/:id/issue', [DocumentsController, 'issue']).as('issue').where('id', id)
        router
          .post('/:id/check-again', [DocumentChecksController, 'store'])
          .as('check_again')
          .where('id', id)
        router
          .get('/:id/credit-notes/create', [CreditNotesController, 'create'])
          .as('credit_notes.create')
          .where('id', id)
        router
          .post('/:id/credit-notes', [CreditNotesController, 'store'])
          .as('credit_notes.store')
          .where('id', id)
      })
      .use(middleware.permission({ permission: 'documents.issue' }))
  })
  .prefix('/app/documents')
  .as('app.documents')
  .use([middleware.auth(), middleware.tenant()])

router
  .get('/admin/documents/backlog', [BacklogController, 'show'])
  .as('admin.documents.backlog')
  // superAdmin alone: guests get the same 404 as everyone who is not a super-admin.
  .use(middleware.superAdmin())

registerNavigation({
  key: 'documents',
  href: '/app/documents',
  permission: 'documents.view',
  order: 10,
})
