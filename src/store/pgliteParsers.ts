// How PGlite turns values into JavaScript, shared by the in-process database
// and its worker thread: `date` stays a YYYY-MM-DD string (a JS Date would
// shift it by time zone); bigint ids become numbers (they stay far below 2^53).
const OID = { int8: 20, date: 1082 } as const

export const pgliteParsers = {
  [OID.int8]: (v: string) => Number(v),
  [OID.date]: (v: string) => v,
}
