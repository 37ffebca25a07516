/*
|--------------------------------------------------------------------------
| HTTP kernel
|--------------------------------------------------------------------------
|
| Server middleware run for every request (even unmatched ones); router
| middleware run for matched routes; named middleware are applied per route.
|
*/
import router from '@adonisjs/core/services/router'
import server from '@adonisjs/core/services/server'

server.errorHandler(() => import('#core/exceptions/handler'))

server.use([
  () => import('#core/middleware/container_bindings_middleware'),
  () => import('#core/middleware/security_headers_middleware'),
  () => import('@adonisjs/static/static_middleware'),
  () => import('@adonisjs/cors/cors_middleware'),
  () => import('@adonisjs/vite/vite_middleware'),
  () => import('@adonisjs/inertia/inertia_middleware'),
  () => import('#core/middleware/page_component_middleware'),
])

router.use([
  () => import('@adonisjs/core/bodyparser_middleware'),
  () => import('#core/middleware/strip_nul_middleware'),
  () => import('#core/middleware/page_session_middleware'),
  () => import('#core/middleware/cap_flashed_input_middleware'),
  () => import('#core/middleware/page_shield_middleware'),
  () => import('@adonisjs/auth/initialize_auth_middleware'),
  () => import('#core/middleware/detect_user_locale_middleware'),
  () => import('#accounts/middleware/initialize_bouncer_middleware'),
])

export const middleware = router.named({
  guest: () => import('#core/middleware/guest_middleware'),
  auth: () => import('#core/middleware/auth_middleware'),
  tenant: () => import('#accounts/middleware/identify_tenant_middleware'),
  permission: () => import('#accounts/middleware/require_permission_middleware'),
  throttleForms: () => import('#accounts/middleware/throttle_forms_middleware'),
  superAdmin: () => import('#admin/middleware/super_admin_middleware'),
  loopbackOnly: () => import('#core/middleware/loopback_only_middleware'),
  apiAccess: () => import('#billing/middleware/require_api_access_middleware'),
  apiErrors: () => import('#api/middleware/api_errors_middleware'),
  apiAuth: () => import('#api/middleware/api_auth_middleware'),
  apiScope: () => import('#api/middleware/api_scope_middleware'),
  idempotency: () => import('#api/middleware/idempotency_middleware'),
})
