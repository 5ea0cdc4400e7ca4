"""The forum's pages, written the obvious way: the chapters measure them, the exercises fix them."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.shortcuts import get_object_or_404, render
from django.views.generic import DetailView, ListView

from core.timeouts import statement_timeout
from forum.caching import get_author_stats
from forum.models import Post
from forum.reports import co_commenters

LATEST_COUNT = 20


def latest(request):
    """The 20 newest posts with their authors."""
    return render(request, "forum/latest.html", {"posts": Post.objects.all()[:LATEST_COUNT]})


class FeedView(ListView):
    """Posts, newest first, with author, category, tags and comment count."""

    queryset = Post.objects.with_comment_count()
    paginate_by = 25
    context_object_name = "posts"
    template_name = "forum/feed.html"


class PostView(DetailView):
    """One post and its comments."""

    model = Post
    template_name = "forum/post.html"


def author(request, username):
    """An author's posts and latest comments."""
    user = get_object_or_404(get_user_model(), username=username)
    context = {
        "author": user,
        "posts": user.posts.all(),
        "comments": user.comments.order_by("-created")[:10],
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
