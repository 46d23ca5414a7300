#!/usr/bin/env bash
# Makes sure a Docker daemon answers, for CI: exits 0 when `docker info` works. Otherwise, as root, installs
# Debian's docker.io when dockerd is missing, starts dockerd in the background (log: /tmp/owfast-dockerd.log) and
# waits up to 60 s for it. Exits 1 with a loud message when no daemon can be had (the Docker tests then skip loudly).
set -uo pipefail

LOG=/tmp/owfast-dockerd.log
WAIT_S=60

loud() {
  echo >&2
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
  echo "!!! ensure-docker: $*" >&2
  echo "!!! The Docker integration tests will be SKIPPED." >&2
  echo "!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!!" >&2
  echo >&2
  exit 1
}

answers() { command -v docker >/dev/null 2>&1 && docker info >/dev/null 2>&1; }

if answers; then
  echo "ensure-docker: a Docker daemon answers"
  exit 0
fi
[[ "$(id -u)" -eq 0 ]] || loud "no Docker daemon answers and we are not root, so none can be started here"

if ! command -v dockerd >/dev/null 2>&1 || ! command -v docker >/dev/null 2>&1; then
  echo "ensure-docker: installing Debian's docker.io"
  command -v apt-get >/dev/null 2>&1 || loud "dockerd is missing and apt-get is not available to install docker.io"
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq >/dev/null || loud "apt-get update failed"
  apt-get install -y -qq docker.io >/dev/null || loud "apt-get install docker.io failed"
fi

if ! pgrep -x dockerd >/dev/null 2>&1; then
  echo "ensure-docker: starting dockerd (log: $LOG)"
  nohup dockerd >"$LOG" 2>&1 &
fi
for ((i = 0; i < WAIT_S * 4; i++)); do
  if answers; then
    echo "ensure-docker: dockerd answers after $((i / 4)) s"
    exit 0
  fi
  sleep 0.25
done
tail -n 20 "$LOG" >&2 2>/dev/null || true
loud "dockerd did not answer within $WAIT_S s (see $LOG)"
