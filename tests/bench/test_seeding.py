import pytest

from bench import seeding

pytestmark = [pytest.mark.slow, pytest.mark.django_db]


def test_seeds_a_size_into_a_scratch_database_and_says_how_long_it_took(monkeypatch):
    monkeypatch.setattr(seeding, "BUDGETS_S", {"large": 8, "huge": 60})
    seconds = seeding.seconds_to_seed("tiny")
    assert 0 < seconds < 8
