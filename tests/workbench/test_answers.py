import pytest

from forum import selectors
from workbench.answers import answers

pytestmark = pytest.mark.django_db


def test_the_site_serves_the_answers_chosen_for_a_block(settings):
    settings.WORKBOOK_ANSWERS = None
    with answers("solutions"):
        assert "author" in str(selectors.latest_posts().query).lower()
        with answers("naive"):
            assert selectors.latest_posts().query.select_related is False
    assert settings.WORKBOOK_ANSWERS is None
