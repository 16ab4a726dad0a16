// Name and place lists for synthetic families. Modest, UK-diverse, invented
// combinations: no list here describes a real family. A family draws its names
// mostly from one group, sometimes mixing two (as many families do).

export interface NameGroup {
  readonly female: readonly string[]
  readonly male: readonly string[]
  readonly family: readonly string[]
}

export const NAME_GROUPS: Readonly<Record<string, NameGroup>> = {
  british: {
    female: ['Olivia', 'Amelia', 'Isla', 'Ava', 'Ivy', 'Freya', 'Lily', 'Florence', 'Millie', 'Evie', 'Poppy', 'Grace', 'Sophie', 'Ruby', 'Chloe', 'Emily', 'Jessica', 'Megan', 'Holly', 'Lacey', 'Kayleigh', 'Shannon', 'Leah', 'Courtney', 'Bethany', 'Gemma', 'Kirsty', 'Donna', 'Leanne', 'Sarah', 'Rebecca', 'Hayley', 'Jade', 'Charlotte', 'Harper', 'Erin', 'Niamh', 'Siobhan', 'Ffion', 'Cerys', 'Eilidh', 'Morag'],
    male: ['Oliver', 'George', 'Noah', 'Arthur', 'Leo', 'Harry', 'Jack', 'Charlie', 'Freddie', 'Alfie', 'Thomas', 'Oscar', 'Archie', 'Jacob', 'Tommy', 'Riley', 'Mason', 'Kyle', 'Liam', 'Connor', 'Callum', 'Jordan', 'Dean', 'Wayne', 'Lee', 'Craig', 'Darren', 'Jamie', 'Ryan', 'Lewis', 'Dylan', 'Ethan', 'Lucas', 'Rhys', 'Owen', 'Dafydd', 'Ewan', 'Fraser', 'Cian', 'Patrick', 'Sean', 'Declan'],
    family: ['Smith', 'Jones', 'Taylor', 'Brown', 'Williams', 'Wilson', 'Johnson', 'Davies', 'Robinson', 'Wright', 'Thompson', 'Evans', 'Walker', 'White', 'Roberts', 'Green', 'Hall', 'Wood', 'Jackson', 'Clarke', 'Harris', 'Lewis', 'Hughes', 'Edwards', 'Turner', 'Hill', 'Cooper', 'Ward', 'Morris', 'Price', 'Bennett', 'Griffiths', 'Murphy', 'Kelly', 'Byrne', 'Doherty', 'Campbell', 'Stewart', 'MacDonald', 'Fraser', 'Pryce', 'Howells', 'Barker', 'Lowe', 'Marsh'],
  },
  southAsian: {
    female: ['Aisha', 'Amira', 'Zara', 'Fatima', 'Maryam', 'Ayesha', 'Priya', 'Anaya', 'Simran', 'Harleen', 'Nadia', 'Sana', 'Hafsa', 'Noor', 'Inaya', 'Rukhsana', 'Shabana', 'Sunita', 'Kiran', 'Jasleen', 'Tasnim', 'Anjali'],
    male: ['Mohammed', 'Muhammad', 'Ibrahim', 'Yusuf', 'Ayaan', 'Zayn', 'Arjun', 'Rohan', 'Harjeet', 'Gurpreet', 'Imran', 'Bilal', 'Hamza', 'Rayyan', 'Aryan', 'Vikram', 'Tariq', 'Faisal', 'Sameer', 'Kabir', 'Rahul', 'Adil'],
    family: ['Khan', 'Ahmed', 'Hussain', 'Ali', 'Begum', 'Patel', 'Shah', 'Singh', 'Kaur', 'Iqbal', 'Rahman', 'Chowdhury', 'Mahmood', 'Akhtar', 'Sharma', 'Gill', 'Sandhu', 'Bibi', 'Miah', 'Uddin', 'Malik', 'Islam'],
  },
  african: {
    female: ['Ama', 'Abena', 'Efua', 'Chidinma', 'Adaeze', 'Ngozi', 'Folake', 'Temitope', 'Ayodele', 'Zainab', 'Hodan', 'Amina', 'Faduma', 'Nia', 'Esi', 'Blessing', 'Precious', 'Joy', 'Grace', 'Tendai'],
    male: ['Kwame', 'Kofi', 'Kwesi', 'Chinedu', 'Emeka', 'Obinna', 'Tunde', 'Femi', 'Olu', 'Abdi', 'Mohamed', 'Hassan', 'Yaw', 'Samuel', 'Daniel', 'David', 'Emmanuel', 'Joshua', 'Tafadzwa', 'Kelechi'],
    family: ['Osei', 'Mensah', 'Owusu', 'Boateng', 'Asante', 'Okafor', 'Okonkwo', 'Adeyemi', 'Oyelaran', 'Balogun', 'Eze', 'Nwosu', 'Abdi', 'Farah', 'Warsame', 'Hassan', 'Mohamud', 'Moyo', 'Ndlovu', 'Banda'],
  },
  caribbean: {
    female: ['Tiana', 'Aaliyah', 'Jada', 'Kiara', 'Shanice', 'Latoya', 'Marcia', 'Simone', 'Keisha', 'Nia', 'Imani', 'Chantelle', 'Serena', 'Naomi', 'Tamara', 'Destiny'],
    male: ['Tyrone', 'Marcus', 'Jerome', 'Andre', 'Kai', 'Malachi', 'Jaden', 'Jermaine', 'Devon', 'Leon', 'Reuben', 'Elijah', 'Isaiah', 'Nathaniel', 'Winston', 'Delroy'],
    family: ['Campbell', 'Brown', 'Williams', 'Clarke', 'Francis', 'Grant', 'Henry', 'Baptiste', 'Gayle', 'Morgan', 'Reid', 'Spencer', 'Bailey', 'Richards', 'Samuels', 'Forbes'],
  },
  easternEuropean: {
    female: ['Zuzanna', 'Julia', 'Maja', 'Zofia', 'Hanna', 'Natalia', 'Oliwia', 'Agnieszka', 'Katarzyna', 'Ioana', 'Elena', 'Andreea', 'Daria', 'Viktoria', 'Marta', 'Alina'],
    male: ['Jakub', 'Kacper', 'Szymon', 'Filip', 'Mateusz', 'Piotr', 'Tomasz', 'Andrei', 'Mihai', 'Stefan', 'Luca', 'Adrian', 'Marek', 'Darius', 'Bogdan', 'Nikola'],
    family: ['Nowak', 'Kowalski', 'Wisniewski', 'Wojcik', 'Kaminski', 'Lewandowski', 'Zielinski', 'Popescu', 'Ionescu', 'Dumitru', 'Stan', 'Horvath', 'Novak', 'Petrov', 'Kazlauskas', 'Ozols'],
  },
  middleEastern: {
    female: ['Leila', 'Yasmin', 'Mariam', 'Huda', 'Rania', 'Lina', 'Salma', 'Elif', 'Zeynep', 'Defne', 'Dilan', 'Shirin', 'Nour', 'Hiba'],
    male: ['Omar', 'Ahmad', 'Karim', 'Yousef', 'Khalid', 'Mustafa', 'Emre', 'Kerem', 'Baran', 'Dara', 'Reza', 'Ali', 'Sami', 'Adam'],
    family: ['Hassan', 'Haddad', 'Nasser', 'Saleh', 'Yilmaz', 'Kaya', 'Demir', 'Celik', 'Aziz', 'Karimi', 'Rostami', 'Mansour', 'Khalil', 'Abbas'],
  },
  eastAsian: {
    female: ['Mei', 'Lin', 'Jia', 'Yan', 'Xin', 'Hoa', 'Linh', 'Thu', 'Ying', 'Hana'],
    male: ['Wei', 'Jun', 'Hao', 'Ming', 'Chen', 'Minh', 'Tuan', 'Duc', 'Kai', 'Ryan'],
    family: ['Wang', 'Li', 'Zhang', 'Chen', 'Liu', 'Nguyen', 'Tran', 'Pham', 'Wong', 'Chan'],
  },
}

/** How often each group heads a family: roughly the mix of a diverse English town. */
export const NAME_GROUP_WEIGHTS: readonly (readonly [string, number])[] = [
  ['british', 62], ['southAsian', 12], ['african', 7], ['caribbean', 5],
  ['easternEuropean', 8], ['middleEastern', 4], ['eastAsian', 2],
]

export const STREET_NAMES = [
  'Elm', 'Oak', 'Ash', 'Birch', 'Willow', 'Station', 'Church', 'Mill', 'Victoria', 'Albert', 'Park', 'Queens',
  'Kings', 'Hawthorn', 'Rowan', 'Chestnut', 'Meadow', 'Brook', 'Canal', 'Foundry', 'Tannery', 'Chapel',
  'Orchard', 'Cedar', 'Laburnum', 'Sycamore', 'Beech', 'Holly', 'Heath', 'Moor', 'Forge', 'Weavers',
] as const
export const STREET_KINDS = ['Road', 'Street', 'Close', 'Avenue', 'Lane', 'Crescent', 'Way', 'Grove', 'Court', 'Terrace'] as const
/** Invented towns, each with an invented postcode area and the (invented) local authority it belongs to. */
export const TOWNS: readonly { readonly town: string, readonly postcode: string, readonly authority: string }[] = [
  { town: 'Ashworth', postcode: 'AW', authority: 'Ashworth Borough Council' },
  { town: 'Brindley', postcode: 'BY', authority: 'Brindley City Council' },
  { town: 'Calderbrook', postcode: 'CB', authority: 'Calder Vale Council' },
  { town: 'Dunmere', postcode: 'DM', authority: 'Calder Vale Council' },
  { town: 'Eastwick', postcode: 'EW', authority: 'Eastwick Metropolitan Council' },
  { town: 'Fenford', postcode: 'FF', authority: 'Fenshire County Council' },
  { town: 'Greyhaven', postcode: 'GH', authority: 'Greyhaven Council' },
  { town: 'Holmebridge', postcode: 'HB', authority: 'Ashworth Borough Council' },
]
export const SCHOOL_NAMES = [
  'St Mary\'s C of E Primary', 'Oakfield Primary', 'Brookside Academy', 'Holy Family Catholic Primary',
  'Meadowbank Infant and Junior', 'Riverside Primary', 'Greenhill Academy', 'Northgate High',
  'Westfield Community School', 'Kingsway Secondary', 'Parkview Academy', 'Castle Hill School',
] as const
