// Progressive enhancement only: every page works without this file. With it,
// zooming the timeline and filtering the chronology update that part of the
// page in place (the same server-rendered HTML, fetched), keeping the reader's
// place; the address bar follows, so a link or a reload shows the same view.
/* global document, window, fetch, DOMParser, Element, URLSearchParams, FormData */
import { initAll } from '/govuk/govuk-frontend.min.js'
import { initAll as initMoj } from '/moj/moj-frontend.min.js'

initAll()
initMoj()

/** Fetches `url` and replaces the region `id` with the same region of the answer. */
async function swapRegion(url, id) {
  const region = document.getElementById(id)
  if (region === null) return false
  region.setAttribute('aria-busy', 'true')
  try {
    const response = await fetch(url, { credentials: 'same-origin', headers: { Accept: 'text/html' } })
    if (!response.ok || response.redirected) return false
    const page = new DOMParser().parseFromString(await response.text(), 'text/html')
    const fresh = page.getElementById(id)
    if (fresh === null) return false
    region.replaceWith(document.importNode(fresh, true))
    window.history.replaceState(null, '', url)
    return true
  } catch {
    return false
  } finally {
    region.removeAttribute('aria-busy')
  }
}

// Timeline zoom: swap the timeline only (links still work as plain links).
document.addEventListener('click', async (event) => {
  const link = event.target instanceof Element ? event.target.closest('.app-zoom a') : null
  if (link === null || event.metaKey || event.ctrlKey || event.shiftKey) return
  event.preventDefault()
  if (!(await swapRegion(link.href, 'timeline-region'))) window.location.assign(link.href)
  else document.querySelector('#timeline-region .app-zoom a[aria-current]')?.focus()
})

// Chronology filters: apply as soon as a choice changes (the button still submits).
for (const form of document.querySelectorAll('form[data-app-live-filter]')) {
  const target = form.getAttribute('data-app-live-filter')
  const apply = () => {
    const url = new URL(form.action, window.location.href)
    url.search = new URLSearchParams(new FormData(form)).toString()
    void swapRegion(url.toString(), target)
  }
  for (const select of form.querySelectorAll('select')) select.addEventListener('change', apply)
  form.addEventListener('submit', (event) => {
    event.preventDefault()
    apply()
  })
}

