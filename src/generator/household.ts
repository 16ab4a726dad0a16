// Who is in a generated family: children (some unborn), parents and sometimes
// a stepfather, partner, grandmother or kinship carer, with identifiers and an
// address. Dates are day numbers (days since 1970-01-01).
import type { Person } from '../exchange/schema.ts'
import { fromDayNumber } from '../rules/calendar.ts'
import type { AdultInfo, ChildInfo, FamilyBuilder } from './familyBuilder.ts'
import { nhsNumberForSlot, upn } from './identifiers.ts'
import { NAME_GROUP_WEIGHTS, NAME_GROUPS, STREET_KINDS, STREET_NAMES, TOWNS, type NameGroup } from './nameLists.ts'
import type { Random } from './random.ts'

/** NHS number slots per family: enough for every person even after skipping numbers with no valid check digit. */
const NHS_SLOTS_PER_FAMILY = 20

export interface HouseholdOptions {
  /** Children (born and unborn) this family has; 1 to 6. */
  children: number
  familyIndex: number
}

function group(rng: Random): NameGroup {
  const g = NAME_GROUPS[rng.weighted(NAME_GROUP_WEIGHTS)]
  if (!g) throw new Error('unknown name group')
  return g
}

export function randomAddress(rng: Random): { line: string, authority: string } {
  const town = rng.pick(TOWNS)
  const line = `${rng.int(1, 140)} ${rng.pick(STREET_NAMES)} ${rng.pick(STREET_KINDS)}, ${town.town} ${town.postcode}${rng.int(1, 19)} ${rng.int(1, 9)}${String.fromCharCode(65 + rng.int(0, 25))}${String.fromCharCode(65 + rng.int(0, 25))}`
  return { line, authority: town.authority }
}

/** Adds the household's people and relationships to the builder. */
export function buildHousehold(fam: FamilyBuilder, options: HouseholdOptions): void {
  const { rng } = fam
  const mothers = group(rng)
  const fathers = rng.chance(0.15) ? group(rng) : mothers
  const motherFamily = rng.pick(mothers.family)
  const fatherFamily = rng.pick(fathers.family)
  const home = randomAddress(rng)
  fam.address = home.line
  fam.authority = home.authority
  let slot = options.familyIndex * NHS_SLOTS_PER_FAMILY
  const nhs = (): string => {
    for (;;) {
      const n = nhsNumberForSlot(slot++)
      if (n !== null) return n
    }
  }
  const usedNames = new Set<string>()
  const given = (names: readonly string[]): string => {
    for (let i = 0; i < 20; i++) {
      const g = rng.pick(names)
      if (!usedNames.has(g)) { usedNames.add(g); return g }
    }
    return rng.pick(names)
  }

  // Children: the eldest is 1 to 17 at the end of the record, siblings 1 to 4 years apart.
  const end = fam.endDay
  const unbornAtEnd = options.children > 1 && rng.chance(0.12)
  const bornCount = unbornAtEnd ? options.children - 1 : options.children
  let age = bornCount > 0 ? rng.int(Math.min(17, bornCount + 1), 17) : 0
  const kids: ChildInfo[] = []
  const sexes = new Map<string, 'female' | 'male'>()
  let previous = -Infinity
  for (let i = 0; i < bornCount; i++) {
    // Siblings at least 300 days apart; when the record leaves no room, twins.
    const wanted = Math.max(end - Math.floor(age * 365.25) - rng.int(0, 364), previous + 300 + rng.int(0, 200))
    const born = wanted <= end - 20 ? wanted : Number.isFinite(previous) ? previous : end - 20
    previous = born
    const sex = rng.chance(0.5) ? 'female' : 'male'
    const ref = `c${i + 1}`
    sexes.set(ref, sex)
    kids.push({ ref, given: given(sex === 'female' ? mothers.female : fathers.male), born, unborn: false })
    age = Math.max(0, age - rng.int(1, 4))
  }
  for (const k of kids) fam.people.push({ ref: k.ref, given_name: k.given, sex: sexes.get(k.ref) ?? 'unknown', role: 'child', born: fromDayNumber(k.born) })
  if (unbornAtEnd) {
    const expected = end + rng.int(20, 160)
    kids.push({ ref: 'u1', given: 'Baby', born: expected, unborn: true })
    fam.people.push({ ref: 'u1', given_name: 'Baby', family_name: motherFamily, role: 'unborn', expected: fromDayNumber(expected) })
  }
  fam.children.push(...kids)

  const eldestBorn = kids[0]?.born ?? end
  const motherAgeAtFirst = rng.int(17, 36)
  const mother: AdultInfo = { ref: 'mother', given: given(mothers.female), family: motherFamily, inHousehold: true }
  fam.mother = mother
  const adults: Person[] = [{
    ref: 'mother', given_name: mother.given, family_name: motherFamily, sex: 'female', role: 'adult',
    born: fromDayNumber(eldestBorn - Math.floor(motherAgeAtFirst * 365.25) - rng.int(0, 364)),
    identifiers: { nhs_number: nhs() }, address: home.line,
  }]
  const rel = (from: string, to: string, type: Parameters<FamilyBuilder['relationships']['push']>[0]['type']): void => {
    fam.relationships.push({ from, to, type })
  }

  // The father lives with the family in about half of families; otherwise he
  // lives elsewhere, and a stepfather or mother's partner may live there.
  const fatherAtHome = rng.chance(0.5)
  const father: AdultInfo = { ref: 'father', given: given(fathers.male), family: fatherFamily, inHousehold: fatherAtHome }
  const fatherAddress = fatherAtHome ? home.line : randomAddress(rng).line
  adults.push({
    ref: 'father', given_name: father.given, family_name: fatherFamily, sex: 'male', role: 'adult',
    born: fromDayNumber(eldestBorn - Math.floor((motherAgeAtFirst + rng.int(0, 8)) * 365.25) - rng.int(0, 364)),
    identifiers: { nhs_number: nhs() }, address: fatherAddress,
  })
  const childrenSurname = fatherAtHome && rng.chance(0.7) ? fatherFamily : motherFamily
  fam.familyName = childrenSurname
  for (const p of fam.people) if (p.role === 'child') p.family_name = childrenSurname
  if (fatherAtHome) fam.fatherFigure = father
  const newMan = !fatherAtHome && rng.chance(0.45)
  const stepfather = newMan && rng.chance(0.55)
  let secondFamily: string | null = null
  if (newMan) {
    const g = group(rng)
    secondFamily = rng.pick(g.family)
    const ref = stepfather ? 'stepfather' : 'partner'
    const info: AdultInfo = { ref, given: given(g.male), family: secondFamily, inHousehold: true }
    adults.push({ ref, given_name: info.given, family_name: secondFamily, sex: 'male', role: 'adult', identifiers: { nhs_number: nhs() }, address: home.line })
    rel(ref, 'mother', 'partner')
    if (stepfather) fam.fatherFigure = info
  }
  // The youngest child may be the stepfather's: half-siblings.
  const youngestIsStepfathers = stepfather && kids.filter((k) => !k.unborn).length >= 2 && rng.chance(0.5)
  const bornKids = kids.filter((k) => !k.unborn)
  bornKids.forEach((k, i) => {
    rel('mother', k.ref, 'mother')
    const isLast = i === bornKids.length - 1
    if (youngestIsStepfathers && isLast) {
      rel('stepfather', k.ref, 'father')
      const person = fam.people.find((p) => p.ref === k.ref)
      if (person && secondFamily) person.family_name = secondFamily
    } else {
      rel('father', k.ref, 'father')
      if (stepfather) rel('stepfather', k.ref, 'stepfather')
    }
  })
  for (let i = 0; i < bornKids.length; i++) {
    for (let j = i + 1; j < bornKids.length; j++) {
      const a = bornKids[i], b = bornKids[j]
      if (!a || !b) continue
      const half = youngestIsStepfathers && j === bornKids.length - 1
      rel(a.ref, b.ref, half ? 'half_sibling' : 'sibling')
    }
  }
  if (kids.some((k) => k.unborn)) rel('mother', 'u1', 'mother')

  // A maternal grandmother is in the record in a fifth of families; in a few she is a kinship carer.
  if (rng.chance(0.2)) {
    const gm: AdultInfo = { ref: 'grandmother', given: given(mothers.female), family: motherFamily, inHousehold: false }
    fam.grandmother = gm
    adults.push({
      ref: 'grandmother', given_name: gm.given, family_name: motherFamily, sex: 'female', role: 'adult',
      born: fromDayNumber(eldestBorn - Math.floor((motherAgeAtFirst + rng.int(18, 28)) * 365.25)),
      identifiers: { nhs_number: nhs() }, address: randomAddress(rng).line,
    })
    const kinship = rng.chance(0.15)
    for (const k of bornKids) rel('grandmother', k.ref, kinship ? 'kinship_carer' : 'grandmother')
  }

  // Identifiers for the children: NHS number always, UPN once of school age, LA number when known to children's services.
  const laCode = 800 + rng.int(0, 99)
  const school = rng.int(2000, 7999)
  for (const p of fam.people) {
    if (p.role !== 'child') continue
    const info = kids.find((k) => k.ref === p.ref)
    const ids: Record<string, string> = { nhs_number: nhs() }
    if (info && end - info.born > 4 * 365) ids['upn'] = upn(laCode, school, Number(fromDayNumber(info.born + 5 * 365).slice(0, 4)), rng.int(0, 999))
    p.identifiers = ids
    p.address = home.line
  }
  fam.people.push(...adults)
}

/** Gives every child and the mother an LA number (once children's services hold a record). */
export function addLocalAuthorityIds(fam: FamilyBuilder): void {
  let n = fam.rng.int(1_000_000, 8_999_999)
  for (const p of fam.people) {
    if (p.role === 'unborn' || (p.role === 'adult' && p.ref !== 'mother')) continue
    p.identifiers = { ...p.identifiers, la_id: `LA${n++}` }
  }
}
