// Progressive enhancement only: every page works without this file. With it,
// zooming the timeline and filtering the chronology update that part of the
// page in place (the same server-rendered HTML, fetched), keeping the reader's
// place; the address bar follows, so a link or a reload shows the same view.
/* global document, window, fetch, DOMParser, Element, URLSearchParams, FormData */
import { initAll } from '/govuk/govuk-frontend.min.js'
import { initAll as initMoj } from '/moj/moj-frontend.min.js'

initAll()
initMoj()

/**
 * Fetches `url` and replaces each region of `ids` with the same region of the
 * answer: the timeline, the chronology and the filter form's state all carry
 * the zoom and filters in their links, so they are swapped together.
 */
async function swapRegions(url, ids) {
  const regions = ids.map((id) => document.getElementById(id)).filter((r) => r !== null)
  if (regions.length === 0) return false
  for (const region of regions) region.setAttribute('aria-busy', 'true')
  try {
    const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
    if (!response.ok || response.redirected) return false
    const page = new DOMParser().parseFromString(await response.text(), 'text/html')
    const fresh = regions.map((region) => page.getElementById(region.id))
    if (fresh.some((f) => f === null)) return false
    regions.forEach((region, i) => region.replaceWith(document.importNode(fresh[i], true)))
    window.history.replaceState(null, '', url)
    return true
  } catch {
    return false
  } finally {
    for (const region of regions) region.removeAttribute('aria-busy')
  }
}

const FAMILY_VIEW_REGIONS = ['timeline-region', 'chronology-region', 'filter-state', 'filter-clear']

// Timeline zoom (links still work as plain links).
document.addEventListener('click', async (event) => {
  const link = event.target instanceof Element ? event.target.closest('.app-zoom a') : null
  if (link === null || event.metaKey || event.ctrlKey || event.shiftKey) return
  event.preventDefault()
  if (!(await swapRegions(link.href, FAMILY_VIEW_REGIONS))) window.location.assign(link.href)
  else document.querySelector('#timeline-region .app-zoom a[aria-current]')?.focus()
})

// Chronology filters: apply as soon as a choice changes (the button still submits).
for (const form of document.querySelectorAll('form[data-app-live-filter]')) {
  const apply = () => {
    const url = new URL(form.action, window.location.href)
    url.search = new URLSearchParams(new FormData(form)).toString()
    void swapRegions(url.toString(), FAMILY_VIEW_REGIONS)
  }
  for (const select of form.querySelectorAll('select')) select.addEventListener('change', apply)
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    apply()
  })
}

