"""Settings both backends share: paths, environment, database, mail, password rules, and the
MIME types of the widget's files. Each backend's settings.py starts with
`from hmis_common import *` (the launcher puts backends/ on PYTHONPATH).

Environment:
  HMIS_SITE        the URL the backend is reached at, put into the links it e-mails
                   (default: the backend's own demo address)
  HMIS_DB          the SQLite database file
  HMIS_MAIL_DIR    where the file e-mail backend writes one file per message
  HMIS_SECRET_KEY  Django's SECRET_KEY (a fixed development value by default)
"""

import mimetypes
import os
from pathlib import Path

BACKENDS = Path(__file__).resolve().parent
REPO = BACKENDS.parent
# The widget's pages and its built package, served by the backend itself so that pages and API
# share one origin (Django's CSRF check refuses a POST whose Origin is another one).
WWW = REPO / "www"
PKG = REPO / "pkg"
SCRATCH = REPO / "target" / "backends"


def site(default):
    return os.environ.get("HMIS_SITE", default).rstrip("/")


def database(name):
    return {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": os.environ.get("HMIS_DB", str(SCRATCH / f"{name}.sqlite3")),
        }
    }


def mail_dir(name):
    return os.environ.get("HMIS_MAIL_DIR", str(SCRATCH / f"{name}-mail"))


SECRET_KEY = os.environ.get("HMIS_SECRET_KEY", "hmis-onboard-development-only-not-a-secret")
DEBUG = False
ALLOWED_HOSTS = ["127.0.0.1", "localhost"]
ROOT_URLCONF = "urls"
USE_TZ = True
DEFAULT_AUTO_FIELD = "django.db.models.AutoField"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
            ]
        },
    }
]

# The backend's own rules, so its own messages reach the widget.
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# One file per message; the tests read the reset link from it.
EMAIL_BACKEND = "django.core.mail.backends.filebased.EmailBackend"
DEFAULT_FROM_EMAIL = "hmis-demo@example.org"

# Server errors to stderr (the launcher's log), not to e-mail.
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"stderr": {"class": "logging.StreamHandler"}},
    "loggers": {
        "django": {"handlers": ["stderr"], "level": "WARNING"},
        # Every request line (method, path, status; never a body): the tests count the changes.
        "django.server": {"handlers": ["stderr"], "level": "INFO", "propagate": False},
    },
}

# django.views.static.serve takes the Content-Type from mimetypes, which reads the machine's
# /etc/mime.types: say what the widget's files are, whatever that file says.
mimetypes.add_type("application/wasm", ".wasm")
mimetypes.add_type("text/javascript", ".js")
mimetypes.add_type("text/javascript", ".mjs")
mimetypes.add_type("text/css", ".css")
mimetypes.add_type("application/json", ".json")
mimetypes.add_type("image/svg+xml", ".svg")
