from django.contrib import admin

from core.admin import ModelAdmin
from forum.models import Category, Comment, Post, Tag


@admin.register(Category, Tag)
class NamedAdmin(ModelAdmin):
    list_display = ["name", "slug"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name"]


@admin.register(Post)
class PostAdmin(ModelAdmin):
    list_display = ["title", "author", "category", "created"]
    list_filter = ["category"]
    list_select_related = ["author", "category"]
    autocomplete_fields = ["tags"]
    raw_id_fields = ["author"]
    search_fields = ["title"]
    date_hierarchy = "created"


@admin.register(Comment)
class CommentAdmin(ModelAdmin):
    list_display = ["id", "post", "author", "created"]
    list_filter = ["post__category"]  # a small table's rows, not a DISTINCT over all comments
    list_select_related = ["post", "author"]
    raw_id_fields = ["post", "author"]
    search_fields = ["body"]
