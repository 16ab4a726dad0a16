// Progressive enhancement only: every page works without this file.
/* global document, sessionStorage */
import { initAll } from '/govuk/govuk-frontend.min.js'
import { initAll as initMoj } from '/moj/moj-frontend.min.js'

initAll()
initMoj()

// Keep the timeline zoom in view: jump back to the timeline after a zoom link.
for (const link of document.querySelectorAll('.app-zoom a')) {
  link.addEventListener('click', () => { sessionStorage.setItem('throughline-scroll', 'timeline') })
}
if (sessionStorage.getItem('throughline-scroll') === 'timeline') {
  sessionStorage.removeItem('throughline-scroll')
  document.getElementById('timeline')?.scrollIntoView()
}
