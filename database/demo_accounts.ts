/**
 * Demo logins created by the seeders and printed by `npm start`. They exist
 * only in the local demo database.
 */
export const DEMO_ACCOUNTS = [
  {
    email: 'superadmin@facturo.test',
    password: 'Facturo-admin-2024',
    description: 'Platform super-admin (/admin)',
  },
  {
    email: 'propietario@andes.test',
    password: 'Demo-andes-2024',
    description: 'Owner of Ferretería Los Andes (Ecuador)',
  },
  {
    email: 'operador@andes.test',
    password: 'Demo-andes-2024',
    description: 'Operator at Ferretería Los Andes (Ecuador)',
  },
  {
    email: 'propietario@istmo.test',
    password: 'Demo-istmo-2024',
    description: 'Owner of Distribuidora Istmo (Panama)',
  },
  {
    email: 'operador@istmo.test',
    password: 'Demo-istmo-2024',
    description: 'Operator at Distribuidora Istmo (Panama)',
  },
  {
    email: 'contadora@facturo.test',
    password: 'Demo-contadora-2024',
    description: 'Accountant, read-only in both companies (switcher)',
  },
] as { email: string; password: string; description: string }[]
