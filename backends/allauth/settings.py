"""Backend A: django-allauth 65.22.1, headless only, browser client (session cookie + CSRF),
with allauth.mfa (TOTP + recovery codes). Settings only: every endpoint is allauth's own.
API under /_allauth/browser/v1/ (docs/notes/issue-11-real-backends.md, section 3); the
widget's pages at /, its package at /pkg/. Run it with scripts/backend.sh allauth.
"""

from hmis_common import *  # noqa: F401,F403  paths, database, mail, password rules, MIME types
from hmis_common import database, mail_dir, site

SITE = site("http://127.0.0.1:8101")
DATABASES = database("allauth")
EMAIL_FILE_PATH = mail_dir("allauth")

INSTALLED_APPS = [
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "allauth.headless",
    "allauth.usersessions",
]

MIDDLEWARE = [
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]

ACCOUNT_LOGIN_METHODS = {"username"}
ACCOUNT_SIGNUP_FIELDS = ["username*", "email", "password1*"]
ACCOUNT_EMAIL_VERIFICATION = "none"
# The tests sign in wrongly on purpose; the lock-out is its own test, not every test's limit.
ACCOUNT_RATE_LIMITS = False

HEADLESS_ONLY = True
HEADLESS_CLIENTS = ("browser",)
# The links allauth puts in its e-mails. Only the reset link is used by the widget: it reads
# `key` from its page's query string.
HEADLESS_FRONTEND_URLS = {
    "account_reset_password_from_key": f"{SITE}/allauth/forgot-password.html?key={{key}}",
    "account_reset_password": f"{SITE}/allauth/forgot-password.html",
    "account_signup": f"{SITE}/",
    "account_confirm_email": f"{SITE}/?key={{key}}",
}

MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "HMIS demo"
# The current 30-s window and one either side: a test can sign in again right after turning
# 2-step on, with the next window's code (a code is accepted once only), without waiting.
MFA_TOTP_TOLERANCE = 1
