from django.urls import path

from forum import views

app_name = "forum"
urlpatterns = [
    path("", views.FeedView.as_view(), name="feed"),
    path("latest/", views.latest, name="latest"),
    path("posts/<int:pk>/", views.PostView.as_view(), name="post"),
    path("authors/<str:username>/", views.author, name="author"),
]
