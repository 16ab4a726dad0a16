// Small helpers for building SVG (and HTML) as strings: escaping every piece
// of text, compact numbers, and the accessible opening of a chart.

const XML_ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }

/** Text or an attribute value made safe for XML and HTML. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => XML_ESCAPES[c] ?? c)
}

/** A coordinate with at most one decimal: keeps large charts small. */
export function num(n: number): string {
  return String(Math.round(n * 10) / 10)
}

export interface ChartFrame {
  idPrefix: string
  width: number
  height: number
  title: string
  description: string
  /**
   * `img` for a picture (its parts are presentational); `group` when the chart
   * holds links, which may not sit inside an element whose children are presentational.
   */
  role: 'img' | 'group'
}

/** The opening tag, <title> and <desc> of an accessible chart. Close it with `</svg>`. */
export function openSvg(frame: ChartFrame): string {
  const id = escapeXml(frame.idPrefix)
  return `<svg xmlns="http://www.w3.org/2000/svg" role="${frame.role}" width="${num(frame.width)}" height="${num(frame.height)}" ` +
    `viewBox="0 0 ${num(frame.width)} ${num(frame.height)}" aria-labelledby="${id}-title" aria-describedby="${id}-desc" ` +
    `font-family="Arial, Helvetica, sans-serif" class="tl-chart">` +
    `<title id="${id}-title">${escapeXml(frame.title)}</title><desc id="${id}-desc">${escapeXml(frame.description)}</desc>`
}

/** A <text> element; the content is escaped. */
export function svgText(x: number, y: number, content: string, attrs = ''): string {
  return `<text x="${num(x)}" y="${num(y)}"${attrs === '' ? '' : ` ${attrs}`}>${escapeXml(content)}</text>`
}
