import { BadUsageError } from '../errors/errors.ts'

/** A whole-number option's value, at least `min`; bad usage (exit 2) otherwise, naming the flag. */
export function wholeNumberOption(text: string, flag: string, min = 0): number {
  if (!/^\d+$/.test(text) || Number(text) < min) {
    throw new BadUsageError(`${flag} must be a whole number${min > 0 ? ` of at least ${min}` : ''}, not "${text}"`)
  }
  return Number(text)
}
