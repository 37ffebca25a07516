import { readFile, unlink } from 'node:fs/promises'
import type { HttpContext } from '@adonisjs/core/http'
import Certificate from '#certificates/models/certificate'
import UploadCertificate, {
  MAX_P12_BYTES,
  recordFailedUpload,
} from '#certificates/actions/upload_certificate'
import { CertificateUploadException } from '#certificates/errors'
import { toCertificateDto } from '#certificates/dtos/certificate_dto'
import {
  CertificatesMessagesProvider,
  errorsByField,
  uploadCertificateValidator,
} from '#certificates/validators'
import PacCredentialsController from '#certificates/controllers/pac_credentials_controller'
import tax from '#adapters/core/services/tax'

/**
 * /app/settings/certificates: the credential the company's country needs
 * to issue (its adapter's `profile.credential`): a signing certificate
 * (upload, details, history), PAC tokens, or a page saying none is needed.
 */
export default class CertificatesController {
  async index(ctx: HttpContext) {
    const profile = tax.use(ctx.tenant!.country).profile
    if (profile.credential === 'pac_tokens') return new PacCredentialsController().index(ctx)
    if (profile.credential === 'none') {
      return ctx.inertia.render('certificates/none', { authorityName: profile.authorityName })
    }
    const rows = await Certificate.query()
      .preload('uploadedBy')
      .orderBy('is_current', 'desc')
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
    const current = rows.find((row) => row.isCurrent)
    return ctx.inertia.render('certificates/index', {
      current: current ? toCertificateDto(current) : null,
      history: rows.filter((row) => !row.isCurrent).map((row) => toCertificateDto(row)),
      company: { taxId: ctx.tenant!.taxId, legalName: ctx.tenant!.legalName },
      maxKb: MAX_P12_BYTES / 1024,
    })
  }

  async store(ctx: HttpContext) {
    const { request, session, response, i18n, tenant, auth } = ctx
    const file = request.file('certificate')
    try {
      let password = ''
      try {
        const data = await request.validateUsing(uploadCertificateValidator, {
          messagesProvider: new CertificatesMessagesProvider(i18n),
        })
        password = data.password ?? ''
      } catch (error) {
        const fields = errorsByField(error)
        if (!fields) throw error
        session.flashErrors(fields)
        return response.redirect().back()
      }

      // Checked before reading the file: a huge upload is refused unread.
      const early =
        !file || !file.tmpPath
          ? new CertificateUploadException('missing_file')
          : file.size > MAX_P12_BYTES
            ? new CertificateUploadException('too_large', { max: MAX_P12_BYTES / 1024 })
            : null
      if (early) {
        await recordFailedUpload(ctx, tenant!, early, file?.clientName)
        throw early
      }
      const bytes = await readFile(file!.tmpPath!)
      const { certificate, replaced } = await new UploadCertificate().handle(ctx, tenant!, {
        bytes,
        password,
        fileName: file!.clientName,
        userId: auth.user?.id ?? null,
      })
      // Identifiers only: never the file, the password or the key.
      ctx.logger.info(
        {
          tenantId: tenant!.id,
          certificateId: certificate.id,
          replacedId: replaced?.id ?? null,
          fingerprint: certificate.fingerprintSha256,
        },
        'signing certificate uploaded'
      )
      session.flash(
        'success',
        i18n.t(replaced ? 'certificates.upload.replaced' : 'certificates.upload.done', {
          holder: certificate.holderName,
          date: certificate.validTo.setZone('UTC').toISODate(),
        })
      )
      return response.redirect().toRoute('app.certificates.index')
    } catch (error) {
      if (!(error instanceof CertificateUploadException)) throw error
      ctx.logger.info({ tenantId: tenant!.id, reason: error.reason }, 'signing certificate refused')
      const field = error.reason === 'wrong_password' ? 'password' : 'certificate'
      session.flashErrors({ [field]: i18n.t(error.translationKey, error.data) })
      return response.redirect().back()
    } finally {
      // The body parser wrote the upload to a temporary file: never leave a
      // certificate on disk outside the vault.
      if (file?.tmpPath) await unlink(file.tmpPath).catch(() => {})
    }
  }
}
