"""The Atom feed of our published posts (public): all campaigns, or one by its slug."""

from django.urls import path

from otklik.plan import feed

app_name = "plan_feed"
urlpatterns = [
    path("atom.xml", feed.atom, name="all"),
    path("<slug:slug>/atom.xml", feed.atom, name="campaign"),
]
