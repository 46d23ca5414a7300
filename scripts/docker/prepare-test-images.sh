#!/usr/bin/env bash
# Runs before `npm test`: when a Docker daemon answers, builds (or confirms, in about a second) the local test
# images, so no test ever makes the daemon look for an image in a registry. Without a daemon it only says so:
# the Docker tests then skip, loudly.
set -euo pipefail
cd "$(dirname "$0")/../.."
if docker info >/dev/null 2>&1; then
  scripts/docker/build-test-images.sh
else
  echo "No Docker daemon answers: the Docker integration tests will be SKIPPED (scripts/docker/ensure-docker.sh starts one)." >&2
fi
