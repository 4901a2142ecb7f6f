"""Cross-cultural knowledge the drafts need: writing style by region, how to
address a person, and which countries keep Ramadan.

Templates decide the wording; this module only supplies facts about the
customer (``style``) and the contact (``person``) as plain data.
See domain.md, "Cross-cultural communication".
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import asdict, dataclass

# Countries where most people are Muslim: value content and promotions are held
# back during Ramadan (domain.md: "no frequent pushes during Ramadan").
MUSLIM_MAJORITY = frozenset(
    "AE AF AL AZ BD BF BH BN DJ DZ EG GM GN ID IQ IR JO KG KM KW KZ LB LY MA ML MR MV MY "
    "NE OM PK PS QA SA SD SL SN SO SY TD TJ TM TN TR UZ XK YE".split()
)

REGIONS = {
    "germanic": "DE AT CH LI",
    "europe": "GB IE FR BE NL LU DK SE NO FI IS IT ES PT GR MT CY PL CZ SK HU SI HR RO BG "
    "EE LV LT RS BA ME MK AL UA BY MD RU",
    "north-america": "US CA",
    "latin-america": "MX GT HN SV NI CR PA CU DO PR CO VE EC PE BO CL AR UY PY BR",
    "middle-east": "AE SA QA KW BH OM YE JO LB SY IQ IR IL PS EG TR",
    "south-asia": "IN PK BD LK NP BT MV AF",
    "japan": "JP",
    "east-asia": "CN HK MO TW KR MN",
    "southeast-asia": "SG MY ID TH VN PH MM KH LA BN",
    "oceania": "AU NZ",
    "africa": "ZA NG KE GH TZ UG ET DZ MA TN LY SD SN CI CM AO MZ ZM ZW",
}
REGION_OF = {code: region for region, codes in REGIONS.items() for code in codes.split()}


@dataclass(frozen=True)
class Style:
    """How to write to a customer, by region (domain.md, cross-cultural)."""

    region: str
    small_talk: bool  # a friendly opening line before business (not for Europeans)
    warm: bool  # lively, less formal tone (Latin America)
    data: bool  # lead with data, process and compliance documents (Germans)
    patient: bool  # slow pace, expect price probing (India)
    punctual: bool  # exact dates, written minutes (Japan)
    religious: bool  # respect religious holidays (Middle East, Muslim-majority countries)

    def as_dict(self) -> dict:
        return asdict(self)


def style_for(country: str | None) -> Style:
    region = REGION_OF.get((country or "").upper(), "other")
    return Style(
        region=region,
        small_talk=region in ("latin-america", "middle-east", "south-asia", "southeast-asia", "africa", "east-asia"),
        warm=region == "latin-america",
        data=region == "germanic",
        patient=region == "south-asia",
        punctual=region == "japan",
        religious=region == "middle-east" or (country or "").upper() in MUSLIM_MAJORITY,
    )


def muslim_majority(country: str | None) -> bool:
    return (country or "").upper() in MUSLIM_MAJORITY


# --------------------------------------------------------------------------- people


@dataclass(frozen=True)
class Person:
    """A contact's name taken apart, so a template can write "Sehr geehrter Herr Dr. Müller"."""

    name: str  # as the person writes it, tidied ('' when unknown)
    first_name: str
    last_name: str
    gender: str | None  # "m", "f" or None (unknown: templates use a neutral greeting)
    academic: str  # "Dr.", "Prof." or ''
    patronymic: str  # Russian: "Иванович" ('' if none)
    email: str

    def as_dict(self) -> dict:
        return asdict(self)


HONORIFICS = {
    "mr": "m",
    "mister": "m",
    "herr": "m",
    "hr": "m",
    "sr": "m",
    "señor": "m",
    "senor": "m",
    "m": "m",
    "monsieur": "m",
    "sig": "m",
    "signor": "m",
    "dom": "m",
    "sir": "m",
    "господин": "m",
    "г-н": "m",
    "mrs": "f",
    "ms": "f",
    "miss": "f",
    "frau": "f",
    "fr": "f",
    "sra": "f",
    "srta": "f",
    "señora": "f",
    "mme": "f",
    "mlle": "f",
    "madame": "f",
    "sig.ra": "f",
    "signora": "f",
    "dona": "f",
    "госпожа": "f",
    "г-жа": "f",
    "السيد": "m",
    "السيدة": "f",
}
ACADEMIC = {"dr": "Dr.", "prof": "Prof.", "dr.-ing": "Dr.-Ing.", "dipl.-ing": "", "ing": "", "eng": ""}

# Unambiguous given names across the customers' languages. Names that are male in
# one country and female in another (Andrea, Jean, Kim, Sasha) are left out on
# purpose: a wrong "Herr" is worse than a neutral greeting.
MALE_NAMES = set(
    """
hans peter klaus jürgen juergen stefan stephan thomas michael andreas wolfgang dieter uwe frank markus
matthias martin jörg joerg ralf bernd rainer karl heinz günter gunter werner horst lukas jonas felix
tobias florian sebastian christian alexander maximilian paul daniel david jan tim tom kai sven dirk
john james robert william richard charles joseph george edward mark steven steve brian kevin jason
ryan eric gary jeffrey scott justin brandon benjamin samuel patrick jack harry oliver henry
josé jose juan carlos luis jorge miguel antonio francisco manuel pedro pablo javier sergio alejandro
diego fernando ricardo rafael raúl raul andrés andres eduardo roberto mario alberto enrique víctor
victor gonzalo ignacio álvaro alvaro joão joao paulo marcelo rodrigo gustavo thiago tiago bruno
felipe lucas mateus gabriel leonardo vinícius vinicius rui nuno
jean-pierre jean-luc jean-paul pierre jacques michel philippe alain bernard françois francois
nicolas olivier laurent thierry éric christophe sébastien sebastien guillaume julien antoine
luc didier hervé herve yves patrice
иван сергей алексей андрей дмитрий михаил николай владимир александр евгений игорь олег павел юрий
виктор анатолий борис максим артём артем роман денис антон вадим константин
ivan sergey sergei alexey alexei andrey andrei dmitry dmitri mikhail nikolay nikolai vladimir
evgeny yevgeny igor oleg pavel yuri yury viktor anatoly boris maxim artem roman denis anton vadim
konstantin
mohammed mohammad muhammad mohamed ahmed ahmad ali omar umar khalid khaled abdullah abdallah hassan
hussein hussain youssef yousef yusuf ibrahim saeed said faisal tariq tarek mahmoud mustafa mostafa
hamza karim majid nasser salem salman sultan waleed walid ziad zaid rashid hamad abdulaziz abdulrahman
محمد أحمد احمد علي عمر خالد عبدالله حسن حسين يوسف إبراهيم ابراهيم سعيد فيصل طارق محمود مصطفى
giuseppe giovanni marco luca francesco alessandro matteo lorenzo stefano roberto paolo massimo
mehmet mustafa ahmet emre murat hakan burak
rajesh suresh ramesh rahul amit vijay sanjay anil sunil arun ravi ashok manoj deepak
hiroshi takashi takeshi kenji satoshi kazuo yoshio masao akira makoto hideki hiroyuki kenichi koji tetsuya
daisuke shinji tatsuya yusuke kazuki takuya naoki
minh tuan hung dung thanh quang huy duc long nam
""".split()
)
FEMALE_NAMES = set(
    """
anna maria marie sabine petra claudia susanne birgit monika ursula gabriele karin heike
stefanie stephanie katharina christina christine julia laura lena lea sarah sara nicole melanie
sandra silke anja tanja kerstin martina angelika renate elisabeth barbara jutta
mary patricia jennifer linda elizabeth susan jessica karen nancy lisa margaret betty emily
emma olivia sophia sophie ashley amanda michelle kimberly rebecca rachel helen amy anne jane
carmen ana isabel lucía lucia elena pilar rosa teresa cristina marta beatriz raquel patricia
mercedes silvia alicia inés ines paula claudia sofía sofia valentina camila gabriela daniela
fernanda juliana mariana beatriz luciana adriana renata larissa letícia leticia
catherine isabelle sylvie nathalie valérie valerie sandrine céline celine christelle véronique
veronique chantal françoise francoise aurélie aurelie camille chloé chloe manon juliette
ольга елена наталья татьяна ирина светлана анна мария екатерина юлия анастасия марина людмила
olga yelena natalia natalya tatiana tatyana irina svetlana ekaterina yekaterina yulia anastasia
marina lyudmila
fatima fatma aisha aysha mariam maryam noor nour layla leila huda hoda amal salma zainab zeinab
reem rania hana hanan nadia samira yasmin yasmine
فاطمة عائشة مريم نور ليلى هدى أمل سلمى زينب ريم رانيا هناء حنان نادية سميرة ياسمين
giulia francesca chiara federica alessandra valentina
ayşe ayse zeynep elif emine
priya anjali sunita pooja neha kavita lakshmi deepa
claire hélène helene marine élodie elodie mathilde emilie émilie pauline caroline sophie
yoko keiko yuko akiko tomoko naoko kumiko sachiko megumi ayumi mayumi haruka
linh huong lan thao trang ngoc
""".split()
)

COMPANY_WORDS = re.compile(
    r"\b(team|sales|purchas\w*|procurement|einkauf|compras|achats|info|office|dept|department|support|"
    r"service|gmbh|ltd|llc|inc|co|s\.?a|s\.?l|srl|spa|b\.?v|ag|kg|corp\w*|company|group|"
    r"trading|import|export|отдел|компания|شركة)\b\.?",
    re.I,
)
# Vietnamese names are written family name first and people go by the last word, the given
# name: "Nguyen Van Minh" is Mr Minh (and "Minh" among first names).
VIETNAMESE_SURNAMES = set(
    "nguyen nguyễn tran trần le lê pham phạm hoang hoàng huynh huỳnh phan vu vũ vo võ dang đặng bui bùi "
    "do đỗ ho hồ ngo ngô duong dương ly lý".split()
)
RUSSIAN_PATRONYMIC = re.compile(r"(ович|евич|ич|овна|евна|ична|inichna|ovich|evich|ovna|evna)$", re.I)


def clean_display_name(name: str, email: str = "") -> str:
    """Tidy a display name: no quotes, no control characters, no shouting."""
    text = unicodedata.normalize("NFC", name or "")
    text = "".join(" " if unicodedata.category(ch)[0] == "C" else ch for ch in text)
    text = re.sub(r"\s+", " ", text.strip(" \"'<>")).strip()
    if "@" in text or (email and text.casefold() == email.split("@")[0].casefold()):
        return ""
    if text.isupper() and len(text) > 3:
        text = text.title()
    return text


def person(display_name: str, email: str = "") -> Person:
    """Split "Dr. Hans Müller", "Müller, Hans", "Иванов Иван Иванович" into parts."""
    name = clean_display_name(display_name, email)
    if not name or COMPANY_WORDS.search(name):
        return Person("", "", "", None, "", "", email)
    words, gender, academic = strip_titles(reversed_if_comma(name).split())
    if not words:
        return Person(name, "", "", gender, academic, "", email)
    first, last, patronymic = name_parts(words)
    gender = gender or gender_of(first, last, patronymic)
    full = " ".join(words)
    return Person(full, first, last, gender, academic, patronymic, email)


def reversed_if_comma(name: str) -> str:
    # "Müller, Hans" (address-book order) -> "Hans Müller"
    if name.count(",") == 1:
        last, first = (part.strip() for part in name.split(","))
        if first and last and " " not in last:
            return f"{first} {last}"
    return name


def strip_titles(words: list[str]) -> tuple[list[str], str | None, str]:
    gender, academic, kept = None, "", []
    for word in words:
        key = word.casefold().rstrip(".")
        if key in HONORIFICS and not kept:
            gender = HONORIFICS[key]
        elif key in ACADEMIC:
            academic = academic or ACADEMIC[key]
        else:
            kept.append(word)
    return kept, gender, academic


def name_parts(words: list[str]) -> tuple[str, str, str]:
    """(first, last, patronymic). Russian "Last First Patronymic" order is detected."""
    if len(words) == 3 and RUSSIAN_PATRONYMIC.search(words[2]):
        return words[1], words[0], words[2]
    if len(words) == 3 and RUSSIAN_PATRONYMIC.search(words[1]):
        return words[0], words[2], words[1]
    if len(words) == 1:
        return words[0], "", ""
    if len(words) >= 3 and words[0].casefold() in VIETNAMESE_SURNAMES:
        return words[-1], words[-1], ""  # Mr Minh, Minh: the given name either way
    return words[0], " ".join(words[1:]), ""


def gender_of(first: str, last: str, patronymic: str) -> str | None:
    key = first.casefold()
    plain = "".join(c for c in unicodedata.normalize("NFD", key) if not unicodedata.combining(c))
    if key in MALE_NAMES or plain in MALE_NAMES:
        return "m"
    if key in FEMALE_NAMES or plain in FEMALE_NAMES:
        return "f"
    if patronymic:
        return "f" if re.search(r"(на|na)$", patronymic, re.I) else "m"
    if re.fullmatch(r"[А-Яа-яЁё-]+", last or ""):  # Russian surnames: Иванова / Иванов
        if re.search(r"(ова|ева|ёва|ина|ская)$", last):
            return "f"
        if re.search(r"(ов|ев|ёв|ин|ский)$", last):
            return "m"
    return None
