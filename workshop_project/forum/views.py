"""The forum's pages, written the obvious way: the chapters measure them, the exercises fix them."""

from django.contrib.auth import get_user_model
from django.db.models import Count
from django.shortcuts import get_object_or_404, render
from django.views.generic import DetailView, ListView

from forum.models import Post

LATEST_COUNT = 20


def latest(request):
    """The 20 newest posts with their authors."""
    return render(request, "forum/latest.html", {"posts": Post.objects.all()[:LATEST_COUNT]})


class FeedView(ListView):
    """Posts, newest first, with author, category, tags and comment count."""

    # An aggregate's GROUP BY ignores Meta.ordering: order explicitly.
    queryset = Post.objects.annotate(comment_count=Count("comments")).order_by("-created", "-id")
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
