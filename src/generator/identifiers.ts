// Synthetic identifiers in the real formats, so matching and validation code
// meets realistic values. NHS numbers are drawn from the 999 range the NHS
// reserves for test data, so no generated number can name a real patient.

/** The NHS number's mod-11 check digit for its first 9 digits, or null when the number is not allowed (remainder 10). */
export function nhsCheckDigit(first9: string): number | null {
  let sum = 0
  for (let i = 0; i < 9; i++) sum += Number(first9[i]) * (10 - i)
  const check = 11 - (sum % 11)
  if (check === 11) return 0
  return check === 10 ? null : check
}

export function isValidNhsNumber(nhs: string): boolean {
  return /^\d{10}$/.test(nhs) && nhsCheckDigit(nhs.slice(0, 9)) === Number(nhs[9])
}

/**
 * The valid test-range NHS number for a slot (0 to 999,999), or null when that
 * slot's check digit is not allowed. Slots make numbers unique within a run.
 */
export function nhsNumberForSlot(slot: number): string | null {
  const first9 = `999${String(slot % 1_000_000).padStart(6, '0')}`
  const check = nhsCheckDigit(first9)
  return check === null ? null : `${first9}${check}`
}

const UPN_LETTERS = 'ABCDEFGHJKLMNPQRTUVWXYZ'

/**
 * A unique pupil number: check letter, 3-digit LA code, 4-digit school, 2-digit
 * year of issue, 3-digit serial. The check letter is the DfE one: characters 2
 * to 13 weighted 2 to 13, summed, modulo 23.
 */
export function upn(laCode: number, school: number, year: number, serial: number): string {
  const body = `${String(laCode).padStart(3, '0')}${String(school).padStart(4, '0')}${String(year % 100).padStart(2, '0')}${String(serial % 1000).padStart(3, '0')}`
  let sum = 0
  for (let i = 0; i < body.length; i++) sum += Number(body[i]) * (i + 2)
  return `${UPN_LETTERS[sum % 23]}${body}`
}
