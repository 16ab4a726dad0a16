// The pictures on the family and child pages. The SVGs come from the pure
// renderers in charts/; each has a text alternative on the page (the
// chronology table, the tables under each chart).
import type { FamilyRecord } from '../access/caseRepository.ts'
import type { IsoDate } from '../exchange/dates.ts'

export const ZOOM_IDS = ['all', '2y', '6m', '3m', '6w'] as const
export type ZoomId = (typeof ZOOM_IDS)[number]

export interface FamilyCharts {
  timelineSvg: string | null
  relationshipSvg: string | null
  zoomLevels: { id: ZoomId; label: string; href: string; current: boolean }[]
}

export async function familyCharts(_record: FamilyRecord, _options: { asOf: IsoDate; zoom: ZoomId | undefined; familyRef: string }): Promise<FamilyCharts> {
  return { timelineSvg: null, relationshipSvg: null, zoomLevels: [] }
}

export interface ChildCharts {
  attendanceSvg: string | null
  scoresSvg: string | null
}

export function childCharts(_record: FamilyRecord, _childRef: string): ChildCharts {
  return { attendanceSvg: null, scoresSvg: null }
}
