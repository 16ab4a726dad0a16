// What children say or show, by age, for child_voice events. Written for this
// generator; placeholders: {sibling} (a brother or sister's name), {carer}
// (Mum, Dad, Nan...), {pet}. Ordinary words are everyday, mixed and mostly
// settled; none names a risk factor the rules read.

/** Under 4: what the worker saw (method `behaviour`). */
export const VOICE_UNDER_FOUR = [
  'Smiled and babbled at {carer}; reached for {carer} when the worker came in.',
  'Played with the stacking cups on the floor and brought them to the worker to show.',
  'Went to {carer} for comfort when the doorbell went, then settled and played.',
  'Pointed at the picture book and named the animals; laughed when {carer} made the noises.',
  'Slept through most of the visit; woke calmly and fed well.',
  'Chatty and curious, showed the worker the toy kitchen and "made tea".',
  'A little shy at first, hid behind {carer}, then joined in with the puzzle.',
  'Toddled between {carer} and {sibling}, happy and babbling.',
  'Cried when put down, settled quickly once {carer} picked them up.',
  'Showed the worker a scribble drawing and said "mine".',
] as const

/** 4 to 7. */
export const VOICE_YOUNG = [
  'I like school. My teacher is kind and we have a fish called Bubbles.',
  'I like it when {carer} reads me a story at bedtime.',
  '{sibling} won\'t share the tablet. It\'s not fair.',
  'I had fish fingers for tea. They\'re my favourite.',
  'I\'m scared of the dark so {carer} leaves the landing light on.',
  'My best friend is called Ellie. We play horses at playtime.',
  'I don\'t like getting up for school but I like when I get there.',
  'We went to the park and I did the big slide on my own.',
  'I want to be a vet when I grow up because of {pet}.',
  'Sometimes I feel sad when {carer} is cross but then we have cuddles.',
  'I got a sticker for reading today!',
  'Drew a picture of the family at the seaside and said "that\'s all of us".',
] as const

/** 8 to 12. */
export const VOICE_MIDDLE = [
  'Home is OK. {carer} is trying really hard and it\'s calmer than before.',
  'I like football club on Tuesdays. I want to get in the A team.',
  'I get annoyed with {sibling} because they come in my room.',
  'School is fine. Maths is hard but my teacher helps me.',
  'I miss seeing my dad as much, but I see him at weekends.',
  'I worry about {carer} sometimes but I know who to talk to at school.',
  'I\'d like my own room one day. Sharing with {sibling} is OK though.',
  'The best thing this week was going swimming. The worst thing was the spelling test.',
  'I don\'t really want to talk today. Maybe next time.',
  'I feel happy at home most of the time. Bedtime is 9 o\'clock.',
  'We have more food in now and {carer} made pasta bake on Sunday.',
  'I want things to stay like they are now.',
  'Filled in the three houses: worries "when people shout", good things "my gaming and {pet}", dreams "a trip to the seaside".',
] as const

/** 13 to 17. */
export const VOICE_TEEN = [
  'It\'s fine. I just want to be left alone to get on with my GCSEs.',
  'Home\'s better than it was. {carer} and me actually talk now.',
  'I don\'t see why I have to keep meeting you, but whatever.',
  'I\'m stressed about exams. School are helping with a revision plan.',
  'I go to my mate\'s most evenings. {carer} knows where I am.',
  'I want to do a mechanics course at college next year.',
  'Things are calmer. I\'d tell someone if they weren\'t.',
  'I look out for {sibling} but I\'m not their parent.',
  'I don\'t like being talked about in meetings I\'m not in.',
  'Got a Saturday job at the café. It\'s alright.',
  'Sleeping better since I stopped gaming so late.',
  'Wrote in the worksheet: "home is ok, school is ok, I want my own space".',
] as const

/** A child who cares for others in the family (young-carer). */
export const VOICE_YOUNG_CARER = [
  'I get {sibling} up and ready for school because {carer} is too tired in the mornings.',
  'I do the shopping and make tea most nights. {carer} can\'t manage it at the moment.',
  'I look after {sibling} when {carer} is poorly. I don\'t mind, but I\'m late for school sometimes.',
  'I help {carer} with her tablets and I do the washing. Someone has to.',
] as const

export const PETS = ['the dog', 'our cat', 'my hamster', 'the rabbit', 'our dog Bella', 'the guinea pigs'] as const

export function fillTemplate(template: string, values: Record<string, string>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => values[k] ?? k)
}
