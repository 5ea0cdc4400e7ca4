import pytest

from workbench.stubs import MarkerError, drifted, stub_source

SOLUTION = '''"""The task."""

from django.conf import settings

from forum.models import Post


def answer():
    """What to return."""
    # BEGIN SOLUTION
    return Post.objects.count()
    # END SOLUTION
'''


def test_every_stub_is_its_solution_without_the_answers():
    assert drifted() == [], "run: python -m workbench.stubs"


def test_a_stub_raises_not_written_yet_and_imports_it_with_the_project_imports():
    assert stub_source(SOLUTION, "ex07").splitlines()[4:] == [
        "from core.extension_points import NotWrittenYet",
        "from forum.models import Post",
        "",
        "",
        "def answer():",
        '    """What to return."""',
        '    raise NotWrittenYet("ex07")',
    ]


@pytest.mark.parametrize(
    "broken",
    [SOLUTION.replace("    # END SOLUTION\n", ""), SOLUTION.replace("    # BEGIN", "# BEGIN")],
)
def test_unpaired_or_module_level_markers_are_refused(broken):
    with pytest.raises(MarkerError):
        stub_source(broken, "ex07")
