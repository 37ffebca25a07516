/**
 * Demo logins created by the seeders and printed by `npm start`. They exist
 * only in the local demo database.
 */
export const DEMO_ACCOUNTS = [] as { email: string; password: string; description: string }[]
