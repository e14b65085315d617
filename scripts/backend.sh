#!/usr/bin/env bash
# Runs one of the two real Django backends (backends/README.md) with the widget served from the
# same origin:
#
#   scripts/backend.sh allauth|drf [PORT]      (default ports 8101 and 8102)
#
# Each start gets a database of its own with the seeded account in its first state (alice or
# bob, temporary password Temp-Pass-2026!): a copy of a template database migrated and seeded
# once and kept under target/backends/, keyed by the hash of everything it depends on, so a
# start costs a file copy instead of a migration.
#
# Environment (all optional):
#   HMIS_DB        the database file; created from the template when missing, migrated when
#                  it exists (default: a new one in $TMPDIR/hmis-backend-KIND-PORT/)
#   HMIS_MAIL_DIR  where the e-mails go, one file each (default: DB-without-.sqlite3-mail, or
#                  mail/ beside the default database)
#   HMIS_SITE      the URL put into e-mailed links (default: http://127.0.0.1:PORT)
#   HMIS_ANON_RATE drf only: the throttle on requests without a token (default 1000/min)
#
# The last step is `exec django-admin runserver`: the process that was started is the server,
# so stopping it (e2e/tests/support/django.rs kills it) stops the server.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

kind=${1:-}
case "$kind" in
  allauth) port=${2:-8101} ;;
  drf) port=${2:-8102} ;;
  *) echo "usage: scripts/backend.sh allauth|drf [PORT]" >&2; exit 2 ;;
esac

venv=$repo/tools/venv
if [ ! -x "$venv/bin/django-admin" ]; then
  echo "backend: $venv is missing: run \`make setup\` (it installs backends/requirements.txt)" >&2
  exit 1
fi

export DJANGO_SETTINGS_MODULE=settings
export PYTHONPATH=$repo/backends/$kind:$repo/backends
export PYTHONDONTWRITEBYTECODE=1
export PYTHONUNBUFFERED=1
django_admin=$venv/bin/django-admin

# The seeded account: a temporary password, and an e-mail address (allauth sends reset mail only
# to a verified one).
case "$kind" in
  allauth) seed='
from django.contrib.auth.models import User
from allauth.account.models import EmailAddress
user = User.objects.create_user("alice", "alice@example.org", "Temp-Pass-2026!")
EmailAddress.objects.create(user=user, email="alice@example.org", verified=True, primary=True)
' ;;
  drf) seed='
from django.contrib.auth.models import User
User.objects.create_user("bob", "bob@example.org", "Temp-Pass-2026!")
' ;;
esac

# The template: migrated and seeded once per combination of pins, settings and seed.
templates=$repo/target/backends
key=$( { cat backends/requirements.txt backends/hmis_common.py "backends/$kind/settings.py"; printf '%s' "$seed"; } \
  | sha256sum | cut -c1-16)
template=$templates/template-$kind-$key.sqlite3
if [ ! -f "$template" ]; then
  mkdir -p "$templates"
  # Templates of earlier pins or settings go (not this one: a parallel start may have made it).
  for old in "$templates/template-$kind-"*.sqlite3; do
    [ "$old" = "$template" ] || rm -f "$old"
  done
  building=$(mktemp "$templates/building-$kind-XXXXXX.sqlite3")
  rm -f "$building"
  echo "backend: migrating a template database for $kind ($template)" >&2
  HMIS_DB=$building "$django_admin" migrate -v0
  HMIS_DB=$building "$django_admin" shell -v 0 -c "$seed"
  # A rename is atomic: a run started meanwhile sees the whole file or none.
  mv -f "$building" "$template"
fi

if [ -n "${HMIS_DB:-}" ]; then
  export HMIS_MAIL_DIR=${HMIS_MAIL_DIR:-${HMIS_DB%.sqlite3}-mail}
  if [ -f "$HMIS_DB" ]; then
    "$django_admin" migrate -v0
  else
    cp "$template" "$HMIS_DB"
  fi
else
  run=${TMPDIR:-/tmp}/hmis-backend-$kind-$port
  rm -rf "$run"
  mkdir -p "$run"
  export HMIS_DB=$run/db.sqlite3
  export HMIS_MAIL_DIR=${HMIS_MAIL_DIR:-$run/mail}
  cp "$template" "$HMIS_DB"
fi
mkdir -p "$HMIS_MAIL_DIR"
export HMIS_SITE=${HMIS_SITE:-http://127.0.0.1:$port}

echo "backend: $kind at $HMIS_SITE/ (database $HMIS_DB, mail $HMIS_MAIL_DIR)" >&2
# --skip-checks: `django-admin check` passes on both projects (scripts/backend-smoke.sh runs it);
# at each start it would only cost time.
exec "$django_admin" runserver --noreload --skip-checks "127.0.0.1:$port"
