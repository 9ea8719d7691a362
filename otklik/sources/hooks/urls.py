"""Webhook endpoints of the channel adapters: /hooks/<kind>/<source name>/."""

from django.urls import path

from otklik.sources.max import views as max_
from otklik.sources.ok import views as ok
from otklik.sources.telegram import views as telegram
from otklik.sources.vk import views as vk

urlpatterns = [
    path("vk/<slug:name>/", vk.callback, name="hooks-vk"),
    path("telegram/<slug:name>/", telegram.webhook, name="hooks-telegram"),
    path("max/<slug:name>/", max_.webhook, name="hooks-max"),
    path("ok/<slug:name>/", ok.webhook, name="hooks-ok"),
]
