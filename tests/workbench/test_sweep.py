import pytest

from forum.models import Post
from workbench.sweep import sweep

pytestmark = pytest.mark.django_db


def authors(posts):
    return [post.author.username for post in posts]


def test_measures_each_approach_at_each_size():
    results = sweep(
        {
            "lazy": lambda n: authors(Post.objects.all()[:n]),
            "joined": lambda n: authors(Post.objects.select_related("author")[:n]),
        },
        sizes=[2, 8],
        repeat=1,
    )
    assert {label: [r.queries for r in rows] for label, rows in results.items()} == {
        "lazy": [3, 9],
        "joined": [1, 1],
    }
    assert results.table()[1][0] == "lazy"
    assert len(results.chart().axes[0].lines) == 2
    assert '<img src="data:image/png;base64,' in results._repr_html_()
