import type { CountryRules } from '#adapters/core/types'
import type { ImportKind } from '#catalog/models/catalog_import'
import {
  foreignIdentificationTypes,
  identityFieldRules,
  normalizeWord,
  taxpayerTypes,
} from '#catalog/country_rules'

/** A column the import can fill, with the header names it recognises. */
export interface ImportField {
  key: string
  /** The column must be mapped (a cell may still be blank where the data allows it). */
  required: boolean
  /** Header spellings in Spanish and English, compared without accents, case or spaces. */
  aliases: string[]
}

const CUSTOMER_FIELDS: ImportField[] = [
  {
    key: 'identificationType',
    required: true,
    aliases: [
      'tipo identificacion',
      'tipo de identificacion',
      'tipo id',
      'tipo documento',
      'tipo cliente',
      'tipo de cliente',
      'identification type',
      'id type',
      'customer type',
    ],
  },
  {
    key: 'identification',
    required: true,
    aliases: [
      'identificacion',
      'numero identificacion',
      'numero de identificacion',
      'ruc',
      'cedula',
      'ruc cedula',
      'ruc o cedula',
      'id',
      'identification',
      'id number',
      'tax id',
    ],
  },
  { key: 'checkDigits', required: false, aliases: ['dv', 'digito verificador', 'check digits'] },
  {
    key: 'taxpayerType',
    required: false,
    aliases: ['tipo contribuyente', 'tipo de contribuyente', 'taxpayer type'],
  },
  {
    key: 'foreignIdType',
    required: false,
    aliases: [
      'tipo de identificacion extranjera',
      'tipo identificacion extranjero',
      'foreign id type',
    ],
  },
  {
    key: 'foreignCountry',
    required: false,
    aliases: ['pais', 'pais extranjero', 'country', 'foreign country'],
  },
  {
    key: 'legalName',
    required: true,
    aliases: [
      'razon social',
      'nombre',
      'nombres',
      'nombre o razon social',
      'cliente',
      'legal name',
      'name',
      'customer',
    ],
  },
  { key: 'tradeName', required: false, aliases: ['nombre comercial', 'trade name'] },
  { key: 'address', required: false, aliases: ['direccion', 'address'] },
  {
    key: 'emails',
    required: false,
    aliases: ['correo', 'correos', 'correo electronico', 'email', 'emails', 'e-mail', 'e-mails'],
  },
  { key: 'phone', required: false, aliases: ['telefono', 'celular', 'phone', 'mobile'] },
  { key: 'notes', required: false, aliases: ['notas', 'observaciones', 'notes'] },
]

const PRODUCT_FIELDS: ImportField[] = [
  { key: 'code', required: true, aliases: ['codigo', 'codigo principal', 'sku', 'code'] },
  {
    key: 'description',
    required: true,
    aliases: ['descripcion', 'producto', 'nombre', 'description', 'product', 'name'],
  },
  {
    key: 'unit',
    required: false,
    aliases: ['unidad', 'unidad de medida', 'unidad medida', 'unit', 'uom'],
  },
  {
    key: 'unitPrice',
    required: true,
    aliases: ['precio', 'precio unitario', 'pvp', 'unit price', 'price'],
  },
  {
    key: 'taxCategory',
    required: true,
    aliases: [
      'impuesto',
      'iva',
      'itbms',
      'categoria impuesto',
      'categoria de impuesto',
      'tax category',
      'tax',
    ],
  },
  {
    key: 'trackStock',
    required: false,
    aliases: ['controla stock', 'controlar stock', 'inventario', 'track stock'],
  },
  {
    key: 'stock',
    required: false,
    aliases: ['stock', 'existencia', 'existencias', 'stock actual', 'current stock'],
  },
]

const COUNTRY_SPECIFIC_IDENTITY_KEYS = [
  'checkDigits',
  'taxpayerType',
  'foreignIdType',
  'foreignCountry',
]

/**
 * The fields of an import for the tenant's country: the customer fields a
 * country's identification types never ask for (check digits, taxpayer
 * type…) are left out.
 */
export function importFields(kind: ImportKind, rules: CountryRules): ImportField[] {
  if (kind === 'products') return PRODUCT_FIELDS
  const types = rules.identificationTypes().map(identityFieldRules)
  const used = (key: keyof ReturnType<typeof identityFieldRules>) =>
    types.some((type) => type[key] !== 'omit')
  return CUSTOMER_FIELDS.filter((field) => {
    if (!COUNTRY_SPECIFIC_IDENTITY_KEYS.includes(field.key)) return true
    if (field.key === 'taxpayerType') return taxpayerTypes(rules).length > 0 && used('taxpayerType')
    if (field.key === 'foreignIdType') {
      return foreignIdentificationTypes(rules).length > 0 && used('foreignIdType')
    }
    return used(field.key as 'checkDigits' | 'foreignCountry')
  })
}

/**
 * Guesses which column feeds each field from the header names. Each column
 * feeds one field at most; fields without a match are left out.
 */
export function guessMapping(fields: ImportField[], headers: string[]): Record<string, number> {
  const normalized = headers.map(normalizeWord)
  const taken = new Set<number>()
  const mapping: Record<string, number> = {}
  // The field key itself (as exported) wins over aliases.
  for (const field of fields) {
    const candidates = [field.key, ...field.aliases].map(normalizeWord)
    const index = candidates
      .map((candidate) =>
        normalized.findIndex((header, i) => header === candidate && !taken.has(i))
      )
      .find((found) => found >= 0)
    if (index !== undefined) {
      mapping[field.key] = index
      taken.add(index)
    }
  }
  return mapping
}

/** Required fields the mapping does not cover. */
export function missingFields(fields: ImportField[], mapping: Record<string, number>) {
  return fields.filter((field) => field.required && !(field.key in mapping))
}
