from django.urls import path

from forum import views

app_name = "forum"
urlpatterns = [
    path("", views.FeedView.as_view(), name="feed"),
    path("latest/", views.latest, name="latest"),
    path("posts/<int:pk>/", views.PostView.as_view(), name="post"),
    path("authors/<str:username>/", views.author, name="author"),
    path("authors/<str:username>/card/", views.author_card, name="author-card"),
    path("reports/co-commenters/", views.co_commenters_report, name="co-commenters"),
]
