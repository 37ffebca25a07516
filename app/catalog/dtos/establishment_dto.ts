import type Establishment from '#catalog/models/establishment'
import type EmissionPoint from '#catalog/models/emission_point'
import type NumberingSequence from '#catalog/models/numbering_sequence'
import { NUMBERED_DOCUMENT_TYPES, NUMBERING_ENVIRONMENTS } from '#catalog/numbering/allocate_number'

export interface SequenceDto {
  documentType: string
  environment: string
  lastNumber: number
  nextNumber: number
}

export interface EmissionPointDto {
  id: number
  establishmentId: number
  code: string
  description: string | null
  isActive: boolean
  sequences: SequenceDto[]
}

export interface EstablishmentDto {
  id: number
  code: string
  name: string | null
  address: string
  isActive: boolean
  points: EmissionPointDto[]
}

/** Every document type × environment of a point, including sequences not used yet. */
export function sequencesOf(point: EmissionPoint, sequences: NumberingSequence[]): SequenceDto[] {
  return NUMBERED_DOCUMENT_TYPES.flatMap((documentType) =>
    NUMBERING_ENVIRONMENTS.map((environment) => {
      const row = sequences.find(
        (sequence) =>
          sequence.emissionPointId === point.id &&
          sequence.documentType === documentType &&
          sequence.environment === environment
      )
      const lastNumber = row?.lastNumber ?? 0
      return { documentType, environment, lastNumber, nextNumber: lastNumber + 1 }
    })
  )
}

export function toEmissionPointDto(
  point: EmissionPoint,
  sequences: NumberingSequence[]
): EmissionPointDto {
  return {
    id: point.id,
    establishmentId: point.establishmentId,
    code: point.code,
    description: point.description,
    isActive: point.isActive,
    sequences: sequencesOf(point, sequences),
  }
}

export function toEstablishmentDto(
  establishment: Establishment,
  points: EmissionPoint[],
  sequences: NumberingSequence[]
): EstablishmentDto {
  return {
    id: establishment.id,
    code: establishment.code,
    name: establishment.name,
    address: establishment.address,
    isActive: establishment.isActive,
    points: points
      .filter((point) => point.establishmentId === establishment.id)
      .map((point) => toEmissionPointDto(point, sequences)),
  }
}
