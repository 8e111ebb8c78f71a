#!/bin/sh
# Container entrypoint: wait for the database, bring its schema up to date, then run the
# command (gunicorn by default). EXCHANGE_MIGRATE=0 skips both (the jobs container, which
# starts after the app has migrated).
set -eu

if [ "${EXCHANGE_MIGRATE:-1}" = "1" ]; then
    flask --app exchange wait-for-db --timeout "${DB_WAIT_SECONDS:-60}"
    flask --app exchange db upgrade
fi

exec "$@"
