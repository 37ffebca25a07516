/*
|--------------------------------------------------------------------------
| REST API
|--------------------------------------------------------------------------
|
| Request allowances per minute (#api/limits): per access token, and per
| company across all its tokens. API_LIMIT_PER_TOKEN and
| API_LIMIT_PER_COMPANY raise or lower them for a deployment (the
| throughput benchmark raises them to measure the server, not the limit).
|
*/
import env from '#start/env'

const apiConfig = {
  limits: {
    perToken: { requests: env.get('API_LIMIT_PER_TOKEN', 300), duration: 60 },
    perCompany: { requests: env.get('API_LIMIT_PER_COMPANY', 600), duration: 60 },
  },
}

export default apiConfig
