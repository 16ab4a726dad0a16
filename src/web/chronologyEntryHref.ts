// Where a chronology entry is: its row's anchor on the family page, and the
// link from any other page (an alert's evidence, the child's page, a saved
// record) that opens the page of the paginated table holding it.

export function eventAnchor(id: string): string {
  return `event-${id}`
}

export function chronologyEntryHref(familyRef: string, eventId: string): string {
  return `/families/${encodeURIComponent(familyRef)}?event=${encodeURIComponent(eventId)}#${eventAnchor(eventId)}`
}
