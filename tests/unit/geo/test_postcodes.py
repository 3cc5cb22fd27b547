"""Unit tests for app/geo/postcodes.py: the shipped data and the policies."""

from __future__ import annotations

import time

import pytest

from app.geo.postcodes import (
    Place,
    PostcodeDirectory,
    PostcodeMunicipality,
    PostcodePoint,
    haversine_km,
    load_postcode_directory,
    normalize_postcode,
)


@pytest.fixture(scope="module")
def directory() -> PostcodeDirectory:
    return load_postcode_directory()


class TestShippedData:
    def test_1030_is_schaerbeek(self, directory: PostcodeDirectory) -> None:
        place = directory.lookup("1030")
        assert place is not None
        assert (place.name_nl, place.name_fr) == ("Schaarbeek", "Schaerbeek")
        assert place.region == "brussels"
        assert place.coordinates_from is None
        assert place.latitude == pytest.approx(50.87, abs=0.05)
        assert place.longitude == pytest.approx(4.37, abs=0.05)

    def test_9000_is_gent(self, directory: PostcodeDirectory) -> None:
        place = directory.lookup("9000")
        assert place is not None
        assert place.display_name("nl") == "Gent"
        assert place.display_name("fr") == "Gand"
        assert place.display_name("en") == "Ghent"
        assert place.display_name("de") == "Gent"

    def test_4000_is_liege(self, directory: PostcodeDirectory) -> None:
        place = directory.lookup("4000")
        assert place is not None
        assert place.display_name("fr") == "Liège"
        assert place.display_name("nl") == "Luik"
        assert place.display_name("en") == "Liège"
        assert place.display_name("de") == "Lüttich"

    def test_brussels_and_sankt_vith_in_each_language(
        self, directory: PostcodeDirectory
    ) -> None:
        brussels, sankt_vith = directory.lookup("1000"), directory.lookup("4780")
        assert brussels is not None
        assert sankt_vith is not None
        names = [brussels.display_name(x) for x in ("nl", "fr", "en", "de")]
        assert names == ["Brussel", "Bruxelles", "Brussels", "Brüssel"]
        names = [sankt_vith.display_name(x) for x in ("nl", "fr", "en", "de")]
        assert names == ["Sankt Vith", "Saint-Vith", "Sankt Vith", "Sankt Vith"]

    @pytest.mark.parametrize("postcode", ["9999", "0000", "abcd", "103", "10300", ""])
    def test_unknown_or_malformed_postcodes_are_invalid(
        self, directory: PostcodeDirectory, postcode: str
    ) -> None:
        assert not directory.is_valid(postcode)
        assert directory.lookup(postcode) is None

    def test_blanks_around_a_postcode_are_ignored(
        self, directory: PostcodeDirectory
    ) -> None:
        assert directory.is_valid(" 1030 ")
        assert directory.lookup(" 1030\n") == directory.lookup("1030")

    def test_brussels_to_leuven_is_about_25_km(
        self, directory: PostcodeDirectory
    ) -> None:
        distance = directory.distance_km("1000", "3000")
        assert distance is not None
        assert 20 < distance < 30
        assert directory.distance_km("3000", "1000") == distance

    def test_distance_to_an_unknown_postcode_is_none(
        self, directory: PostcodeDirectory
    ) -> None:
        assert directory.distance_km("1000", "9999") is None

    def test_shared_postcode_takes_the_municipality_it_mainly_serves(
        self, directory: PostcodeDirectory
    ) -> None:
        etterbeek = directory.lookup("1040")
        ixelles = directory.lookup("1050")
        assert etterbeek is not None
        assert ixelles is not None
        assert etterbeek.name_fr == "Etterbeek"
        assert (ixelles.name_nl, ixelles.name_fr) == ("Elsene", "Ixelles")

    def test_postcode_without_a_point_borrows_its_municipality_main_one(
        self, directory: PostcodeDirectory
    ) -> None:
        # 7010 (SHAPE, in Mons) has no point in countrystatecity's data.
        shape = directory.lookup("7010")
        mons = directory.lookup("7000")
        assert shape is not None
        assert mons is not None
        assert shape.name_fr == "Mons"
        assert shape.coordinates_from == "7000"
        assert (shape.latitude, shape.longitude) == (mons.latitude, mons.longitude)
        assert directory.distance_km("7010", "7000") == 0.0

    def test_every_valid_postcode_has_coordinates(
        self, directory: PostcodeDirectory
    ) -> None:
        places = list(directory.places())
        assert len(places) == len(directory) > 1100
        assert all(
            place.latitude is not None and place.longitude is not None
            for place in places
        )
        # Belgium's bounding box, roughly.
        assert all(49.4 < (place.latitude or 0) < 51.6 for place in places)
        assert all(2.5 < (place.longitude or 0) < 6.5 for place in places)

    def test_places_come_by_postcode(self, directory: PostcodeDirectory) -> None:
        postcodes = [place.postcode for place in directory.places()]
        assert postcodes == sorted(postcodes)

    def test_loading_is_fast_and_cached(self) -> None:
        load_postcode_directory.cache_clear()
        started = time.perf_counter()
        first = load_postcode_directory()
        elapsed_s = time.perf_counter() - started
        assert elapsed_s < 0.5
        assert load_postcode_directory() is first


def _membership(postcode: str, municipality_id: str, name: str) -> PostcodeMunicipality:
    return PostcodeMunicipality(
        postcode=postcode,
        municipality_id=municipality_id,
        name_nl=name,
        name_fr=name,
        region="wallonia",
    )


class TestFromRecords:
    def test_point_of_an_unknown_postcode_is_ignored(self) -> None:
        directory = PostcodeDirectory.from_records(
            [_membership("5000", "92094", "Namur")],
            [PostcodePoint("5000", 50.46, 4.87), PostcodePoint("5999", 50.0, 4.0)],
        )
        assert directory.is_valid("5000")
        assert not directory.is_valid("5999")

    def test_first_complete_point_wins(self) -> None:
        directory = PostcodeDirectory.from_records(
            [_membership("5000", "92094", "Namur")],
            [
                PostcodePoint("5000", 50.46, None),
                PostcodePoint("5000", 50.47, 4.87),
                PostcodePoint("5000", 51.0, 5.0),
            ],
        )
        place = directory.lookup("5000")
        assert place is not None
        assert (place.latitude, place.longitude) == (50.47, 4.87)
        assert place.coordinates_from is None

    def test_missing_point_is_borrowed_from_lowest_sibling_with_one(self) -> None:
        directory = PostcodeDirectory.from_records(
            [
                _membership("5350", "92097", "Ohey"),
                _membership("5351", "92097", "Ohey"),
                _membership("5352", "92097", "Ohey"),
            ],
            [PostcodePoint("5351", 50.42, 5.15), PostcodePoint("5352", None, None)],
        )
        borrower = directory.lookup("5352")
        assert borrower is not None
        assert borrower.coordinates_from == "5351"
        assert (borrower.latitude, borrower.longitude) == (50.42, 5.15)

    def test_municipality_without_any_point_leaves_coordinates_unknown(self) -> None:
        directory = PostcodeDirectory.from_records(
            [_membership("5000", "92094", "Namur"), _membership("6000", "52011", "X")],
            [PostcodePoint("5000", 50.46, 4.87)],
        )
        lonely = directory.lookup("6000")
        assert lonely == Place(
            postcode="6000",
            name_nl="X",
            name_fr="X",
            latitude=None,
            longitude=None,
            region="wallonia",
        )
        assert directory.is_valid("6000")
        assert directory.distance_km("5000", "6000") is None
        assert directory.distance_km("6000", "6000") is None

    def test_shared_postcode_prefers_municipality_with_fewer_postcodes(self) -> None:
        directory = PostcodeDirectory.from_records(
            [
                _membership("1000", "21004", "Bruxelles"),
                _membership("1040", "21004", "Bruxelles"),
                _membership("1040", "21005", "Etterbeek"),
            ],
            [],
        )
        place = directory.lookup("1040")
        assert place is not None
        assert place.name_fr == "Etterbeek"

    def test_postcode_listed_twice_is_refused(self) -> None:
        place = Place("1000", "Brussel", "Bruxelles", None, None)
        with pytest.raises(ValueError, match="1000"):
            PostcodeDirectory([place, place])


class TestDisplayName:
    schaerbeek = Place("1030", "Schaarbeek", "Schaerbeek", 50.87, 4.37, "brussels")
    gent = Place("9000", "Gent", "Gand", 51.04, 3.71, "flanders")
    mons = Place("7000", "Bergen", "Mons", 50.45, 3.95, "wallonia")

    @pytest.mark.parametrize(
        ("place", "language", "expected"),
        [
            (schaerbeek, "nl", "Schaarbeek"),
            (schaerbeek, "fr", "Schaerbeek"),
            (schaerbeek, "en", "Schaerbeek"),
            (schaerbeek, "de", "Schaerbeek"),
            (gent, "en", "Ghent"),
            (gent, "de", "Gent"),
            (gent, "fr-BE", "Gand"),
            (mons, "NL_be", "Bergen"),
            (mons, "en", "Mons"),
            (mons, "es", "Mons"),
        ],
    )
    def test_name_for_language(
        self, place: Place, language: str, expected: str
    ) -> None:
        assert place.display_name(language) == expected

    def test_falls_back_to_the_other_name_then_the_postcode(self) -> None:
        only_dutch = Place("1000", "Brussel", None, None, None)
        assert only_dutch.display_name("fr") == "Brussel"
        assert Place("1000", None, None, None, None).display_name("nl") == "1000"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [("1030", "1030"), (" 1030 ", "1030"), ("1O30", None), ("١٠٣٠", None), ("", None)],
)
def test_normalize_postcode(raw: str, expected: str | None) -> None:
    assert normalize_postcode(raw) == expected


def test_haversine_is_zero_for_the_same_point_and_symmetric() -> None:
    assert haversine_km(50.85, 4.35, 50.85, 4.35) == 0.0
    assert haversine_km(50.85, 4.35, 50.88, 4.70) == haversine_km(
        50.88, 4.70, 50.85, 4.35
    )
    # One degree of latitude is about 111.2 km.
    assert haversine_km(50.0, 4.0, 51.0, 4.0) == pytest.approx(111.2, abs=0.1)
