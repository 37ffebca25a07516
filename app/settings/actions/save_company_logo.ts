import type { HttpContext } from '@adonisjs/core/http'
import type { MultipartFile } from '@adonisjs/core/bodyparser'
import { readFile } from 'node:fs/promises'
import PDFDocument from 'pdfkit'
import CompanyLogo from '#tenancy/models/company_logo'
import { audit } from '#accounts/audit/audit_service'
import { AccountsException } from '#accounts/errors'
import { readLogoImage } from '#settings/logo_image'

/** Limits of a logo: small enough for every PDF and e-mail, large enough to print sharply. */
export const LOGO_LIMITS = {
  maxBytes: 512 * 1024,
  minPixels: 32,
  maxPixels: 2000,
  extensions: ['png', 'jpg', 'jpeg'],
} as const

function refuse(reason: string, data: Record<string, unknown> = {}): never {
  throw new AccountsException(`settings.company.logo_errors.${reason}`, data, 'logo')
}

/**
 * Replaces the company's logo after checking what the file really is: its
 * size in bytes, its type from its first bytes (PNG or JPEG, whatever its
 * name says), its size in pixels, and that the PDF library can draw it.
 * Nothing is stored when any check fails. Audited (type and size, never
 * the bytes).
 */
export default class SaveCompanyLogo {
  async handle(ctx: HttpContext, file: MultipartFile | null) {
    if (!file || !file.tmpPath) refuse('missing')
    if (file.size > LOGO_LIMITS.maxBytes) refuse('too_large', { max: LOGO_LIMITS.maxBytes / 1024 })
    // The name the user's file had (bodyparser's own `extname` is sniffed from the bytes, checked below).
    const extension = (file.clientName.split('.').pop() ?? '').toLowerCase()
    if (!(LOGO_LIMITS.extensions as readonly string[]).includes(extension)) refuse('type')

    const bytes = await readFile(file.tmpPath)
    const image = readLogoImage(bytes)
    if (!image) refuse('type')
    const { minPixels, maxPixels } = LOGO_LIMITS
    if (
      image.width < minPixels ||
      image.height < minPixels ||
      image.width > maxPixels ||
      image.height > maxPixels
    ) {
      refuse('dimensions', {
        width: image.width,
        height: image.height,
        min: minPixels,
        max: maxPixels,
      })
    }
    try {
      // The printed documents draw it with pdfkit: what pdfkit cannot read is refused now.
      new PDFDocument().image(bytes, { fit: [10, 10] })
    } catch {
      refuse('unreadable')
    }

    await audit.transaction(ctx, async (trx, record) => {
      const existing = await CompanyLogo.query({ client: trx }).first()
      const before = existing
        ? { contentType: existing.contentType, width: existing.width, height: existing.height }
        : null
      const logo = existing ?? new CompanyLogo()
      logo.useTransaction(trx)
      logo.merge({
        contentType: image.type,
        content: bytes,
        width: image.width,
        height: image.height,
      })
      await logo.save()
      await record('tenant.logo_changed', {
        entity: 'tenant',
        entityId: ctx.tenant!.id,
        before,
        after: {
          contentType: image.type,
          width: image.width,
          height: image.height,
          bytes: bytes.length,
        },
      })
    })
  }

  /** Removes the logo (documents print the trade name instead), audited. */
  async remove(ctx: HttpContext) {
    await audit.transaction(ctx, async (trx, record) => {
      const existing = await CompanyLogo.query({ client: trx }).first()
      if (!existing) return
      const before = {
        contentType: existing.contentType,
        width: existing.width,
        height: existing.height,
      }
      await existing.useTransaction(trx).delete()
      await record('tenant.logo_changed', {
        entity: 'tenant',
        entityId: ctx.tenant!.id,
        before,
        after: null,
      })
    })
  }
}
