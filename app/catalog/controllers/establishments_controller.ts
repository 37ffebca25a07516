import type { HttpContext } from '@adonisjs/core/http'
import Establishment from '#catalog/models/establishment'
import EmissionPoint from '#catalog/models/emission_point'
import NumberingSequence from '#catalog/models/numbering_sequence'
import MemberDefault from '#catalog/models/member_default'
import Membership from '#accounts/models/membership'
import CreateEstablishment from '#catalog/actions/create_establishment'
import UpdateEstablishment from '#catalog/actions/update_establishment'
import CreateEmissionPoint from '#catalog/actions/create_emission_point'
import SetRecordActive from '#catalog/actions/set_record_active'
import ReactivateEstablishment from '#catalog/actions/reactivate_establishment'
import SetMemberDefault from '#catalog/actions/set_member_default'
import {
  emissionPointValidator,
  establishmentValidator,
  memberDefaultValidator,
} from '#catalog/validators'
import { toEstablishmentDto } from '#catalog/dtos/establishment_dto'
import { codeFormats } from '#catalog/dtos/country_options_dto'
import { rulesFor } from '#catalog/country_rules'
import { validateCatalog } from '#catalog/http'

/**
 * Establishments, their emission points and numbering, and the default
 * point of each member. Tenant-scoped: another company's ids are 404.
 */
export default class EstablishmentsController {
  async index({ inertia, tenant, i18n }: HttpContext) {
    const establishments = await Establishment.query().orderBy('code')
    const points = await EmissionPoint.query().orderBy('code')
    const sequences = await NumberingSequence.query()
    const members = await Membership.query()
      .where('is_active', true)
      .preload('user')
      .orderBy('created_at')
    const defaults = await MemberDefault.all()
    return inertia.render('catalog/establishments/index', {
      establishments: establishments.map((establishment) =>
        toEstablishmentDto(establishment, points, sequences)
      ),
      members: members.map((member) => ({
        membershipId: member.id,
        name: member.user.fullName ?? member.user.email,
        role: member.role,
        emissionPointId:
          defaults.find((item) => item.membershipId === member.id)?.emissionPointId ?? null,
      })),
      environment: tenant!.authorityEnvironment,
      formats: codeFormats(rulesFor(tenant!.country), i18n.locale),
    })
  }

  async create({ inertia, tenant, i18n }: HttpContext) {
    return inertia.render('catalog/establishments/create', {
      formats: codeFormats(rulesFor(tenant!.country), i18n.locale),
    })
  }

  async store(ctx: HttpContext) {
    const { session, response, i18n, tenant } = ctx
    const input = await validateCatalog(ctx, establishmentValidator)
    const establishment = await new CreateEstablishment().handle(input, {
      country: tenant!.country,
      i18n,
      actor: ctx,
    })
    session.flash('success', i18n.t('catalog.establishments.created', { code: establishment.code }))
    return response.redirect().toRoute('app.establishments.index')
  }

  async edit({ inertia, params, tenant, i18n }: HttpContext) {
    const establishment = await Establishment.findOrFail(params.id)
    const points = await EmissionPoint.query()
      .where('establishment_id', establishment.id)
      .orderBy('code')
    const sequences = await NumberingSequence.query().where('establishment_id', establishment.id)
    return inertia.render('catalog/establishments/edit', {
      establishment: toEstablishmentDto(establishment, points, sequences),
      environment: tenant!.authorityEnvironment,
      formats: codeFormats(rulesFor(tenant!.country), i18n.locale),
    })
  }

  async update(ctx: HttpContext) {
    const { params, session, response, i18n } = ctx
    const establishment = await Establishment.findOrFail(params.id)
    const input = await validateCatalog(ctx, establishmentValidator)
    await new UpdateEstablishment().handle(establishment, input, { i18n, actor: ctx })
    session.flash('success', i18n.t('catalog.establishments.updated', { code: establishment.code }))
    return response.redirect().toRoute('app.establishments.edit', { id: establishment.id })
  }

  async deactivate(ctx: HttpContext) {
    const { params, session, response, i18n } = ctx
    const establishment = await new SetRecordActive().handle(
      await Establishment.findOrFail(params.id),
      false,
      'establishment',
      ctx
    )
    session.flash(
      'success',
      i18n.t('catalog.establishments.deactivated', { code: establishment.code })
    )
    return response.redirect().back()
  }

  async reactivate(ctx: HttpContext) {
    const { params, session, response, i18n } = ctx
    const establishment = await new ReactivateEstablishment().handle(
      await Establishment.findOrFail(params.id),
      ctx
    )
    session.flash(
      'success',
      i18n.t('catalog.establishments.reactivated', { code: establishment.code })
    )
    return response.redirect().back()
  }

  async storePoint(ctx: HttpContext) {
    const { params, session, response, i18n } = ctx
    const establishment = await Establishment.findOrFail(params.id)
    const input = await validateCatalog(ctx, emissionPointValidator)
    const point = await new CreateEmissionPoint().handle(establishment, input, { i18n, actor: ctx })
    session.flash(
      'success',
      i18n.t('catalog.points.created', { code: `${establishment.code}-${point.code}` })
    )
    return response.redirect().toRoute('app.establishments.edit', { id: establishment.id })
  }

  async setDefault(ctx: HttpContext) {
    const { params, session, response, i18n } = ctx
    const membership = await Membership.findOrFail(params.membershipId)
    const { emissionPointId } = await validateCatalog(ctx, memberDefaultValidator)
    const point = emissionPointId === null ? null : await EmissionPoint.findOrFail(emissionPointId)
    await new SetMemberDefault().handle(membership.id, point, ctx)
    session.flash('success', i18n.t('catalog.points.default_saved'))
    return response.redirect().toRoute('app.establishments.index')
  }
}
