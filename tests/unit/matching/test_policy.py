"""Unit tests for app/matching/policy.py: every rule, on both implementations."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

import pytest
from hypothesis import given, settings, target
from hypothesis import strategies as st

from app.geo.postcodes import Place, PostcodeDirectory, load_postcode_directory
from app.matching.policy import (
    NEEDS,
    RankedCandidate,
    RequestToMatch,
    VolunteerCandidate,
    VolunteerIndex,
    rank_candidates,
)

# A line of postcodes going north from 1000; 0.009 degrees of latitude is about 1 km.
DIRECTORY = PostcodeDirectory(
    [
        Place("1000", "Origin", "Origine", 50.0, 4.0),
        Place("1001", "One", "Un", 50.009, 4.0),
        Place("1002", "Five", "Cinq", 50.045, 4.0),
        Place("1003", "Twenty", "Vingt", 50.18, 4.0),
        Place("1004", "Nowhere", "Nulle part", None, None),
        # Borrowed point: the same place as 1001, so the same distance from 1000.
        Place("1005", "Twin", "Jumeau", 50.009, 4.0, coordinates_from="1001"),
    ]
)

Rank = Callable[..., list[RankedCandidate]]


def _rank_by_reference(
    request: RequestToMatch,
    volunteers: Iterable[VolunteerCandidate],
    **options: Any,
) -> list[RankedCandidate]:
    return rank_candidates(request, volunteers, directory=DIRECTORY, **options)


def _rank_by_index(
    request: RequestToMatch,
    volunteers: Iterable[VolunteerCandidate],
    **options: Any,
) -> list[RankedCandidate]:
    return VolunteerIndex(volunteers, directory=DIRECTORY).rank(request, **options)


@pytest.fixture(params=["reference", "index"])
def rank(request: pytest.FixtureRequest) -> Rank:
    return _rank_by_reference if request.param == "reference" else _rank_by_index


def volunteer(volunteer_id: int = 1, **changes: Any) -> VolunteerCandidate:
    fields: dict[str, Any] = {
        "volunteer_id": volunteer_id,
        "postcode": "1000",
        "languages": ("nl",),
        "needs": frozenset({"groceries"}),
        "radius_km": 10.0,
        "weekly_cap": 3,
        "runs_this_week": 0,
        "runs_recent": 0,
    }
    fields.update(changes)
    return VolunteerCandidate(**fields)


def help_request(**changes: Any) -> RequestToMatch:
    fields: dict[str, Any] = {
        "request_id": 100,
        "need": "groceries",
        "language": "nl",
        "postcode": "1000",
    }
    fields.update(changes)
    return RequestToMatch(**fields)


def ids(ranked: list[RankedCandidate]) -> list[int]:
    return [candidate.volunteer_id for candidate in ranked]


def test_needs_vocabulary() -> None:
    assert NEEDS == ("groceries", "pharmacy", "company", "other")


class TestRules:
    def test_volunteer_must_cover_the_need(self, rank: Rank) -> None:
        volunteers = [
            volunteer(1, needs=frozenset({"groceries", "pharmacy"})),
            volunteer(2, needs=frozenset({"company"})),
        ]
        ranked = rank(help_request(need="pharmacy"), volunteers, default_radius_km=5)
        assert ids(ranked) == [1]

    def test_volunteer_must_speak_the_language(self, rank: Rank) -> None:
        volunteers = [
            volunteer(1, languages=("nl", "fr")),
            volunteer(2, languages=("nl",)),
            volunteer(3, languages=("en", "fr")),
        ]
        ranked = rank(help_request(language="fr"), volunteers, default_radius_km=5)
        assert ids(ranked) == [1, 3]

    def test_opted_out_volunteer_is_never_offered(self, rank: Rank) -> None:
        volunteers = [volunteer(1, is_opted_out=True), volunteer(2)]
        assert ids(rank(help_request(), volunteers, default_radius_km=5)) == [2]

    def test_volunteer_at_weekly_cap_is_skipped(self, rank: Rank) -> None:
        volunteers = [
            volunteer(1, weekly_cap=2, runs_this_week=2),
            volunteer(2, weekly_cap=2, runs_this_week=1),
            volunteer(3, weekly_cap=0, runs_this_week=0),
        ]
        assert ids(rank(help_request(), volunteers, default_radius_km=5)) == [2]

    def test_excluded_volunteers_are_not_offered_again(self, rank: Rank) -> None:
        volunteers = [volunteer(1), volunteer(2), volunteer(3)]
        ranked = rank(
            help_request(),
            volunteers,
            default_radius_km=5,
            exclude=frozenset({1, 3}),
        )
        assert ids(ranked) == [2]

    def test_volunteer_must_be_within_own_radius(self, rank: Rank) -> None:
        volunteers = [
            volunteer(1, postcode="1001", radius_km=2.0),
            volunteer(2, postcode="1002", radius_km=2.0),
            volunteer(3, postcode="1002", radius_km=6.0),
            volunteer(4, postcode="1003", radius_km=15.0),
        ]
        ranked = rank(help_request(), volunteers, default_radius_km=50)
        assert ids(ranked) == [1, 3]

    def test_volunteer_without_radius_gets_the_default(self, rank: Rank) -> None:
        volunteers = [
            volunteer(1, postcode="1002", radius_km=None),
            volunteer(2, postcode="1003", radius_km=None),
        ]
        assert ids(rank(help_request(), volunteers, default_radius_km=6)) == [1]
        assert ids(rank(help_request(), volunteers, default_radius_km=25)) == [1, 2]

    def test_boost_widens_every_radius(self, rank: Rank) -> None:
        volunteers = [
            volunteer(1, postcode="1002", radius_km=2.0),
            volunteer(2, postcode="1003", radius_km=None),
        ]
        request = help_request()
        assert ids(rank(request, volunteers, default_radius_km=5)) == []
        assert ids(
            rank(request, volunteers, default_radius_km=5, radius_boost_km=4)
        ) == [1]
        assert ids(
            rank(request, volunteers, default_radius_km=5, radius_boost_km=16)
        ) == [1, 2]


class TestOrder:
    def test_nearest_first(self, rank: Rank) -> None:
        volunteers = [
            volunteer(1, postcode="1002"),
            volunteer(2, postcode="1000"),
            volunteer(3, postcode="1001"),
        ]
        ranked = rank(help_request(), volunteers, default_radius_km=5)
        assert ids(ranked) == [2, 3, 1]
        assert ranked[0].distance_km == 0.0
        assert ranked[1].distance_km == pytest.approx(1.0, abs=0.01)
        assert ranked[2].distance_km == pytest.approx(5.0, abs=0.01)

    def test_at_equal_distance_fewest_recent_runs_first(self, rank: Rank) -> None:
        volunteers = [
            volunteer(1, runs_recent=4),
            volunteer(2, runs_recent=0),
            volunteer(3, runs_recent=2),
        ]
        ranked = rank(help_request(), volunteers, default_radius_km=5)
        assert [(c.volunteer_id, c.runs_recent) for c in ranked] == [
            (2, 0),
            (3, 2),
            (1, 4),
        ]

    def test_full_ties_go_to_the_lowest_volunteer_id(self, rank: Rank) -> None:
        volunteers = [
            volunteer(7, postcode="1005", runs_recent=1),
            volunteer(3, postcode="1001", runs_recent=1),
            volunteer(5, postcode="1001", runs_recent=1),
        ]
        ranked = rank(help_request(), volunteers, default_radius_km=5)
        assert ids(ranked) == [3, 5, 7]


class TestUnknownDistances:
    def test_request_without_coordinates_only_gets_the_same_postcode(
        self, rank: Rank
    ) -> None:
        volunteers = [
            volunteer(1, postcode="1004", radius_km=0.0),
            volunteer(2, postcode="1000", radius_km=100.0),
        ]
        ranked = rank(help_request(postcode="1004"), volunteers, default_radius_km=5)
        assert ranked == [
            RankedCandidate(volunteer_id=1, distance_km=0.0, runs_recent=0)
        ]

    def test_volunteer_without_coordinates_is_out_of_reach_elsewhere(
        self, rank: Rank
    ) -> None:
        volunteers = [volunteer(1, postcode="1004", radius_km=100.0)]
        assert rank(help_request(), volunteers, default_radius_km=5) == []

    def test_unknown_request_postcode_only_gets_the_same_postcode(
        self, rank: Rank
    ) -> None:
        volunteers = [volunteer(1, postcode="9999"), volunteer(2, postcode="1000")]
        ranked = rank(help_request(postcode="9999"), volunteers, default_radius_km=5)
        assert ids(ranked) == [1]

    @pytest.mark.parametrize("postcode", [None, "", "abcd", "100"])
    def test_request_without_usable_postcode_gets_no_candidates(
        self, rank: Rank, postcode: str | None
    ) -> None:
        volunteers = [volunteer(1), volunteer(2, postcode="abcd")]
        request = help_request(postcode=postcode)
        assert rank(request, volunteers, default_radius_km=500) == []

    def test_blanks_around_postcodes_are_ignored(self, rank: Rank) -> None:
        volunteers = [volunteer(1, postcode=" 1004 ")]
        ranked = rank(help_request(postcode="1004\n"), volunteers, default_radius_km=5)
        assert ids(ranked) == [1]


class TestIndexLimit:
    def test_limit_keeps_the_best(self) -> None:
        volunteers = [
            volunteer(1, postcode="1002"),
            volunteer(2, postcode="1001", runs_recent=3),
            volunteer(3, postcode="1005", runs_recent=1),
            volunteer(4, postcode="1000"),
        ]
        index = VolunteerIndex(volunteers, directory=DIRECTORY)
        ranked = index.rank(help_request(), default_radius_km=10, limit=2)
        assert ids(ranked) == [4, 3]
        assert index.rank(help_request(), default_radius_km=10, limit=0) == []

    def test_negative_limit_is_refused(self) -> None:
        index = VolunteerIndex([volunteer(1)], directory=DIRECTORY)
        with pytest.raises(ValueError, match="limit"):
            index.rank(help_request(), default_radius_km=10, limit=-1)


# --- The index agrees with the reference on random data ------------------------------
# The draws lean towards available volunteers, so that most requests have candidates.

LANGUAGES = ("nl", "fr", "en")
NEED_CHOICES = ("groceries", "pharmacy", "laundry")


@dataclass(frozen=True)
class Scenario:
    volunteers: list[VolunteerCandidate]
    requests: list[RequestToMatch]
    default_radius_km: float
    radius_boost_km: float
    exclude: frozenset[int]
    limit: int | None


@st.composite
def scenarios(draw: st.DrawFn, postcodes: st.SearchStrategy[str]) -> Scenario:
    volunteers = draw(
        st.lists(
            st.builds(
                VolunteerCandidate,
                volunteer_id=st.integers(min_value=1, max_value=25),
                postcode=postcodes,
                languages=st.lists(
                    st.sampled_from(LANGUAGES), min_size=1, max_size=3
                ).map(tuple),
                needs=st.frozensets(st.sampled_from(NEED_CHOICES), min_size=1),
                radius_km=st.none() | st.floats(min_value=0, max_value=30),
                weekly_cap=st.integers(min_value=0, max_value=4),
                runs_this_week=st.integers(min_value=0, max_value=2),
                runs_recent=st.integers(min_value=0, max_value=3),
                is_opted_out=st.sampled_from((False, False, False, True)),
            ),
            max_size=40,
        )
    )
    volunteer_ids = sorted({volunteer.volunteer_id for volunteer in volunteers})
    requests = draw(
        st.lists(
            st.builds(
                RequestToMatch,
                request_id=st.just(1),
                need=st.sampled_from(NEED_CHOICES),
                language=st.sampled_from(LANGUAGES),
                postcode=st.one_of(postcodes, postcodes, postcodes, st.none()),
            ),
            min_size=1,
            max_size=5,
        )
    )
    return Scenario(
        volunteers=volunteers,
        requests=requests,
        default_radius_km=draw(st.floats(min_value=0, max_value=30)),
        radius_boost_km=draw(st.floats(min_value=0, max_value=10)),
        exclude=draw(
            st.frozensets(st.sampled_from(volunteer_ids), max_size=5)
            if volunteer_ids
            else st.just(frozenset())
        ),
        limit=draw(st.none() | st.integers(min_value=0, max_value=8)),
    )


def assert_index_agrees(directory: PostcodeDirectory, scenario: Scenario) -> None:
    index = VolunteerIndex(scenario.volunteers, directory=directory)
    found = 0
    for request in scenario.requests:
        expected = rank_candidates(
            request,
            scenario.volunteers,
            directory=directory,
            default_radius_km=scenario.default_radius_km,
            radius_boost_km=scenario.radius_boost_km,
            exclude=scenario.exclude,
        )
        ranked = index.rank(
            request,
            default_radius_km=scenario.default_radius_km,
            radius_boost_km=scenario.radius_boost_km,
            exclude=scenario.exclude,
            limit=scenario.limit,
        )
        assert ranked == expected[: scenario.limit]
        found += len(expected)
    # Steers the search towards scenarios where the answers are long lists.
    target(found)


small_postcodes = st.sampled_from(
    ["1000", "1001", "1002", "1003", "1004", "1005", "9999", " 1001", "abcd"]
)


@settings(max_examples=200)
@given(scenario=scenarios(small_postcodes))
def test_index_agrees_with_reference_on_a_small_directory(scenario: Scenario) -> None:
    assert_index_agrees(DIRECTORY, scenario)


# Brussels' postcodes, a few neighbours (1804 borrows the point of 1800) and Gent.
real_postcodes = st.sampled_from(
    [
        place.postcode
        for place in load_postcode_directory().places()
        if "1000" <= place.postcode <= "1210"
    ]
    + ["1800", "1804", "1930", "1931", "3000", "9000"]
)


@settings(max_examples=100)
@given(scenario=scenarios(real_postcodes))
def test_index_agrees_with_reference_on_real_postcodes(scenario: Scenario) -> None:
    assert_index_agrees(load_postcode_directory(), scenario)
