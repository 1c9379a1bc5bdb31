from django.contrib import admin
from django.urls import include, path

from insyn.api.api import api
from insyn.core import oidc
from insyn.core import views as core_views

urlpatterns = [
    path("", include("insyn.portal.urls")),
    path("diarium/", include("insyn.registry.urls")),
    path("utmanarratt/", include("insyn.challenges.urls")),
    path("avtalsregister/", include("insyn.contracts.urls")),
    path("upphandling/", include("insyn.procurement.urls")),
    path("uppfoljning/", include("insyn.followup.urls")),
    path("api/v1/", api.urls),
    path("logga-in/", core_views.LoginView.as_view(), name="login"),
    path("logga-ut/", core_views.LogoutView.as_view(), name="logout"),
    path("oidc/", include(oidc.urlpatterns)),
    path("admin/", admin.site.urls),
]

handler400 = "insyn.core.views.bad_request"
handler403 = "insyn.core.views.permission_denied"
handler404 = "insyn.core.views.page_not_found"
handler500 = "insyn.core.views.server_error"
