import vine from '@vinejs/vine'

/** "Pasar a producción": the box that says what changes must be ticked. */
export const goLiveValidator = vine.compile(vine.object({ confirm: vine.accepted() }))
