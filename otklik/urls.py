from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import include, path

from otklik.answers.views import ratings as answer_ratings
from otklik.health import healthz
from otklik.ops.metrics import metrics

handler400 = "otklik.errors.bad_request"
handler403 = "otklik.errors.permission_denied"
handler404 = "otklik.errors.page_not_found"
handler500 = "otklik.errors.server_error"

admin.site.site_header = "Отклик — администрирование"
admin.site.site_title = "Отклик"

urlpatterns = [
    path("healthz", healthz, name="healthz"),
    path("metrics", metrics, name="metrics"),  # Prometheus; allowed addresses or a token
    path("login/", auth_views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("admin/", admin.site.urls),
    path("", include("otklik.desk.urls")),
    path("", include("otklik.desk.live_urls")),  # live counters, presence, saved views
    # Residents' ratings of the answers (answers) keep their address among the incidents.
    path("incidents/ratings/", answer_ratings, name="incident-ratings"),
    path("incidents/", include("otklik.incidents.urls")),
    path("answers/", include("otklik.answers.urls")),
    path("plan/", include("otklik.plan.urls")),
    path("analytics/", include("otklik.analytics.urls")),
    path("", include("otklik.api.urls")),
    path("meetings/", include("otklik.meetings.urls")),
    path("vstrechi/", include("otklik.meetings.public_urls")),  # residents' meeting pages
    path("", include("otklik.polls.urls")),  # /polls/… and /initiatives/…
    path("notifications/", include("otklik.notify.urls")),
    path("report/", include("otklik.public.urls")),
    path("open/", include("otklik.public.open_urls")),
    path("triage/", include("otklik.suggestions.urls")),
    path("hooks/", include("otklik.sources.hooks.urls")),
    path("sources/", include("otklik.sources.health_urls")),
    path("privacy/", include("otklik.privacy.urls")),  # acts of destruction, export audit
]
