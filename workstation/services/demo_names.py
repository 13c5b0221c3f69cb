"""Made-up but realistic business and personal names for demonstration data (deterministic).

Names are built from invented syllable words and common descriptive words, so a large register
has the mix a real one has: many distinct first words, common trade words ("Holdings",
"Consulting"), designators by entity type, some near-duplicates.
"""

from __future__ import annotations

import random

SYLLABLES = ("ka", "lo", "ven", "tor", "mar", "el", "ri", "dan", "so", "ber", "ni", "cal", "tra",
             "vi", "go", "ran", "de", "quin", "sa", "mo", "lex", "ta", "per", "ro", "fi", "zen",
             "ar", "bel", "co", "dor", "ix", "lu", "ma", "no", "pra", "sil", "ul", "wes", "yor")
SURNAMES = ("Smith", "Johnson", "Williams", "Brown", "Jones", "Miller", "Davis", "Wilson",
            "Anderson", "Taylor", "Thomas", "Moore", "Martin", "Jackson", "Thompson", "White",
            "Harris", "Clark", "Lewis", "Walker", "Hall", "Allen", "Young", "King", "Wright",
            "Scott", "Green", "Baker", "Adams", "Nelson", "Hill", "Campbell", "Mitchell",
            "Roberts", "Carter", "Phillips", "Evans", "Turner", "Parker", "Collins", "Edwards",
            "Stewart", "Morris", "Murphy", "Cook", "Rogers", "Morgan", "Cooper", "Peterson",
            "Reed", "Bailey", "Kelly", "Howard", "Cox", "Ward", "Richardson", "Watson", "Brooks",
            "Kowalski", "Nguyen", "García", "O'Brien", "Schmidt", "Müller", "Yoder", "Patel")
FIRST_NAMES = ("James", "Mary", "John", "Patricia", "Robert", "Jennifer", "Michael", "Linda",
               "William", "Elizabeth", "David", "Barbara", "Richard", "Susan", "Joseph",
               "Jessica", "Thomas", "Sarah", "Charles", "Karen", "Daniel", "Nancy", "Matthew",
               "Lisa", "Anthony", "Betty", "Mark", "Sandra", "Donald", "Ashley", "Steven")
PLACES = ("Buckeye", "Cuyahoga", "Maumee", "Scioto", "Erie", "Miami Valley", "Hocking",
          "Muskingum", "Lakeshore", "Riverside", "Hilltop", "Northfield", "Westgate",
          "Clearwater", "Oak Ridge", "Maple", "Cedar Point", "Highland", "Fairview", "Summit")
TRADES = ("Holdings", "Consulting", "Construction", "Services", "Properties", "Enterprises",
          "Management", "Solutions", "Landscaping", "Auto Repair", "Dental", "Farms",
          "Logistics", "Realty", "Investments", "Restaurant", "Bakery", "Plumbing", "Electric",
          "Roofing", "Trucking", "Capital", "Partners", "Group", "Technologies", "Design",
          "Marketing", "Cleaning", "Home Health", "Insurance Agency", "Church", "Foundation",
          "Ministries", "Academy", "Brothers", "Associates", "Manufacturing", "Supply")
DESIGNATORS = {  # by entity type code (resources/profiles/*/entity_types.toml)
    "corp": ("Inc.", "Incorporated", "Corporation", "Corp.", "Company", "Co."),
    "prof-corp": ("Inc.", "Co.", "LPA"),
    "nonprofit": ("Inc.", "Incorporated", "Corporation"),
    "foreign-corp": ("Inc.", "Corporation", "Corp."),
    "foreign-nonprofit": ("Inc.",),
    "llc": ("LLC", "L.L.C.", "Limited Liability Company", "Ltd."),
    "foreign-llc": ("LLC", "L.L.C."),
    "lp": ("LP", "Limited Partnership"),
    "llp": ("LLP", "L.L.P.", "PLL"),
    "trade-name": ("",),
    "fictitious-name": ("",),
    "name-reservation": ("LLC", "Inc.", ""),
}


def invented_word(rng: random.Random) -> str:
    word = "".join(rng.choice(SYLLABLES) for _ in range(rng.choice((2, 2, 3))))
    return word.capitalize()


def business_name(rng: random.Random, entity_type: str) -> str:
    """One name; the designator suits the entity type (or is missing, as in real trade names)."""
    pick = rng.random()
    if pick < 0.35:
        core = f"{invented_word(rng)} {rng.choice(TRADES)}"
    elif pick < 0.6:
        core = f"{rng.choice(SURNAMES)} {rng.choice(TRADES)}"
    elif pick < 0.75:
        core = f"{rng.choice(PLACES)} {rng.choice(TRADES)}"
    elif pick < 0.9:
        core = f"{invented_word(rng)} {invented_word(rng)} {rng.choice(TRADES)}"
    else:
        core = f"{rng.choice(SURNAMES)} & {rng.choice(SURNAMES)} {rng.choice(TRADES)}"
    if rng.random() < 0.05:
        core = f"The {core}"
    if rng.random() < 0.03:
        core = f"{core} {rng.randint(2, 9)}"
    designator = rng.choice(DESIGNATORS.get(entity_type, ("",)))
    return f"{core} {designator}".strip() if designator else core


def person(rng: random.Random) -> tuple[str, str, str]:
    """(last, first, middle) — middle is often an initial or empty."""
    middle = rng.choice(("", "", rng.choice("ABCDEJMRST"), rng.choice(FIRST_NAMES)))
    return rng.choice(SURNAMES), rng.choice(FIRST_NAMES), middle
