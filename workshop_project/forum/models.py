"""A small forum: the realistic data every chapter measures."""

from django.conf import settings
from django.db import models
from django.db.models import Count, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse

from core.models import Manager, QuerySet


class Category(models.Model):
    name = models.CharField(max_length=50, unique=True)
    slug = models.SlugField(unique=True)

    objects = Manager()

    class Meta:
        ordering = ["name"]
        verbose_name_plural = "categories"

    def __str__(self):
        return self.name


class Tag(models.Model):
    name = models.CharField(max_length=50, unique=True)
    slug = models.SlugField(unique=True)

    objects = Manager()

    class Meta:
        ordering = ["name"]

    def __str__(self):
        return self.name


class PostQuerySet(QuerySet):
    def with_comment_count(self):
        """Annotate each post's `comment_count`, counted for the posts fetched only.

        `annotate(Count("comments"))` would JOIN and GROUP BY every post's comments before a
        page's LIMIT applies; a correlated subquery counts the page's posts alone.
        """
        per_post = Comment.objects.filter(post=OuterRef("pk")).order_by().values("post")
        counted = per_post.annotate(count=Count("pk")).values("count")
        return self.annotate(comment_count=Coalesce(Subquery(counted), 0))


class Post(models.Model):
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="posts"
    )
    category = models.ForeignKey(Category, on_delete=models.PROTECT, related_name="posts")
    tags = models.ManyToManyField(Tag, related_name="posts", blank=True)
    title = models.CharField(max_length=200)
    body = models.TextField()
    created = models.DateTimeField(db_index=True)

    objects = Manager.from_queryset(PostQuerySet)()

    class Meta:
        ordering = ["-created", "-id"]

    def __str__(self):
        return self.title

    def get_absolute_url(self):
        return reverse("forum:post", args=[self.pk])


class Comment(models.Model):
    post = models.ForeignKey(Post, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="comments"
    )
    body = models.TextField()
    created = models.DateTimeField(db_index=True)

    objects = Manager()

    class Meta:
        ordering = ["created", "id"]

    def __str__(self):
        return f"Comment by {self.author_id} on {self.post_id}"
