import Establishment from '#catalog/models/establishment'

/** Establishments with their emission points (read only: they are set up on the settings pages). */
export default class ApiEstablishmentsController {
  async index() {
    const rows = await Establishment.query().preload('emissionPoints').orderBy('code')
    return {
      data: rows.map((item) => ({
        id: item.id,
        code: item.code,
        name: item.name,
        address: item.address,
        isActive: item.isActive,
        emissionPoints: item.emissionPoints
          .sort((a, b) => a.code.localeCompare(b.code))
          .map((point) => ({
            id: point.id,
            code: point.code,
            description: point.description,
            isActive: point.isActive,
          })),
      })),
    }
  }
}
