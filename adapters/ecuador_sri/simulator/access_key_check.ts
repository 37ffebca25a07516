/*
|--------------------------------------------------------------------------
| Clave de acceso checks (simulator side)
|--------------------------------------------------------------------------
|
| The simulator checks claves on its own, without the builder's code, so a
| mistake in Facturo's key generation shows up as a rejection instead of
| being mirrored. Layout (49 digits): fecha ddmmyyyy(8) · codDoc(2) · RUC(13)
| · ambiente(1) · estab(3) · ptoEmi(3) · secuencial(9) · código numérico(8)
| · tipoEmision(1) · dígito verificador(1).
|
*/

export interface AccessKeyFields {
  /** ddmmyyyy */
  date: string
  documentCode: string
  ruc: string
  environment: string
  establishment: string
  emissionPoint: string
  sequential: string
  numericCode: string
  emissionType: string
  checkDigit: string
}

/**
 * Módulo 11 over the first 48 digits: weights 2..7 repeating from the
 * rightmost digit; 11 − (sum mod 11), where 11 becomes 0 and 10 becomes 1.
 */
export function moduloElevenDigit(digits: string): number {
  let sum = 0
  let weight = 2
  for (let index = digits.length - 1; index >= 0; index--) {
    sum += Number(digits[index]) * weight
    weight = weight === 7 ? 2 : weight + 1
  }
  const result = 11 - (sum % 11)
  if (result === 11) return 0
  if (result === 10) return 1
  return result
}

/** Why a clave is malformed, or null when its shape and check digit are right. */
export function accessKeyProblem(key: string | undefined): string | null {
  if (!key) return 'la clave de acceso está vacía'
  if (!/^\d{49}$/.test(key)) return `la clave de acceso debe tener 49 dígitos (tiene ${key.length})`
  const expected = moduloElevenDigit(key.slice(0, 48))
  if (Number(key[48]) !== expected) {
    return `dígito verificador incorrecto: ${key[48]}, se esperaba ${expected}`
  }
  return null
}

/** Splits a 49-digit clave into its fields (no validation). */
export function accessKeyFields(key: string): AccessKeyFields {
  return {
    date: key.slice(0, 8),
    documentCode: key.slice(8, 10),
    ruc: key.slice(10, 23),
    environment: key.slice(23, 24),
    establishment: key.slice(24, 27),
    emissionPoint: key.slice(27, 30),
    sequential: key.slice(30, 39),
    numericCode: key.slice(39, 47),
    emissionType: key.slice(47, 48),
    checkDigit: key.slice(48, 49),
  }
}
