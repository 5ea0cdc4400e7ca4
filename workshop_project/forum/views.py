"""The forum's pages. What each shows comes from forum.selectors and forum.caching, where the
exercises plug in: the chapters measure these pages, the exercises fix them."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, render
from django.views.generic import DetailView, ListView

from core.timeouts import statement_timeout
from forum import selectors
from forum.caching import get_author_stats
from forum.models import Post
from forum.reports import co_commenters


def latest(request):
    """The 20 newest posts with their authors."""
    return render(request, "forum/latest.html", {"posts": selectors.latest_posts()})


class FeedView(ListView):
    """Posts, newest first, with author, category, tags and comment count."""

    paginate_by = 25
    context_object_name = "posts"
    template_name = "forum/feed.html"

    def get_queryset(self):
        return selectors.feed_posts()


class PostView(DetailView):
    """One post and its comments."""

    model = Post
    template_name = "forum/post.html"


def author(request, username):
    """An author's posts and latest comments."""
    user = get_object_or_404(get_user_model(), username=username)
    context = {
        "author": user,
        "posts": selectors.author_posts(user),
        "comments": selectors.author_comments(user),
    }
    return render(request, "forum/author.html", context)


def author_card(request, username):
    """A small card of an author's statistics, which are slow to work out (chapter 2)."""
    user = get_object_or_404(get_user_model(), username=username)
    context = {"author": user, "entry": get_author_stats(user.pk)}
    return render(request, "forum/author_card.html", context)


def co_commenters_report(request):
    """Authors ranked by how often a word comes up in the threads they comment in (chapter 4)."""
    word = request.GET.get("q", "latency")
    with statement_timeout(settings.REPORT_TIMEOUT):
        authors = list(co_commenters(word)[:20])
    return render(request, "forum/co_commenters.html", {"word": word, "authors": authors})
