#!/usr/bin/env bash
# Builds the Docker images the integration tests and the Docker backend run, locally and without any network:
# no base image can be pulled here, so each image is a root filesystem assembled from this machine's own binaries
# (node, python3 and the shared libraries `ldd` lists, at the same paths) plus our action proxies, then loaded with
# `docker import`. The nodejs and python images stand in for OpenWhisk's runtime images (openwhisk/action-*:nightly,
# named by common/runtimes/runtimes.json), which speak the same /init + /run protocol but cannot be pulled here.
# Every tag of a family points at the one interpreter this machine has (e.g. the python-v3.10 tag runs python 3.11).
# Idempotent: each image carries a label with a hash of its inputs; a build whose hash already exists is skipped.
# Usage: scripts/docker/build-test-images.sh [--force]
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/../.." && pwd)"
FORCE=0
[[ "${1:-}" == "--force" ]] && FORCE=1
# Bump when the way images are assembled changes: it is part of every input hash.
RECIPE_VERSION=3
NODE_TAGS=(openwhisk/action-nodejs-v20:nightly openwhisk/action-nodejs-v18:nightly openwhisk/action-nodejs-v22:nightly)
PYTHON_TAGS=(openwhisk/action-python-v3.10:nightly openwhisk/action-python-v3.11:nightly openwhisk/action-python-v3.12:nightly)
ILUVATAR_TAG=owfast/iluvatar-agent-test:latest
ILUVATAR_AGENT="$ROOT/worker/runtimes/iluvatar/agent.js"

die() { echo "build-test-images: ERROR: $*" >&2; exit 1; }
say() { echo "build-test-images: $*"; }

command -v docker >/dev/null || die "the docker client is not installed"
docker info >/dev/null 2>&1 || die "no Docker daemon answers (run scripts/docker/ensure-docker.sh first)"
for tool in ldd tar sha256sum; do command -v "$tool" >/dev/null || die "'$tool' is required"; done

# One build at a time on this machine (test files running in parallel each call this script).
if command -v flock >/dev/null; then
  exec 9>"/tmp/owfast-build-test-images.lock"
  flock -w 600 9 || die "another build-test-images run holds /tmp/owfast-build-test-images.lock"
fi

WORK="$(mktemp -d /tmp/owfast-images.XXXXXX)"
trap 'rm -rf "$WORK"' EXIT

# The shared libraries (and the dynamic loader) the given ELF files need, one absolute path a line.
libs_of() {
  local file
  for file in "$@"; do
    ldd "$file" 2>/dev/null | awk '$2 == "=>" && $3 ~ /^\// { print $3 } $1 ~ /^\// { print $1 }' || true
  done | sort -u
}

# Copies files into a root filesystem at the same absolute paths, following symlinks.
copy_files() {
  local rootfs="$1" file
  shift
  for file in "$@"; do
    mkdir -p "$rootfs$(dirname "$file")"
    cp -L "$file" "$rootfs$file"
  done
}

# A hash of a root filesystem's inputs: this script, the files named (by name and content, not by where the
# checkout is), and extra text.
inputs_hash() {
  local extra="$1" file
  shift
  {
    echo "recipe $RECIPE_VERSION"
    sha256sum <"$0"
    for file in "$@"; do
      printf '%s ' "${file##*/}"
      sha256sum <"$file"
    done
    echo "$extra"
  } | sha256sum | cut -c1-32
}

# The id of an image we built from these inputs, if there is one.
built_image() {
  docker image ls --no-trunc --filter "label=owfast.inputs=$1" --format '{{.ID}}' | head -n 1 | sed 's/^sha256://'
}

# import_rootfs <rootfs> <hash> <title> <tag> <docker import --change …>… : imports as <tag>, prints the image id.
import_rootfs() {
  local rootfs="$1" hash="$2" title="$3" tag="$4"
  shift 4
  local changes=() change id
  for change in "$@" "LABEL owfast=true owfast.image=$title owfast.inputs=$hash"; do changes+=(--change "$change"); done
  # File times are kept: python's .pyc files are only valid for their source's mtime.
  id="$(tar -C "$rootfs" --sort=name --owner=0 --group=0 --numeric-owner -cf - . \
    | docker import "${changes[@]}" - "$tag")" || die "docker import of the $title image failed"
  [[ "$id" == sha256:* ]] || die "docker import of the $title image printed no image id"
  echo "${id#sha256:}"
}

# tag_all <id> <title> <tag>…: points the tags at the image, then drops older builds of that title nobody uses.
tag_all() {
  local id="$1" title="$2" tag old
  shift 2
  for tag in "$@"; do docker tag "$id" "$tag" || die "cannot tag $id as $tag"; done
  for old in $(docker image ls --no-trunc --filter "label=owfast.image=$title" --format '{{.ID}}' | sort -u); do
    [[ "$old" == *"$id" ]] || docker rmi -f "$old" >/dev/null 2>&1 || true
  done
}

# ---- nodejs: the host's node, its libraries, and our proxy -------------------------------------------------------
NODE="$(command -v node)" || die "node is not installed on this machine"
NODE="$(readlink -f "$NODE")"
NODE_PROXY="$ROOT/worker/runtimes/nodejs/proxy.js"
[[ -f "$NODE_PROXY" ]] || die "missing $NODE_PROXY"
mapfile -t NODE_LIBS < <(libs_of "$NODE")
[[ ${#NODE_LIBS[@]} -gt 0 ]] || die "ldd found no libraries for $NODE"

# nodejs_rootfs <dir>: node at /usr/bin/node, its libraries, a /tmp.
nodejs_rootfs() {
  local rootfs="$1"
  mkdir -p "$rootfs/tmp" "$rootfs/usr/bin" "$rootfs/etc"
  chmod 1777 "$rootfs/tmp"
  cp -L "$NODE" "$rootfs/usr/bin/node"
  copy_files "$rootfs" "${NODE_LIBS[@]}"
  echo 'root:x:0:0:root:/root:/bin/false' >"$rootfs/etc/passwd"
  echo 'root:x:0:' >"$rootfs/etc/group"
}

NODE_HASH="$(inputs_hash "nodejs" "$NODE" "${NODE_LIBS[@]}" "$NODE_PROXY")"
NODE_ID="$(built_image "$NODE_HASH")"
if [[ -n "$NODE_ID" && $FORCE -eq 0 ]]; then
  say "nodejs image is up to date (${NODE_ID})"
else
  say "building the nodejs image from $NODE ($("$NODE" --version))"
  nodejs_rootfs "$WORK/nodejs"
  mkdir -p "$WORK/nodejs/nodejsAction"
  cp "$NODE_PROXY" "$WORK/nodejs/nodejsAction/proxy.js"
  NODE_ID="$(import_rootfs "$WORK/nodejs" "$NODE_HASH" nodejs "${NODE_TAGS[0]}" \
    'ENV PATH=/usr/bin:/bin' 'WORKDIR /nodejsAction' 'EXPOSE 8080' \
    'CMD ["/usr/bin/node", "/nodejsAction/proxy.js", "--port", "8080"]')"
fi
tag_all "$NODE_ID" nodejs "${NODE_TAGS[@]}"

# ---- python: an interpreter, its standard library (trimmed), and our proxy ---------------------------------------
# The host's Debian python3 when there is one (smallest: its test suite is a separate package), else any python3.
PYTHON=""
for candidate in /usr/bin/python3 "$(command -v python3 || true)"; do
  [[ -n "$candidate" && -x "$candidate" ]] || continue
  PYTHON="$("$candidate" -c 'import sys; print(sys.executable)' 2>/dev/null)" && break
done
[[ -n "$PYTHON" ]] || die "no python3 interpreter on this machine"
PYTHON="$(readlink -f "$PYTHON")"
PY_PROXY="$ROOT/worker/runtimes/python/proxy.py"
[[ -f "$PY_PROXY" ]] || die "missing $PY_PROXY"
read -r PY_STDLIB PY_DYNLOAD PY_VERSION < <("$PYTHON" -c '
import sys, sysconfig
print(sysconfig.get_paths()["stdlib"], sysconfig.get_config_var("DESTSHARED") or "", "%d.%d" % sys.version_info[:2])')
[[ -d "$PY_STDLIB" ]] || die "cannot find the standard library of $PYTHON"
PY_MODULES=()
[[ -d "$PY_DYNLOAD" ]] && mapfile -t PY_MODULES < <(find "$PY_DYNLOAD" -name '*.so' | sort)
mapfile -t PY_LIBS < <(libs_of "$PYTHON" "${PY_MODULES[@]}")
PY_EXCLUDES=(test tests idlelib tkinter turtledemo turtle.py lib2to3/tests ensurepip site-packages dist-packages
  config-"$PY_VERSION"-x86_64-linux-gnu distutils/tests unittest/test ctypes/test sqlite3/test)

PY_HASH="$(inputs_hash "python $(find "$PY_STDLIB" -type f -printf '%P %s %T@\n' | sort | sha256sum)" \
  "$PYTHON" "${PY_LIBS[@]}" "$PY_PROXY")"
PY_ID="$(built_image "$PY_HASH")"
if [[ -n "$PY_ID" && $FORCE -eq 0 ]]; then
  say "python image is up to date (${PY_ID})"
else
  say "building the python image from $PYTHON (python $PY_VERSION)"
  rootfs="$WORK/python"
  mkdir -p "$rootfs/tmp" "$rootfs/usr/bin" "$rootfs/etc" "$rootfs/pythonAction"
  chmod 1777 "$rootfs/tmp"
  copy_files "$rootfs" "$PYTHON" "${PY_LIBS[@]}"
  [[ -e "$rootfs/usr/bin/python3" ]] || ln -s "$PYTHON" "$rootfs/usr/bin/python3"
  excludes=()
  for name in "${PY_EXCLUDES[@]}"; do excludes+=(--exclude="${PY_STDLIB#/}/$name"); done
  tar -C / "${excludes[@]}" -cf - "${PY_STDLIB#/}" | tar -C "$rootfs" -xf - || die "copying $PY_STDLIB failed"
  # Debian points sitecustomize.py at /etc/python3.X; bring the target so the link is not dangling.
  [[ -d "/etc/python$PY_VERSION" ]] && cp -rL "/etc/python$PY_VERSION" "$rootfs/etc/"
  echo 'root:x:0:0:root:/root:/bin/false' >"$rootfs/etc/passwd"
  echo 'root:x:0:' >"$rootfs/etc/group"
  cp "$PY_PROXY" "$rootfs/pythonAction/proxy.py"
  # The actionloop python image sets OW_LOG_INIT_ERROR (sentinels after a failed /init).
  PY_ID="$(import_rootfs "$rootfs" "$PY_HASH" python "${PYTHON_TAGS[0]}" \
    'ENV PATH=/usr/bin:/bin' 'ENV OW_LOG_INIT_ERROR=1' 'ENV PYTHONDONTWRITEBYTECODE=1' 'WORKDIR /pythonAction' \
    'EXPOSE 8080' 'CMD ["/usr/bin/python3", "/pythonAction/proxy.py", "--port", "8080"]')"
fi
tag_all "$PY_ID" python "${PYTHON_TAGS[@]}"

# ---- Ilúvatar agent: the nodejs root filesystem running worker/runtimes/iluvatar/agent.js -------------------------
if [[ -f "$ILUVATAR_AGENT" ]]; then
  IL_HASH="$(inputs_hash "iluvatar" "$NODE" "${NODE_LIBS[@]}" "$ILUVATAR_AGENT")"
  IL_ID="$(built_image "$IL_HASH")"
  if [[ -n "$IL_ID" && $FORCE -eq 0 ]]; then
    say "iluvatar agent image is up to date (${IL_ID})"
  else
    say "building the iluvatar agent image"
    nodejs_rootfs "$WORK/iluvatar"
    mkdir -p "$WORK/iluvatar/app"
    cp "$ILUVATAR_AGENT" "$WORK/iluvatar/app/agent.js"
    IL_ID="$(import_rootfs "$WORK/iluvatar" "$IL_HASH" iluvatar "$ILUVATAR_TAG" \
      'ENV PATH=/usr/bin:/bin' 'WORKDIR /app' 'EXPOSE 8080' 'CMD ["/usr/bin/node", "/app/agent.js", "--port", "8080"]')"
  fi
  tag_all "$IL_ID" iluvatar "$ILUVATAR_TAG"
else
  say "skipping $ILUVATAR_TAG: $ILUVATAR_AGENT does not exist yet"
fi

say "done: ${NODE_TAGS[*]} ${PYTHON_TAGS[*]}$([[ -f "$ILUVATAR_AGENT" ]] && echo " $ILUVATAR_TAG")"
