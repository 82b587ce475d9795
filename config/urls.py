from django.contrib import admin
from django.contrib.auth.decorators import login_required
from django.urls import include, path, re_path

from api.views import api, not_found
from core import health
from core import views as core_views
from portal import views as portal_views

# admin.site is core.admin.RendaAdminSite (superusers only; see core.apps.RendaAdminConfig).
# One sign-in page for everyone, with its throttles, lockout and audit entries.
admin.site.login = login_required(admin.site.login)

urlpatterns = [
    path("", include("portal.urls")),
    path("", include("core.urls")),
    path("accounts/", include("accounts.urls")),
    path("registry/", include("registry.urls")),
    path("meetings/", include("meetings.urls")),
    path("elections/", include("elections.urls")),
    path("suggestions/", include("suggestions.urls")),
    path("stations/", include("stations.urls")),
    path("projects/", include("projects.urls")),
    path("oversight/", include("oversight.urls")),
    path("performance/", include("performance.urls")),
    path("deliberation/", include("deliberation.urls")),
    path("reports/", include("reports.urls")),
    path("referrals/", include("referrals.urls")),
    path("councils/", include("councils.urls")),
    path("materials/", include("materials.urls")),
    # Public pages, no login: /p/<congress code>/…
    path("p/<slug:code>/", portal_views.public_home, name="public_home"),
    path("p/<slug:code>/suggestions/", include("suggestions.public_urls")),
    path("p/<slug:code>/stations/", include("stations.public_urls")),
    path("p/<slug:code>/projects/", include("projects.public_urls")),
    path("p/<slug:code>/councils/", include("councils.public_urls")),
    path("p/<slug:code>/deputies/", include("performance.public_urls")),
    path("api/", api.urls),
    re_path(r"^api/(?P<rest>.*)$", not_found),
    path("tokens/", include("api.page_urls")),
    path("admin/", admin.site.urls),
    path("favicon.ico", core_views.favicon),
    path("healthz", health.healthz, name="healthz"),
    path("readyz", health.readyz, name="readyz"),
]

handler400 = "core.views.bad_request"
handler403 = "core.views.permission_denied"
handler404 = "core.views.page_not_found"
handler500 = "core.views.server_error"
