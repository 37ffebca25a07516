import { audit } from '#accounts/audit/audit_service'
import type { HttpContext } from '@adonisjs/core/http'
import EmissionPoint from '#catalog/models/emission_point'
import NumberingSequence from '#catalog/models/numbering_sequence'
import UpdateEmissionPoint from '#catalog/actions/update_emission_point'
import SetRecordActive from '#catalog/actions/set_record_active'
import { emissionPointValidator, nextNumberValidator } from '#catalog/validators'
import { toEmissionPointDto } from '#catalog/dtos/establishment_dto'
import { codeFormats } from '#catalog/dtos/country_options_dto'
import { rulesFor } from '#catalog/country_rules'
import { validateCatalog } from '#catalog/http'
import { setNextNumber, NumberWouldBeReusedError } from '#catalog/numbering/set_next_number'
import { CatalogValidationException } from '#catalog/errors'

/** One emission point: its code, description, state and numbering. */
export default class EmissionPointsController {
  async edit({ inertia, params, tenant, i18n }: HttpContext) {
    const point = await EmissionPoint.query()
      .where('id', params.id)
      .preload('establishment')
      .firstOrFail()
    const sequences = await NumberingSequence.query().where('emission_point_id', point.id)
    return inertia.render('catalog/emission_points/edit', {
      point: toEmissionPointDto(point, sequences),
      establishment: {
        id: point.establishment.id,
        code: point.establishment.code,
        name: point.establishment.name,
      },
      environment: tenant!.authorityEnvironment,
      formats: codeFormats(rulesFor(tenant!.country), i18n.locale),
    })
  }

  async update(ctx: HttpContext) {
    const { params, session, response, i18n } = ctx
    const point = await EmissionPoint.findOrFail(params.id)
    const input = await validateCatalog(ctx, emissionPointValidator)
    await new UpdateEmissionPoint().handle(point, input, { i18n, actor: ctx })
    session.flash('success', i18n.t('catalog.points.updated', { code: point.code }))
    return response.redirect().toRoute('app.points.edit', { id: point.id })
  }

  async deactivate(ctx: HttpContext) {
    const { params, session, response, i18n } = ctx
    const point = await new SetRecordActive().handle(
      await EmissionPoint.findOrFail(params.id),
      false,
      'emission_point',
      ctx
    )
    session.flash('success', i18n.t('catalog.points.deactivated', { code: point.code }))
    return response.redirect().back()
  }

  async reactivate(ctx: HttpContext) {
    const { params, session, response, i18n } = ctx
    const point = await new SetRecordActive().handle(
      await EmissionPoint.findOrFail(params.id),
      true,
      'emission_point',
      ctx
    )
    session.flash('success', i18n.t('catalog.points.reactivated', { code: point.code }))
    return response.redirect().back()
  }

  /** Moves a sequence forward (a company coming from another system); never backwards. */
  async nextNumber(ctx: HttpContext) {
    const { params, session, response, i18n, tenant } = ctx
    const point = await EmissionPoint.findOrFail(params.id)
    const input = await validateCatalog(ctx, nextNumberValidator)
    try {
      await audit.transaction(ctx, async (trx, record) => {
        const { previousLastNumber, sequenceId } = await setNextNumber(
          trx,
          {
            tenantId: tenant!.id,
            establishmentId: point.establishmentId,
            emissionPointId: point.id,
            documentType: input.documentType,
            environment: input.environment,
          },
          input.nextNumber
        )
        await record('numbering.next_number_set', {
          entity: 'numbering_sequence',
          entityId: sequenceId,
          before: { nextNumber: previousLastNumber + 1 },
          after: {
            nextNumber: input.nextNumber,
            emissionPointId: point.id,
            documentType: input.documentType,
            environment: input.environment,
          },
        })
      })
    } catch (error) {
      if (!(error instanceof NumberWouldBeReusedError)) throw error
      throw new CatalogValidationException([
        {
          field: 'nextNumber',
          rule: 'backwards',
          message: i18n.t('catalog.points.errors.backwards', { last: error.lastNumber }),
        },
      ])
    }
    session.flash(
      'success',
      i18n.t('catalog.points.next_number_saved', { number: input.nextNumber })
    )
    return response.redirect().toRoute('app.points.edit', { id: point.id })
  }
}
