"""The content plan's pages, under /plan/: each part's own patterns in its own module."""

from django.urls import include, path

urlpatterns = [
    path("", include("otklik.plan.post_urls")),  # list, post card and form, campaigns
    path("calendar/", include("otklik.plan.calendar_urls")),  # month and week, norms
    path("feed/", include("otklik.plan.feed_urls")),  # the Atom feed of our posts
]
