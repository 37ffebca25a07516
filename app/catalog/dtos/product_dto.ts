import type Product from '#catalog/models/product'
import { displayDecimal } from '#catalog/decimal'

/** Amounts stay decimal strings on the page ("12.50", "0.123456"). */
export interface ProductDto {
  id: number
  code: string
  description: string
  unit: string | null
  unitPrice: string
  taxCategory: string
  trackStock: boolean
  stock: string | null
  isActive: boolean
}

export function toProductDto(product: Product): ProductDto {
  return {
    id: product.id,
    code: product.code,
    description: product.description,
    unit: product.unit,
    unitPrice: displayDecimal(product.unitPrice),
    taxCategory: product.taxCategory,
    trackStock: product.trackStock,
    stock: product.stock === null ? null : displayDecimal(product.stock, 0),
    isActive: product.isActive,
  }
}
