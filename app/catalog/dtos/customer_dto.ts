import type Customer from '#catalog/models/customer'

export interface CustomerDto {
  id: number
  identificationType: string
  identification: string
  checkDigits: string | null
  taxpayerType: string | null
  foreignIdType: string | null
  foreignCountry: string | null
  legalName: string
  tradeName: string | null
  address: string | null
  emails: string[]
  phone: string | null
  notes: string | null
  isActive: boolean
}

export function toCustomerDto(customer: Customer): CustomerDto {
  return {
    id: customer.id,
    identificationType: customer.identificationType,
    identification: customer.identification,
    checkDigits: customer.checkDigits,
    taxpayerType: customer.taxpayerType,
    foreignIdType: customer.foreignIdType,
    foreignCountry: customer.foreignCountry,
    legalName: customer.legalName,
    tradeName: customer.tradeName,
    address: customer.address,
    emails: customer.emails,
    phone: customer.phone,
    notes: customer.notes,
    isActive: customer.isActive,
  }
}

/** A customer as pickers show it (the invoice form's customer list and its quick-create dialog). */
export interface CustomerChoiceDto {
  id: number
  name: string
  identification: string
  email: string | null
  isActive: boolean
}

export function toCustomerChoice(customer: Customer): CustomerChoiceDto {
  return {
    id: customer.id,
    name: customer.legalName,
    identification: customer.identification,
    email: customer.emails?.[0] ?? null,
    isActive: customer.isActive,
  }
}
