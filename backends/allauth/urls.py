from django.conf import settings
from django.urls import include, path, re_path
from django.views.static import serve

urlpatterns = [
    path("_allauth/", include("allauth.headless.urls")),
    path("accounts/", include("allauth.urls")),
    # The widget, from this origin: its package, then its pages (last: it matches any path).
    re_path(r"^pkg/(?P<path>.*)$", serve, {"document_root": settings.PKG}),
    path("", serve, {"document_root": settings.WWW, "path": "index.html"}),
    re_path(r"^(?P<path>.+)$", serve, {"document_root": settings.WWW}),
]
