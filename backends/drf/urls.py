from django.conf import settings
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from django.views.static import serve

urlpatterns = [
    # Order matters: trench's sign-in first, at the same path as dj-rest-auth's, which it
    # shadows (dj-rest-auth's own auth/login/ would skip the TOTP step).
    path("auth/", include("trench.urls.jwt")),  # login/, login/code/
    path("auth/", include("dj_rest_auth.urls")),  # logout/ user/ password/change|reset|reset/confirm/ token/refresh|verify/
    path("auth/mfa/", include("trench.urls")),  # <method>/activate/[confirm/], <method>/deactivate/, mfa/user-active-methods/
    # The e-mailed reset link (dj-rest-auth reverses this name) sends the person on to the
    # widget's page, with uid and token in its query string.
    path(
        "reset/<uidb64>/<token>/",
        RedirectView.as_view(url=f"{settings.SITE}/drf/forgot-password.html?uid=%(uidb64)s&token=%(token)s"),
        name="password_reset_confirm",
    ),
    # The widget, from this origin: its package, then its pages (last: it matches any path).
    re_path(r"^pkg/(?P<path>.*)$", serve, {"document_root": settings.PKG}),
    path("", serve, {"document_root": settings.WWW, "path": "index.html"}),
    re_path(r"^(?P<path>.+)$", serve, {"document_root": settings.WWW}),
]
