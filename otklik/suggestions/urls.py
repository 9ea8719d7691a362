from django.urls import path

from otklik.suggestions import views

urlpatterns = [
    path("models/", views.model_versions, name="model-versions"),
    path("models/<int:pk>/activate/", views.activate, name="model-activate"),
    path("auto-route/", views.toggle_auto_route, name="auto-route"),
]
