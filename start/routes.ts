/*
|--------------------------------------------------------------------------
| Routes
|--------------------------------------------------------------------------
|
| Platform-wide routes live here; each feature module keeps its own routes
| file (app/<module>/routes.ts) imported below.
|
*/
import app from '@adonisjs/core/services/app'
import router from '@adonisjs/core/services/router'
import { middleware } from '#start/kernel'
import { recordIdMatcher } from '#core/record_id'
import '#accounts/routes'
import '#admin/routes'
import '#catalog/routes'
import '#certificates/routes'
import '#documents/routes'
import '#tax/routes'
import '#billing/routes'
import '#reports/routes'
import '#api/routes'
import '#webhooks/routes'
import '#settings/routes'

/*
| Every `:id` (and `:membershipId`) of every route is a record id in
| 1..2147483647: anything else (0, -1, 99999999999, "abc", a NUL byte)
| matches no route and answers 404 before a controller or a query runs.
| A route with another kind of id declares its own matcher, which wins.
*/
router.where('id', recordIdMatcher)
router.where('membershipId', recordIdMatcher)

const LandingController = () => import('#site/controllers/landing_controller')
const LocaleController = () => import('#site/controllers/locale_controller')
const HealthController = () => import('#core/controllers/health_controller')
const DevMailController = () => import('#core/controllers/dev_mail_controller')

router.get('/', [LandingController, 'show']).as('landing')
router.post('/locale', [LocaleController, 'update']).as('locale.update')
router.get('/health', [HealthController, 'show']).as('health')

// The mail catcher exists outside production only, and even there it
// answers only to this machine (a server started with HOST=0.0.0.0 must
// not hand reset links to the network).
if (!app.inProduction) {
  router
    .group(() => {
      router.get('/', [DevMailController, 'index']).as('index')
      // Captured mail ids are file names, not record ids.
      const mailId = /^[\w-]{1,100}$/
      router.get('/:id', [DevMailController, 'show']).as('show').where('id', mailId)
      router
        .get('/:id/attachments/:index', [DevMailController, 'attachment'])
        .as('attachment')
        .where('id', mailId)
        .where('index', /^\d{1,3}$/)
    })
    .prefix('/dev/mail')
    .as('dev.mail')
    .use(middleware.loopbackOnly())
}
