"""Synthetic people for the case data: names by origin, personal codes, documents, contact details.

The mix follows who comes to Estonian victim support and trafficking-victim counselling: mostly
Estonians and Russian speakers living in Estonia, then Ukrainians, and people from further away in
the trafficking cases (Vietnamese, Uzbek, Filipino, Nigerian workers...). Names keep their
diacritics (Jõgi, Šmidt, Nguyễn) so the search's normalisation is exercised; Russian and Ukrainian
names get a Cyrillic spelling or a second transliteration as an alias, as they do in real files.
Personal codes are valid Estonian codes: the check digit comes from ``stdnum.ee.ik``.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import date, timedelta

from stdnum.ee import ik


@dataclass(frozen=True)
class Origin:
    key: str
    citizenship: str  # ISO country code; "" for stateless / not known
    female: tuple[str, ...]
    male: tuple[str, ...]
    family: tuple[str, ...]  # male form first when the language inflects: "Ivanov/Ivanova"
    language: str
    resident: bool  # lives in Estonia: usually has a personal code


# fmt: off
ESTONIAN = Origin(
    "et",
    "EE",
    ("Kristi", "Triin", "Liis", "Kadri", "Maarja", "Mari", "Kati", "Anu", "Piret", "Helen", "Kätlin", "Merike",
     "Sirje", "Ülle", "Reet", "Tiina", "Eha", "Siiri", "Grete", "Karmen", "Eliise", "Mirjam", "Õie", "Külli"),
    ("Andres", "Jaan", "Mart", "Tõnu", "Rein", "Priit", "Margus", "Urmas", "Toomas", "Indrek", "Jüri", "Märt",
     "Siim", "Rasmus", "Kristjan", "Ott", "Tarmo", "Aivar", "Hillar", "Mihkel"),
    ("Tamm", "Saar", "Sepp", "Mägi", "Kask", "Kukk", "Rebane", "Ilves", "Pärn", "Koppel", "Jõgi", "Lepik",
     "Kuusk", "Karu", "Org", "Raudsepp", "Vaher", "Lõhmus", "Männik", "Kõiv", "Tamme", "Sild", "Põder",
     "Laur", "Ots", "Kallas", "Lill", "Mets", "Oja", "Luik", "Teder", "Kivi", "Õunapuu", "Järv", "Šmidt"),
    "et",
    True,
)
RUSSIAN = Origin(
    "ru",
    "EE",
    ("Natalja", "Jelena", "Olga", "Tatjana", "Svetlana", "Irina", "Anastassia", "Julia", "Marina", "Jekaterina",
     "Ljudmila", "Valentina", "Oksana", "Alina", "Darja", "Viktoria"),
    ("Sergei", "Aleksandr", "Dmitri", "Andrei", "Vladimir", "Igor", "Nikolai", "Jevgeni", "Aleksei", "Maksim",
     "Juri", "Oleg", "Vitali", "Roman", "Artjom"),
    ("Ivanov", "Smirnov", "Kuznetsov", "Popov", "Vassiljev", "Petrov", "Sokolov", "Mihhailov", "Novikov",
     "Fjodorov", "Morozov", "Volkov", "Aleksejev", "Lebedev", "Semjonov", "Jegorov", "Pavlov", "Kozlov",
     "Stepanov", "Nikolajev", "Orlov", "Andrejev", "Makarov", "Zahharov", "Solovjov", "Bogdanov"),
    "ru",
    True,
)
UKRAINIAN = Origin(
    "uk",
    "UA",
    ("Olena", "Oksana", "Iryna", "Nataliia", "Tetiana", "Yuliia", "Kateryna", "Mariia", "Anastasiia", "Viktoriia",
     "Liudmyla", "Halyna", "Solomiia", "Khrystyna"),
    ("Oleksandr", "Andrii", "Serhii", "Volodymyr", "Mykola", "Dmytro", "Yurii", "Vasyl", "Bohdan", "Taras",
     "Oleh", "Ihor", "Petro", "Vitalii"),
    ("Shevchenko", "Kovalenko", "Bondarenko", "Tkachenko", "Kravchenko", "Melnyk", "Boiko", "Koval", "Oliinyk",
     "Shevchuk", "Polishchuk", "Lysenko", "Moroz", "Marchenko", "Savchenko", "Rudenko", "Tkachuk", "Kravets",
     "Hnatiuk", "Pavlenko"),
    "uk",
    False,
)
VIETNAMESE = Origin(
    "vi",
    "VN",
    ("Lan", "Hương", "Mai", "Thảo", "Linh", "Ngọc", "Trang", "Hà", "Phương", "Thu"),
    ("Minh", "Tuấn", "Dũng", "Hùng", "Quang", "Đức", "Nam", "Long", "Hải", "Thắng"),
    ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ"),
    "vi",
    False,
)
FURTHER: tuple[Origin, ...] = (
    Origin("lv", "LV", ("Ilze", "Inese", "Kristīne", "Līga", "Anita"), ("Jānis", "Andris", "Māris", "Edgars"),
           ("Bērziņš", "Kalniņš", "Ozoliņš", "Liepiņš", "Krūmiņš"), "lv", False),
    Origin("lt", "LT", ("Rūta", "Jurgita", "Asta", "Greta"), ("Tomas", "Mindaugas", "Darius", "Žygimantas"),
           ("Kazlauskas", "Jankauskas", "Petrauskas", "Stankevičius", "Žukauskas"), "lt", False),
    Origin("pl", "PL", ("Agnieszka", "Małgorzata", "Katarzyna", "Joanna"), ("Piotr", "Krzysztof", "Paweł", "Łukasz"),
           ("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kamiński"), "pl", False),
    Origin("ro", "RO", ("Ioana", "Elena", "Andreea", "Mihaela"), ("Ion", "Gheorghe", "Vasile", "Ștefan"),
           ("Popescu", "Ionescu", "Popa", "Stan", "Dumitrescu"), "ro", False),
    Origin("uz", "UZ", ("Dilnoza", "Gulnora", "Malika", "Nilufar"), ("Bekzod", "Jasur", "Sardor", "Rustam", "Aziz"),
           ("Karimov", "Rahimov", "Tursunov", "Yusupov", "Aliyev", "Nazarov"), "uz", False),
    Origin("ph", "PH", ("Maria", "Rosalie", "Jocelyn", "Marites"), ("Jose", "Ramon", "Rodel", "Jun"),
           ("Santos", "Reyes", "Cruz", "Bautista", "Dela Cruz", "Villanueva"), "tl", False),
    Origin("ng", "NG", ("Blessing", "Chioma", "Ngozi", "Favour"), ("Emeka", "Chinedu", "Oluwaseun", "Tunde"),
           ("Okafor", "Adeyemi", "Okonkwo", "Eze", "Balogun"), "en", False),
    Origin("by", "BY", ("Volha", "Hanna", "Aksana"), ("Aliaksandr", "Siarhei", "Pavel"),
           ("Karpovich", "Navumenka", "Kavaliou", "Zhuk"), "ru", False),
)

# Weights of the origins: victim support is mostly local; trafficking cases reach further.
ORIGINS_SUPPORT = ((ESTONIAN, 52), (RUSSIAN, 30), (UKRAINIAN, 10), (VIETNAMESE, 1), *((o, 1) for o in FURTHER))
ORIGINS_TRAFFICKING = ((ESTONIAN, 22), (RUSSIAN, 20), (UKRAINIAN, 20), (VIETNAMESE, 10), *((o, 3.5) for o in FURTHER))

CYRILLIC_PAIRS = (
    ("shch", "щ"), ("sch", "щ"), ("zh", "ж"), ("kh", "х"), ("hh", "х"), ("sh", "ш"), ("ch", "ч"), ("ts", "ц"),
    ("ja", "я"), ("ia", "ия"), ("ju", "ю"), ("iu", "ию"), ("jo", "ё"), ("je", "е"), ("ii", "ий"), ("ss", "сс"),
    ("ai", "ай"), ("ei", "ей"), ("oi", "ой"), ("yu", "ю"), ("ya", "я"), ("yi", "ый"), ("y", "ы"),
)
CYRILLIC = str.maketrans(
    {"a": "а", "b": "б", "v": "в", "w": "в", "g": "г", "d": "д", "e": "е", "z": "з", "i": "и", "j": "й",
     "k": "к", "l": "л", "m": "м", "n": "н", "o": "о", "p": "п", "r": "р", "s": "с", "t": "т", "u": "у",
     "f": "ф", "h": "х", "c": "ц"}
)
# fmt: on
RESPELL = (("j", "y"), ("ks", "x"), ("ii", "iy"), ("ia", "iya"), ("hh", "kh"), ("v", "w"), ("ts", "tz"))
PSEUDONYMS = ("Anna", "Maria", "Mari", "Kati", "Olga", "Lena", "Jaan", "Pavel", "Sasha", "Lily", "Tom", "Kim")
DOCUMENT_SHAPES = {"EE": "K{d7}", "UA": "F{L}{d6}", "VN": "C{d7}", "RU": "{d2}{d7}", "UZ": "A{L}{d7}"}

type Document = tuple[str, str, str, date]  # doc_type, number, country, valid_until


@dataclass
class Person:
    given_name: str
    family_name: str
    pseudonym: str
    personal_code: str
    birth_date: date | None
    estimated_birth_year: int | None
    gender: str
    citizenship: str
    language: str
    foreign: bool
    aliases: list[tuple[str, str]] = field(default_factory=list)  # (name, kind)
    documents: list[Document] = field(default_factory=list)


def _family_form(origin: Origin, family: str, female: bool) -> str:
    """Russian and Belarusian surnames inflect for women (Ivanov → Ivanova); the others do not here."""
    if female and origin.key in {"ru", "uz"} and family.endswith(("ov", "ev", "in")):
        return family + "a"
    return family


def personal_code(rng: random.Random, born: date, female: bool, taken: set[str]) -> str:
    """A valid Estonian personal code (GYYMMDDSSSC) for the birth date, unique in ``taken``."""
    century = 3 if born.year < 2000 else 5
    first = century + (1 if female else 0)
    while True:
        head = f"{first}{born:%y%m%d}{rng.randrange(0, 1000):03d}"
        code = head + ik.calc_check_digit(head + "0")
        if code not in taken:
            taken.add(code)
            return code


def _document(rng: random.Random, country: str, today: date) -> Document:
    shape = DOCUMENT_SHAPES.get(country, "{L}{L}{d7}")
    number = shape.format(
        d7=f"{rng.randrange(10**7):07d}",
        d6=f"{rng.randrange(10**6):06d}",
        d2=f"{rng.randrange(10, 99)}",
        L=chr(rng.randrange(65, 91)),
    )
    doc_type = "id_card" if country == "EE" and rng.random() < 0.5 else "passport"
    if country not in {"EE", "UA", "VN", "RU", "UZ"} and rng.random() < 0.2:
        doc_type = "residence_permit"
    return doc_type, number, country, today + timedelta(days=rng.randrange(-400, 3000))


def _cyrillic(name: str) -> str:
    """A rough Russian spelling of a transliterated name (as a police report might have it)."""
    text = name.lower()
    for latin, cyrillic in CYRILLIC_PAIRS:
        text = text.replace(latin, cyrillic)
    return text.translate(CYRILLIC).title()


def _aliases(rng: random.Random, origin: Origin, given: str, family: str) -> list[tuple[str, str]]:
    found: list[tuple[str, str]] = []
    if origin.key in {"ru", "uk", "by"} and rng.random() < 0.5:
        found.append((_cyrillic(f"{given} {family}"), "spelling"))
    respelt = family
    for old, new in RESPELL:
        respelt = respelt.replace(old, new)
    if respelt != family:
        found.append((f"{given} {respelt}", "spelling"))
    if rng.random() < 0.3:
        found.append((f"{given} {rng.choice(origin.family)}", "former"))
    if not found:
        found.append((f"{rng.choice(PSEUDONYMS)} {family}", "alias"))
    return found[: rng.choice((1, 1, 2))]


def person(rng: random.Random, *, trafficking: bool, opened: date, taken_codes: set[str]) -> Person:
    """One client as known when the case was opened."""
    origins = ORIGINS_TRAFFICKING if trafficking else ORIGINS_SUPPORT
    origin = rng.choices([o for o, _ in origins], weights=[w for _, w in origins])[0]
    female = rng.random() < (0.6 if trafficking else 0.8)
    age = min(78, max(14, int(rng.gauss(34 if trafficking else 40, 12))))
    born = opened - timedelta(days=age * 365 + rng.randrange(365))
    given = rng.choice(origin.female if female else origin.male)
    family = _family_form(origin, rng.choice(origin.family), female)
    resident = origin.resident or rng.random() < 0.25
    anonymous = rng.random() < 0.04  # only a pseudonym: the person would not give a name
    p = Person(
        given_name="" if anonymous else given,
        family_name="" if anonymous else family,
        pseudonym="",
        personal_code="",
        birth_date=born,
        estimated_birth_year=None,
        gender="female" if female else "male",
        citizenship=origin.citizenship if rng.random() < 0.95 else "",
        language=origin.language,
        foreign=not resident,
    )
    if anonymous or rng.random() < 0.065:
        p.pseudonym = f"{rng.choice(PSEUDONYMS)} {chr(rng.randrange(65, 91))}."
    # ~60 % of all clients: residents almost always, foreigners when they had lived here.
    if not anonymous and rng.random() < (0.8 if resident else 0.1):
        p.personal_code = personal_code(rng, born, female, taken_codes)
    elif anonymous or rng.random() < 0.35:
        p.birth_date, p.estimated_birth_year = None, born.year
    if not anonymous and rng.random() < 0.1:
        p.aliases = _aliases(rng, origin, given, family)
    if not anonymous and rng.random() < (0.08 if resident else 0.55):
        p.documents.append(_document(rng, p.citizenship or origin.citizenship, opened))
        if rng.random() < 0.1:
            p.documents.append(_document(rng, "EE", opened))
    return p


def phone(rng: random.Random) -> str:
    return f"+3725{rng.randrange(10**6, 10**7)}"
