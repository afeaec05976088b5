"""Made-up news copy for a generated archive: varied sentences with the spans an editor would check.

Pure functions, no Django, seeded by the caller's `random.Random`. Sentences come from a few dozen templates
whose slots draw from word lists (people, places, organisations, numbers, money, dates, quoted speech), so an
archive of 100,000 articles holds hundreds of thousands of distinct sentences rather than one repeated line.
Each sentence carries its checkable spans: numbers, names (some deliberately misspelt, with the correction),
quotes with their speaker, and the whole sentence as a factual claim.
"""

import math
import random
import re
from dataclasses import dataclass, field

FIRST = (
    "Amira Maria James Olga Kwame Ingrid Mateo Aiko Farid Leila Tomasz Sofia Ravi Chen Nadia Oliver Fatima "
    "Lukas Ana Dmitri Priya Samuel Elif Jonas Zainab Pablo Hana Viktor Grace Omar Astrid Tariq Marta Yusuf "
    "Camille Ibrahim Noor Felix Lucía Joaquín Zoë Björn Mihai Thandiwe Kenji Renée"
).split()
LAST = (
    "Haddad Okafor Lindqvist Moreno Nakamura Petrov Osei Kowalski Fischer Rahman Silva Dubois Novak Mensah "
    "Hansen Costa Yilmaz Sato Ivanova Khan Jensen Mwangi Ferreira Bauer Kaya Tanaka Popescu Walsh Castillo "
    "Nielsen Adeyemi Horvat Santos Ahmadi Larsen Müller Şahin Ødegaard García Nowak Abubakar Chowdhury"
).split()
ROLES = (
    "the finance minister",
    "the health minister",
    "the transport minister",
    "the energy minister",
    "the mayor",
    "the governor",
    "the opposition leader",
    "a government spokeswoman",
    "a government spokesman",
    "the central bank governor",
    "the union's general secretary",
    "the company's chief executive",
    "the agency's director",
    "a senior economist",
    "the committee chair",
    "the police commissioner",
    "the head of the port authority",
    "a spokesperson for the ministry",
    "the city's chief planner",
)
PLACES = (
    "Ashgabat",
    "Kazan",
    "Nairobi",
    "Lagos",
    "Bogotá",
    "Lisbon",
    "Kraków",
    "Zürich",
    "São Paulo",
    "Jakarta",
    "Hanoi",
    "Tbilisi",
    "Almaty",
    "Reykjavík",
    "Montréal",
    "Guadalajara",
    "Accra",
    "Dhaka",
    "Karachi",
    "Rotterdam",
    "Gdańsk",
    "Valparaíso",
    "Mombasa",
    "Manila",
    "Osaka",
    "Busan",
    "Marseille",
    "Thessaloniki",
    "Tashkent",
    "Baku",
    "Yerevan",
    "Kigali",
    "Addis Ababa",
    "Windhoek",
    "Lusaka",
    "Quito",
    "Asunción",
    "Brisbane",
    "Wellington",
    "Halifax",
    "Winnipeg",
    "Tromsø",
    "Tampere",
    "Vilnius",
    "Riga",
    "Tallinn",
    "Ljubljana",
    "Bratislava",
    "Plovdiv",
    "Izmir",
    "Kraljevo",
    "Córdoba",
    "Rosario",
    "Cusco",
    "Medellín",
)
COUNTRIES = (
    "Turkmenistan",
    "Kazakhstan",
    "Kenya",
    "Nigeria",
    "Colombia",
    "Portugal",
    "Poland",
    "Switzerland",
    "Brazil",
    "Indonesia",
    "Vietnam",
    "Georgia",
    "Iceland",
    "Canada",
    "Mexico",
    "Ghana",
    "Bangladesh",
    "Pakistan",
    "the Netherlands",
    "Chile",
    "the Philippines",
    "Japan",
    "South Korea",
    "France",
    "Greece",
    "Uzbekistan",
    "Azerbaijan",
    "Armenia",
    "Rwanda",
    "Ethiopia",
    "Namibia",
    "Zambia",
    "Ecuador",
    "Paraguay",
    "Australia",
    "New Zealand",
    "Norway",
    "Finland",
    "Lithuania",
    "Latvia",
    "Estonia",
    "Slovenia",
    "Slovakia",
    "Bulgaria",
    "Turkey",
    "Serbia",
    "Spain",
    "Argentina",
    "Peru",
    "India",
)
ORGS = (
    "the World Health Organization",
    "the International Monetary Fund",
    "the World Bank",
    "the central bank",
    "the national statistics office",
    "the port authority",
    "the electoral commission",
    "the competition regulator",
    "the meteorological institute",
    "the railway operator",
    "the teachers' union",
    "the chamber of commerce",
    "the audit office",
    "the energy regulator",
    "the Red Cross",
    "the UN refugee agency",
    "the housing ministry",
    "the farmers' federation",
    "the nurses' association",
    "the state oil company",
    "the civil aviation authority",
    "the environment agency",
    "the supreme court",
    "the anti-corruption bureau",
    "the city council",
)
TOPICS = (
    "inflation",
    "unemployment",
    "the housing shortage",
    "carbon emissions",
    "the budget deficit",
    "vaccination rates",
    "grain exports",
    "rail freight",
    "hospital waiting lists",
    "electricity prices",
    "youth unemployment",
    "wheat harvests",
    "tourist arrivals",
    "public debt",
    "rents",
    "school enrolment",
    "traffic deaths",
    "air pollution",
    "gas imports",
    "remittances",
    "the minimum wage",
    "wildfire damage",
    "river levels",
    "broadband coverage",
    "steel output",
    "coffee exports",
    "fish stocks",
    "voter turnout",
    "asylum applications",
    "defence spending",
    "container traffic",
    "solar capacity",
    "pension payments",
)
UNITS = (
    "jobs",
    "homes",
    "tonnes of grain",
    "passengers",
    "hectares",
    "students",
    "patients",
    "households",
    "migrants",
    "megawatts",
    "barrels a day",
    "vehicles",
    "new companies",
    "visitors",
    "flights",
    "containers",
)
TREND_UP = ("rose", "climbed", "increased", "jumped", "grew", "edged up", "surged", "doubled")
TREND_DOWN = ("fell", "dropped", "declined", "slipped", "shrank", "eased", "plunged", "halved")
SAID = (
    "said",
    "told reporters",
    "said in a statement",
    "told parliament",
    "said on Tuesday",
    "wrote on social media",
    "told a news conference",
    "said in an interview",
    "added",
)
MONTHS = ("January February March April May June July August September October November December").split()
WEEKDAYS = "Monday Tuesday Wednesday Thursday Friday Saturday Sunday".split()
ADJ = ("significant", "modest", "sharp", "steady", "unexpected", "record", "temporary", "lasting", "gradual")
ACTIONS = (
    "raise interest rates",
    "cut fuel subsidies",
    "extend the metro line",
    "build new schools",
    "reform the pension system",
    "ban single-use plastics",
    "expand the port",
    "lower the voting age",
    "privatise the airline",
    "double the number of nurses",
    "close the coal plant",
    "open the border crossing",
    "freeze rents",
    "raise the minimum wage",
    "introduce a sugar tax",
    "renegotiate the gas contract",
)
QUOTES = (
    "we will not {verb} until every family has {thing}",
    "this is the {superl} {noun} in a generation",
    "the figures speak for themselves",
    "nobody should have to choose between {thing} and {thing2}",
    "we have done more in {n} months than the previous government did in {m} years",
    "the decision was taken without any consultation",
    "our relations are getting stronger day by day",
    "there is no plan B",
    "{place} deserves better than this",
    "it is too early to say whether {topic} will keep falling",
    "we expect {topic} to stabilise by {month}",
    "these numbers are simply wrong",
    "the money is already in the budget",
    "every {unit_one} counts",
)
QUOTE_VERBS = ("rest", "stop", "give up", "back down", "slow down")
THINGS = (
    "a safe home",
    "clean water",
    "a doctor nearby",
    "a decent wage",
    "heating",
    "a school place",
    "food on the table",
)
SUPERL = ("biggest", "most important", "worst", "boldest", "most expensive", "fastest")
NOUNS = ("reform", "investment", "crisis", "decision", "drought", "budget", "election")

# Sentence templates. {slot} draws from a list; a region [k: ...] is a span an editor may check:
# n = number, m = name (a person or a place), q = quote with its speaker.
SENTENCES = (
    "{Topic} [n:{trend} by {pct}] in {year_or_month}, according to {org}.",
    "According to {org}, {topic} [n:{trend} to {big} {unit}] last year.",
    "The government says it will spend [n:{money}] on {topic} over [n:{small} years].",
    "[q:“{Quote},” {person} {said}.]",
    "[q:{Role} [m:{person}] said of {topic}: “{Quote}”.]",
    "[q:“{Quote},” [m:{person}], {role}, {said}.]",
    "[m:{person}] met officials in [m:{place}] on {weekday} to discuss {topic}.",
    "The talks in [m:{place}] ended without agreement on {topic}.",
    "More than [n:{big} {unit}] were affected, {org} estimated.",
    "[n:{pct} of respondents] said they supported plans to {action}.",
    "The plan to {action} would cost about [n:{money}], officials said.",
    "{Place} has [n:{big} {unit}], up from [n:{big2}] [n:{small} years] earlier.",
    "The summit opens in [m:{place}] on [n:{date}], with leaders of [n:{small2} countries] expected to attend.",
    "Critics say the figure of [n:{big} {unit}] is exaggerated.",
    "The level of {topic} in [m:{country}] is the highest since [n:{year}].",
    "{Topic} in [m:{country}] fell to its lowest level in [n:{small} years].",
    "Since [n:{year}], the number of {unit} [n:{trend} by {pct}].",
    "{Org} warned that {topic} could [n:rise by {pct}] next year.",
    "The project, first announced in [n:{year}], is now expected to finish in [n:{year2}].",
    "Opposition parties accused the government of hiding the true scale of {topic}.",
    "Residents of [m:{place}] have protested for [n:{small} weeks] against plans to {action}.",
    "The ministry did not respond to a request for comment.",
    "[m:{person}] was appointed {role_plain} in [n:{month} {year}].",
    "[q:[m:{person}] denied the report, saying “{quote}”.]",
    "[q:“{Quote}”, {said_pre} [m:{person}].]",
    "{Org} has fined the company [n:{money}] for breaching the rules.",
    "The agreement covers [n:{big} {unit}] and runs until [n:{year2}].",
    "Exports to [m:{country}] [n:{trend} by {pct}] in the first quarter.",
    "Average rents in [m:{place}] reached [n:{money_small} a month], the highest in the country.",
    "The storm left [n:{big} households] without power across {country}.",
    "At least [n:{small2} people] were injured, police in [m:{place}] said.",
    "The vote passed by [n:{small2} votes to {small3}] after a long debate.",
    "Turnout was [n:{pct}], {org} said, compared with [n:{pct2}] at the last election.",
    "A study by researchers in [m:{place}] found that {topic} had been underestimated for years.",
    "Officials in [m:{place}] insist the figures for {topic} are accurate.",
    "The new line will carry [n:{big} passengers a day] when it opens in [n:{year2}].",
    "Concern about {topic} is the main worry of voters, a poll for {org} showed.",
    "[m:{person}] is expected to visit [m:{place}] later this month.",
    "The company said it would cut [n:{big} jobs] by the end of [n:{year2}].",
    "Spending on {topic_plain} [n:{trend} by {pct}] between {month} and {month}.",
    "The central bank kept its key rate at [n:{rate}] on {weekday}.",
    "Growth slowed to [n:{rate}] in the third quarter, the weakest since [n:{year}].",
    "The report, published on [n:{date}], runs to [n:{small2} pages].",
    "In [m:{country}], {topic} has been falling for [n:{small} consecutive years].",
    "[m:{person}] won [n:{pct} of the vote] in the first round.",
    "The bridge in [m:{place}] will cost [n:{money}] and take [n:{small} years] to build.",
    "“We are not against {topic_plain}, we are against this plan,” said a protester in [m:{place}].",
    "Neither side has published the full text of the agreement.",
    "The border crossing near [m:{place}] reopened after [n:{small2} days].",
    "[m:{country}] and [m:{country2}] signed [n:{small} agreements] on trade and energy.",
)
TITLES = (
    "{Topic} {trend} in {Place} as {org_short} warns of {noun}",
    "{Person} says {topic} will fall by {month}",
    "{Place} votes on plan to {action}",
    "Leaders meet in {Place} for talks on {topic}",
    "Why {topic} in {Country} keeps {trending}",
    "{Org_short} fines company {money} over {topic}",
    "{Country} and {Country2} sign deal on {topic}",
    "Protests in {Place} over plan to {action}",
    "{Small2} {unit} affected as storm hits {Place}",
    "Fact check: does {Country} really {verb3} {topic}?",
    "The {superl} {noun} in {Country} for {small} years",
)
ORG_SHORT = ("IMF", "World Bank", "WHO", "regulator", "central bank", "statistics office", "audit office", "union")
RATIONALES = (
    "The figure matches {org}'s release for {year}.",
    "{Org}'s own report gives a different number: {big} {unit}.",
    "The quote appears word for word in the official transcript of {month} {day}.",
    "Checked against the minutes of the {month} session; the wording differs slightly.",
    "The spelling follows the official name used by the government of {country}.",
    "No public record supports the figure; the ministry declined to give its source.",
    "The number is correct but refers to {year2}, not {year}.",
    "Two independent datasets agree within {pct2}.",
    "The speaker said this on {weekday}, confirmed by the video recording.",
    "The claim leaves out that the increase started from a very low base.",
    "The comparison mixes nominal and inflation-adjusted figures.",
    "{Org} confirmed the figure to us by e-mail on {month} {day}.",
)
COMMENTS = (
    "Please add the primary source, not the news report.",
    "Is this the {year} figure or the {year2} one?",
    "The verdict seems too generous given the second source.",
    "Can we link the transcript instead of the video?",
    "I checked the spelling with the desk in {place}; it is correct.",
    "Needs a second source before it goes out.",
    "The rationale should say where the number comes from.",
    "Looks right to me; figures from {org} confirm it.",
    "The claimant is wrong: it was {role_plain} who said this.",
    "Please check whether the figure is seasonally adjusted.",
)
PUBLISHERS = (
    ("Reuters", "reuters.example"),
    ("Associated Press", "apnews.example"),
    ("Wikipedia", "wikipedia.example"),
    ("World Bank Open Data", "data.worldbank.example"),
    ("IMF Data", "imf.example"),
    ("Eurostat", "eurostat.example"),
    ("National Statistics Office", "stats.gov.example"),
    ("Official Gazette", "gazette.gov.example"),
    ("Parliament transcript", "parliament.example"),
    ("WHO Global Health Observatory", "who.example"),
    ("UN Comtrade", "comtrade.example"),
    ("OECD Data", "oecd.example"),
    ("Our World in Data", "ourworldindata.example"),
    ("BBC Monitoring", "bbc.example"),
    ("Le Monde", "lemonde.example"),
    ("Tehran Times", "tehrantimes.example"),
)
PUBLICATIONS = (
    ("The Daily Ledger", "dailyledger.example"),
    ("Tehran Times", "tehrantimes.example"),
    ("Northern Courier", "northerncourier.example"),
    ("The Harbour Post", "harbourpost.example"),
    ("Evening Standard-Bearer", "standardbearer.example"),
    ("Capital Chronicle", "capitalchronicle.example"),
    ("The Valley Observer", "valleyobserver.example"),
    ("Metro Wire", "metrowire.example"),
    ("Coastline Herald", "coastlineherald.example"),
    ("The Steppe Review", "steppereview.example"),
    ("Andes Weekly", "andesweekly.example"),
    ("The Baltic Dispatch", "balticdispatch.example"),
)
SECTIONS = ("world", "politics", "economy", "business", "climate", "health", "science", "local", "opinion")

REGION = re.compile(r"\[([nmq]):|\]|\{(\w+)\}|[^\[\]{]+")


@dataclass
class Span:
    kind: str  # "number", "name", "quote", "factual"
    start: int
    end: int
    correction: str = ""  # the right spelling, for a name the text misspells
    claimant: str = ""  # who said it, for a quote


@dataclass
class Sentence:
    text: str
    spans: list[Span] = field(default_factory=list)


@dataclass
class Placed:
    """A sentence at its offset in an article body."""

    start: int
    sentence: Sentence


KIND_OF_REGION = {"n": "number", "m": "name", "q": "quote"}


def _parse(template: str) -> list[tuple[str, str]]:
    ops = []
    for match in REGION.finditer(template):
        if match.group(1):
            ops.append(("open", match.group(1)))
        elif match.group(0) == "]":
            ops.append(("close", ""))
        elif match.group(2):
            ops.append(("slot", match.group(2)))
        else:
            ops.append(("text", match.group(0)))
    return ops


PARSED = [_parse(t) for t in SENTENCES]
PARSED_TITLES = [_parse(t) for t in TITLES]
PARSED_RATIONALES = [_parse(t) for t in RATIONALES]
PARSED_COMMENTS = [_parse(t) for t in COMMENTS]


def _money(rng: random.Random, small: bool = False) -> str:
    currency = rng.choice(("$", "€", "£", "¥", "₹", "R$"))
    if small:
        return f"{currency}{rng.randint(300, 4_000):,}"
    amount = rng.choice(
        (
            f"{rng.randint(12, 950)} million",
            f"{rng.randint(1, 90)}.{rng.randint(1, 9)} billion",
            f"{rng.randint(2, 400)} billion",
        )
    )
    return f"{currency}{amount}"


def _big(rng: random.Random) -> str:
    return rng.choice(
        (
            f"{rng.randint(1_000, 999_000):,}",
            f"{rng.randint(1, 40)}.{rng.randint(1, 9)} million",
            f"{rng.randint(120, 990)}",
        )
    )


class Filler:
    """Values for template slots; one instance per generated sentence keeps 'person' consistent inside it."""

    def __init__(self, rng: random.Random, today_year: int):
        self.rng = rng
        self.year = today_year

    def person(self) -> str:
        return f"{self.rng.choice(FIRST)} {self.rng.choice(LAST)}"

    def value(self, slot: str) -> str:
        rng = self.rng
        lower = slot[0].lower() + slot[1:]
        value = self._value(lower, rng)
        return value[0].upper() + value[1:] if slot[0].isupper() and value else value

    def _value(self, slot: str, rng: random.Random) -> str:
        match slot:
            case "person":
                return self.person()
            case "role" | "role_plain":
                role = rng.choice(ROLES)
                return role.removeprefix("the ").removeprefix("a ") if slot == "role_plain" else role
            case "place":
                return rng.choice(PLACES)
            case "country" | "country2":
                return rng.choice(COUNTRIES)
            case "org":
                return rng.choice(ORGS)
            case "org_short":
                return rng.choice(ORG_SHORT)
            case "topic":
                return rng.choice(TOPICS)
            case "topic_plain":
                return rng.choice(TOPICS).removeprefix("the ")
            case "trend":
                return rng.choice(TREND_UP + TREND_DOWN)
            case "trending":
                return rng.choice(("rising", "falling", "climbing", "slipping"))
            case "pct" | "pct2":
                return rng.choice(
                    (
                        f"{rng.randint(1, 60)}.{rng.randint(0, 9)}%",
                        f"{rng.randint(2, 80)} percent",
                        f"{rng.randint(1, 9)}.{rng.randint(1, 9)} per cent",
                    )
                )
            case "rate":
                return f"{rng.randint(0, 12)}.{rng.choice((0, 25, 5, 75))}%"
            case "big" | "big2":
                return _big(rng)
            case "small" | "small3":
                return str(rng.randint(2, 15))
            case "small2":
                return str(rng.randint(16, 400))
            case "unit":
                return rng.choice(UNITS)
            case "unit_one":
                return rng.choice(("vote", "job", "patient", "child", "tonne", "hour"))
            case "money":
                return _money(rng)
            case "money_small":
                return _money(rng, small=True)
            case "year":
                return str(rng.randint(self.year - 25, self.year - 1))
            case "year2":
                return str(rng.randint(self.year, self.year + 8))
            case "year_or_month":
                return rng.choice((str(rng.randint(self.year - 6, self.year)), rng.choice(MONTHS)))
            case "month":
                return rng.choice(MONTHS)
            case "day":
                return str(rng.randint(1, 28))
            case "date":
                return (
                    f"{rng.choice(MONTHS)} {rng.randint(1, 28)}"
                    if rng.random() < 0.5
                    else f"{rng.randint(1, 28)} {rng.choice(MONTHS)}"
                )
            case "weekday":
                return rng.choice(WEEKDAYS)
            case "said":
                return rng.choice(SAID)
            case "said_pre":
                return rng.choice(("said", "said the opposition leader", "according to"))
            case "action":
                return rng.choice(ACTIONS)
            case "noun":
                return rng.choice(NOUNS)
            case "superl":
                return rng.choice(SUPERL)
            case "verb3":
                return rng.choice(
                    ("lead the world in", "spend the most on", "have the lowest", "export more", "rank last for")
                )
            case "quote":
                return self.quote()
        raise KeyError(slot)

    def quote(self) -> str:
        rng = self.rng
        template = rng.choice(QUOTES)
        return re.sub(
            r"\{(\w+)\}",
            lambda m: {
                "verb": lambda: rng.choice(QUOTE_VERBS),
                "thing": lambda: rng.choice(THINGS),
                "thing2": lambda: rng.choice(THINGS),
                "superl": lambda: rng.choice(SUPERL),
                "noun": lambda: rng.choice(NOUNS),
                "n": lambda: str(rng.randint(3, 30)),
                "m": lambda: str(rng.randint(5, 20)),
                "place": lambda: rng.choice(PLACES),
                "topic": lambda: rng.choice(TOPICS),
                "month": lambda: rng.choice(MONTHS),
                "unit_one": lambda: rng.choice(("vote", "job", "patient", "child")),
            }[m.group(1)](),
            template,
        )


def misspell(rng: random.Random, name: str) -> str:
    """A plausible typo: two neighbouring letters swapped, one doubled or one dropped (never the first)."""
    letters = [i for i in range(1, len(name) - 1) if name[i].isalpha() and name[i + 1].isalpha()]
    if not letters:
        return name + name[-1]
    i = rng.choice(letters)
    match rng.randrange(3):
        case 0 if name[i] != name[i + 1]:
            return name[:i] + name[i + 1] + name[i] + name[i + 2 :]
        case 1:
            return name[:i] + name[i] + name[i:]
        case _:
            return name[:i] + name[i + 1 :]


def render(ops: list[tuple[str, str]], filler: Filler, *, typo_rate: float = 0.0) -> Sentence:
    rng = filler.rng
    out: list[str] = []
    length = 0
    spans: list[Span] = []
    stack: list[tuple[str, int, list[str]]] = []  # open regions: kind, start, names seen inside
    for op, arg in ops:
        if op == "text":
            out.append(arg)
            length += len(arg)
        elif op == "slot":
            value = filler.value(arg)
            for _kind, _start, names in stack:
                if arg in ("person",):
                    names.append(value)
            out.append(value)
            length += len(value)
        elif op == "open":
            stack.append((arg, length, []))
        else:
            kind, start, names = stack.pop()
            end = length
            if kind == "m":
                name = "".join(out)[start:end]
                correction = ""
                if rng.random() < typo_rate:
                    wrong = misspell(rng, name)
                    # Rewrite the tail: only the name changes, so spans closed before it keep their offsets.
                    text = "".join(out)
                    out = [text[:start] + wrong]
                    length = start + len(wrong)
                    end = length
                    correction = name
                    for _k, _s, inner in stack:
                        inner[:] = [n.replace(name, wrong) for n in inner]
                spans.append(Span("name", start, end, correction=correction))
            elif kind == "q":
                text = "".join(out)
                claimant = names[-1] if names else ""
                # Strip trailing punctuation that belongs to the sentence, not the quote.
                while end > start and text[end - 1] in ".,":
                    end -= 1
                spans.append(Span("quote", start, end, claimant=claimant))
            else:
                spans.append(Span("number", start, end))
    text = "".join(out)
    spans.append(Span("factual", 0, len(text)))
    return Sentence(text, spans)


def sentence_pool(rng: random.Random, size: int, *, today_year: int, typo_rate: float = 0.08) -> list[Sentence]:
    """`size` sentences drawn from every template in turn, so each template is represented."""
    filler = Filler(rng, today_year)
    return [render(PARSED[i % len(PARSED)], filler, typo_rate=typo_rate) for i in range(size)]


def sentences(rng: random.Random, *, today_year: int, typo_rate: float = 0.08):
    """A function giving a new sentence from a random template at each call (a few microseconds each)."""
    filler = Filler(rng, today_year)
    count = len(PARSED)
    return lambda: render(PARSED[rng.randrange(count)], filler, typo_rate=typo_rate)


def title(rng: random.Random, today_year: int) -> str:
    return render(rng.choice(PARSED_TITLES), Filler(rng, today_year)).text


def rationale(rng: random.Random, today_year: int) -> str:
    return " ".join(
        render(rng.choice(PARSED_RATIONALES), Filler(rng, today_year)).text for _ in range(rng.randint(1, 2))
    )


def comment(rng: random.Random, today_year: int) -> str:
    return render(rng.choice(PARSED_COMMENTS), Filler(rng, today_year)).text


def body(
    rng: random.Random, next_sentence, *, min_chars: int = 2_000, max_chars: int = 20_000
) -> tuple[str, list[Placed]]:
    """Paragraphs of 1-5 sentences from `next_sentence()`, separated by one blank line, of a log-uniform length in
    range."""
    target = math.exp(rng.uniform(math.log(min_chars), math.log(max_chars)))
    parts: list[str] = []
    placed: list[Placed] = []
    length = 0
    while length < target:
        if parts:
            parts.append("\n\n")
            length += 2
        for i in range(rng.randint(1, 5)):
            sentence = next_sentence()
            if i:
                parts.append(" ")
                length += 1
            placed.append(Placed(length, sentence))
            parts.append(sentence.text)
            length += len(sentence.text)
    # Never past the maximum by more than a paragraph; trim whole sentences from the end if so.
    text = "".join(parts)
    while len(text) > max_chars and len(placed) > 1:
        last = placed.pop()
        text = text[: last.start].rstrip()
    placed = [p for p in placed if p.start + len(p.sentence.text) <= len(text)]
    return text, placed


def edited(rng: random.Random, text: str, pool: list[Sentence]) -> str:
    """An earlier draft of `text`: one paragraph rewritten with other sentences, or one dropped."""
    paragraphs = text.split("\n\n")
    i = rng.randrange(len(paragraphs))
    if rng.random() < 0.5 and len(paragraphs) > 1:
        del paragraphs[i]
    else:
        paragraphs[i] = " ".join(rng.choice(pool).text for _ in range(rng.randint(1, 3)))
    return "\n\n".join(paragraphs)
