// Throughline's own generator of realistic synthetic families, for the demo
// data and the scale benchmark. Deterministic: the same options give the same
// families, byte for byte. Streaming: one family at a time, so memory does not
// grow with the number of children.
//
// Volume. The caseload mix (INVOLVEMENT_MIX) sets how many events a child
// gets: early help families carry ~25-40 events per child, child in need ~40-60,
// child protection ~70-110, long involvement ~150-250 and the few intensive
// families (care proceedings, years in foster care) up to ~2,000 events in all.
// With the default mix the caseload averages about 50 events per child
// (60,000 children: about 3 million events); pass `mix` to change it.
import type { IsoDate } from '../exchange/dates.ts'
import { isRealDate } from '../exchange/dates.ts'
import { dayNumber, englandAndWalesCalendar, type Calendar } from '../rules/calendar.ts'
import { FamilyBuilder, type GeneratedFamily, type PlantedDraft } from './familyBuilder.ts'
import { INVOLVEMENT_LEVELS, buildHistory, type HistoryOptions, type InvolvementLevel } from './history.ts'
import { buildHousehold } from './household.ts'
import { FALLBACK_PATTERN, PATTERNS, atLeast, type PatternSpec } from './plantedPatterns.ts'
import { createRandom, seedTag, type Random } from './random.ts'

export type { GeneratedFamily, PlantedPattern } from './familyBuilder.ts'
export type { InvolvementLevel } from './history.ts'

export interface GenerateOptions {
  /** Children to generate in all (born and unborn); the last family is cut to fit. */
  children: number
  seed: number | string
  /** Share of families with one or more planted patterns (default 0.15). */
  patternShare?: number
  /** Earliest date any history may start (default: six years before `end`). */
  start?: IsoDate
  /** The end of every family's record (default 2026-10-31). */
  end?: IsoDate
  /** Relative weights of the involvement levels (default INVOLVEMENT_MIX). */
  mix?: Partial<Record<InvolvementLevel, number>>
}

export const DEFAULT_END: IsoDate = '2026-10-31'

/** The default caseload: mostly early help and child in need, a fifth on child protection, a few long or intensive. */
export const INVOLVEMENT_MIX: Readonly<Record<InvolvementLevel, number>> = {
  early_help: 35,
  child_in_need: 30,
  child_protection: 24,
  long: 9,
  intensive: 2,
}

/** Years of history by level: [shortest, longest]. */
const SPAN_YEARS: Readonly<Record<InvolvementLevel, readonly [number, number]>> = {
  early_help: [1, 3], child_in_need: [1, 4], child_protection: [2, 5], long: [4, 6], intensive: [5, 6],
}

const CHILDREN_PER_FAMILY: readonly (readonly [number, number])[] = [[1, 30], [2, 30], [3, 20], [4, 10], [5, 6], [6, 4]]

interface Resolved {
  seed: string
  tag: string
  patternShare: number
  startDay: number
  endDay: number
  mix: readonly (readonly [InvolvementLevel, number])[]
  cal: Calendar
}

function resolve(options: GenerateOptions): Resolved {
  if (!Number.isInteger(options.children) || options.children < 0) throw new RangeError('children must be a whole number, 0 or more')
  const patternShare = options.patternShare ?? 0.15
  if (!(patternShare >= 0 && patternShare <= 1)) throw new RangeError('patternShare must be between 0 and 1')
  const end = options.end ?? DEFAULT_END
  if (!isRealDate(end)) throw new RangeError(`end must be a date as YYYY-MM-DD, not ${end}`)
  const endDay = dayNumber(end)
  const startDay = options.start === undefined ? endDay - Math.round(6 * 365.25) : dayNumber(options.start)
  if (options.start !== undefined && !isRealDate(options.start)) throw new RangeError(`start must be a date as YYYY-MM-DD, not ${options.start}`)
  if (endDay - startDay < 365) throw new RangeError('start must be at least a year before end')
  const mix = INVOLVEMENT_LEVELS.map((l) => [l, options.mix?.[l] ?? INVOLVEMENT_MIX[l]] as const)
  if (mix.some(([, w]) => !(w >= 0)) || mix.every(([, w]) => w === 0)) throw new RangeError('mix weights must be 0 or more, and not all 0')
  return { seed: String(options.seed), tag: seedTag(options.seed), patternShare, startDay, endDay, mix, cal: englandAndWalesCalendar() }
}

function patternFor(rule: string): PatternSpec {
  const spec = PATTERNS.find(([p]) => p.rule === rule)?.[0]
  if (!spec) throw new RangeError(`no planted pattern for rule ${rule}`)
  return spec
}

function choosePatterns(rng: Random): PatternSpec[] {
  const count = rng.weighted([[1, 70], [2, 22], [3, 8]] as const)
  const chosen: PatternSpec[] = []
  for (let tries = 0; chosen.length < count && tries < 20; tries++) {
    const p = rng.weighted(PATTERNS)
    if (chosen.some((c) => c.rule === p.rule)) continue
    // One pattern that shapes the history at a time (a long plan, drifting pre-proceedings, a neglect plan).
    if (p.history && chosen.some((c) => c.history)) continue
    chosen.push(p)
  }
  return chosen
}

/** The last day anything in the family is known (readings §1.3: the end of the record). */
function lastKnownDay(fam: FamilyBuilder): number {
  let last = -Infinity
  for (const ev of fam.events()) last = Math.max(last, dayNumber(ev.recorded ?? ev.date))
  return last
}

/** A family fixed in advance (the demo set): its level, its number of children and the rules to plant. */
export interface FamilyRecipe {
  level: InvolvementLevel
  children: number
  rules: readonly string[]
}

function generateFamily(r: Resolved, index: number, maxChildren: number, recipe?: FamilyRecipe): GeneratedFamily {
  const rng = createRandom(`${r.seed}#${index}`)
  const patterned = recipe ? recipe.rules.length > 0 : rng.chance(r.patternShare)
  const patterns = recipe ? recipe.rules.map(patternFor) : patterned ? choosePatterns(rng) : []
  let level = recipe?.level ?? rng.weighted(r.mix)
  for (const p of patterns) level = atLeast(level, p.needs)
  const history: HistoryOptions = { level, ...Object.assign({}, ...patterns.map((p) => p.history ?? {})) as Partial<HistoryOptions> }
  const [minYears, maxYears] = SPAN_YEARS[level]
  const years = history.cpLong || history.ploDrift ? Math.max(3, minYears) + rng.next() * (maxYears - Math.max(3, minYears)) : minYears + rng.next() * rng.next() * (maxYears - minYears + 1)
  const span = Math.min(Math.round(years * 365.25), r.endDay - r.startDay)
  const children = Math.min(maxChildren, recipe?.children ?? rng.weighted(CHILDREN_PER_FAMILY))

  const fam = new FamilyBuilder(`G${r.tag}-${String(index + 1).padStart(6, '0')}`, rng, r.cal, r.endDay - span, r.endDay)
  buildHousehold(fam, { children, familyIndex: index })
  buildHistory(fam, history)

  const planted: PlantedDraft[] = []
  for (const p of patterns) planted.push(...p.plant(fam))
  if (patterned && planted.length === 0) planted.push(...FALLBACK_PATTERN.plant(fam))
  // Nothing after the end of the record; a pattern counts only if it holds by the record's last known day.
  fam.remove((_, day) => day > r.endDay)
  const end = lastKnownDay(fam)
  const settled = planted.flatMap((p) => {
    const from = p.recompute ? p.recompute() : p.from
    return from === null ? [] : [{ ...p, from }]
  })
  const kept = settled.filter((p) => p.from <= end && p.events.every((e) => fam.events().includes(e)))
  // The current address is the latest move's.
  const moves = fam.events().filter((ev) => ev.type === 'address_change').sort((a, b) => a.date.localeCompare(b.date))
  const latest = moves[moves.length - 1]
  if (latest?.type === 'address_change' && latest.new_address) {
    const old = new Set([fam.address, ...moves.map((m) => (m.type === 'address_change' ? m.new_address : undefined))])
    for (const p of fam.people) if (p.address !== undefined && old.has(p.address)) p.address = latest.new_address
  }
  return fam.finish(`${fam.familyName} family`, kept)
}

/** Counts the children (born and unborn) in a generated document. */
export function childCount(family: GeneratedFamily): number {
  return family.doc.people.filter((p) => p.role === 'child' || p.role === 'unborn').length
}

/** Yields generated families until `children` children have been made. */
export function* generateFamilies(options: GenerateOptions): Generator<GeneratedFamily> {
  const r = resolve(options)
  let remaining = options.children
  for (let index = 0; remaining > 0; index++) {
    const family = generateFamily(r, index, remaining)
    remaining -= childCount(family)
    yield family
  }
}

/** Generates one family per recipe, in order (the demo set). */
export function generateRecipes(options: Omit<GenerateOptions, 'children'>, recipes: readonly FamilyRecipe[]): GeneratedFamily[] {
  const r = resolve({ ...options, children: 0 })
  return recipes.map((recipe, index) => generateFamily(r, index, recipe.children, recipe))
}
