/*
|--------------------------------------------------------------------------
| Invoicing routes
|--------------------------------------------------------------------------
|
| Documents live in the signed-in company area (/app): the tenant
| middleware runs each request in the company's context, so another
| company's document answers 404. Permissions: documents.view to read and
| download, documents.create / documents.issue to write (documents.create
| also to delete a draft and to copy a document into a new form,
| documents.issue for "Consultar de nuevo" on a flagged document, whose
| route is the tax module's: app/tax/routes.ts).
|
*/
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { registerNavigation } from '#accounts/navigation'

const DocumentsController = () => import('#documents/controllers/documents_controller')
const CreditNotesController = () => import('#documents/controllers/credit_notes_controller')

router
  .group(() => {
    router
      .group(() => {
        router.get('/', [DocumentsController, 'index']).as('index')
        router.get('/:id', [DocumentsController, 'show']).as('show')
        router.get('/:id/xml', [DocumentsController, 'xml']).as('xml')
        router.get('/:id/xml/signed', [DocumentsController, 'signedXml']).as('signed_xml')

        router.get('/:id/pdf', [DocumentsController, 'pdf']).as('pdf')
      })
      .use(middleware.permission({ permission: 'documents.view' }))
    router
      .group(() => {
        router.get('/create', [DocumentsController, 'create']).as('create')
        router.post('/', [DocumentsController, 'store']).as('store')
        router.get('/:id/edit', [DocumentsController, 'edit']).as('edit')
        router.put('/:id', [DocumentsController, 'update']).as('update')
        router.delete('/:id', [DocumentsController, 'destroy']).as('destroy')
        router.get('/:id/duplicate', [DocumentsController, 'duplicate']).as('duplicate')
        router.post('/:id/email', [DocumentsController, 'email']).as('email')
        router.post('/:id/email-tracking', [DocumentsController, 'trackEmail']).as('email_tracking')
      })
      .use(middleware.permission({ permission: 'documents.create' }))
    router
      .group(() => {
        router.post('/:id/issue', [DocumentsController, 'issue']).as('issue')
        router
          .get('/:id/credit-notes/create', [CreditNotesController, 'create'])
          .as('credit_notes.create')
        router.post('/:id/credit-notes', [CreditNotesController, 'store']).as('credit_notes.store')
      })
      .use(middleware.permission({ permission: 'documents.issue' }))
  })
  .prefix('/app/documents')
  .as('app.documents')
  .use([middleware.auth(), middleware.tenant()])

registerNavigation({
  key: 'documents',
  href: '/app/documents',
  permission: 'documents.view',
  order: 10,
})
