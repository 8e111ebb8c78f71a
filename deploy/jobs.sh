#!/bin/sh
# The daily and hourly jobs for container sites (the systemd timers' counterpart): both
# are safe to repeat, so one loop runs them every hour.
set -u
while :; do
    flask --app exchange postings advance || echo "postings advance failed" >&2
    flask --app exchange remind || echo "remind failed" >&2
    sleep "${JOBS_INTERVAL_SECONDS:-3600}"
done
