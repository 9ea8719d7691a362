from django.urls import path

from otklik.public import open_views

urlpatterns = [
    path("", open_views.city, name="open"),
    path("data.json", open_views.data_json, name="open-data-json"),
    path("data.csv", open_views.data_csv, name="open-data-csv"),
    path("<slug:code>/", open_views.territory, name="open-territory"),
]
