"""Backend B: dj-rest-auth 7.2.0 + djangorestframework-simplejwt 5.5.1 (bearer JWT, no cookies,
no CSRF) + django-trench-reboot 0.4.0 (TOTP by authenticator app). Settings only: every
endpoint is one of those packages' own (docs/notes/issue-11-real-backends.md, section 4); the
widget's pages at /, its package at /pkg/. Run it with scripts/backend.sh drf.

Extra environment: HMIS_ANON_RATE, the throttle on requests without a token (DRF's syntax,
e.g. "30/min"; default "1000/min" so that tests do not trip it).
"""

import os
from datetime import timedelta

from hmis_common import *  # noqa: F401,F403  paths, database, mail, password rules, MIME types
from hmis_common import database, mail_dir, site

SITE = site("http://127.0.0.1:8102")
DATABASES = database("drf")
EMAIL_FILE_PATH = mail_dir("drf")

INSTALLED_APPS = [
    # Only for its templates: dj-rest-auth's reset e-mail is registration/password_reset_email.html.
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "rest_framework",
    "rest_framework.authtoken",  # imported by dj-rest-auth
    "dj_rest_auth",
    "trench",
]

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
]

REST_FRAMEWORK = {
    # Bearer tokens only: without SessionAuthentication no endpoint checks CSRF.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "rest_framework_simplejwt.authentication.JWTAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["rest_framework.throttling.AnonRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"anon": os.environ.get("HMIS_ANON_RATE", "1000/min")},
}

REST_AUTH = {
    "USE_JWT": True,
    "JWT_AUTH_HTTPONLY": False,  # the refresh token in the body as well
    "JWT_AUTH_COOKIE": None,  # no auth cookies
    "SESSION_LOGIN": False,
    "OLD_PASSWORD_FIELD_ENABLED": True,
    "LOGOUT_ON_PASSWORD_CHANGE": False,
}

SIMPLE_JWT = {
    "ACCESS_TOKEN_LIFETIME": timedelta(minutes=15),
    "AUTH_HEADER_TYPES": ("Bearer",),
}

TRENCH_AUTH = {
    "APPLICATION_ISSUER_NAME": "HMIS demo",
    "MFA_METHODS": {
        "app": {
            "VERBOSE_NAME": "app",
            "VALIDITY_PERIOD": 30,
            "USES_THIRD_PARTY_CLIENT": True,
            "HANDLER": "trench.backends.application.ApplicationMessageDispatcher",
        },
    },
}
