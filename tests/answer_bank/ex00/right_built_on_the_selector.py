"""Right: the selector as written, with the authors joined to it."""

from forum import selectors


def latest_posts():
    return selectors.latest_posts().select_related("author")
