"""The poll average against a hand-computed example (no database)."""

from datetime import date

import pytest

from electoral.poll_average import PollPoint, poll_average, weight

A = PollPoint(day=date(2027, 1, 1), sample=400, margin=4.0, results={"Azul": 40.0, "Rojo": 30.0})
B = PollPoint(day=date(2027, 1, 15), sample=1600, margin=2.0, results={"Azul": 50.0, "Rojo": 20.0, "Verde": 9.0})


def test_it_weighs_by_root_of_sample_and_halves_each_half_life():
    # √400 = 20, fourteen days old with a half-life of 14: 20 × 0.5 = 10.
    assert weight(400, 14) == pytest.approx(10.0)


def test_it_averages_with_the_weights_on_the_day_of_the_last_poll():
    # A weighs 10, B weighs √1600 = 40: (10 × 40 + 40 × 50) / 50 = 48.
    series = poll_average([B, A])
    assert series[-1].values["Azul"] == (48.0, 45.6, 50.4)


def test_it_averages_the_band_with_the_same_weights():
    # Margin: (10 × 4 + 40 × 2) / 50 = 2.4 → Rojo (10 × 30 + 40 × 20) / 50 = 22 ± 2.4.
    assert poll_average([A, B])[-1].values["Rojo"] == (22.0, 19.6, 24.4)


def test_an_option_counts_only_the_polls_that_report_it():
    assert poll_average([A, B])[-1].values["Verde"] == (9.0, 7.0, 11.0)


def test_the_first_day_is_the_first_poll_alone():
    assert poll_average([A, B])[0].values == {"Azul": (40.0, 36.0, 44.0), "Rojo": (30.0, 26.0, 34.0)}


def test_no_polls_no_series():
    assert poll_average([]) == []
