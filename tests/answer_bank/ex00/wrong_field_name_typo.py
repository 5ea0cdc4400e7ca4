"""Wrong: select_related() of a field the model does not have.

Fails: test_the_page_lists_the_20_newest_posts, test_the_page_renders_in_at_most_two_queries,
test_the_page_is_unchanged
"""

from forum.models import Post


def latest_posts():
    return Post.objects.select_related("user")[:20]
