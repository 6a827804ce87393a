#!/usr/bin/env bash
# Builds the tests' busybox image without a registry: a rootfs holding Debian's static busybox and
# a symlink per applet, imported with `docker import`. Safe to run again: an existing image is kept.
# JOBSCHEDULER_TEST_IMAGE overrides the image name (default busybox:latest).
set -euo pipefail

readonly image="${JOBSCHEDULER_TEST_IMAGE:-busybox:latest}"
readonly busybox=/bin/busybox

say() { echo "make-test-image: $*"; }
fail() { echo "make-test-image: error: $*" >&2; exit 1; }

docker info >/dev/null 2>&1 || fail "the Docker engine does not answer; run: bash deploy/scripts/start-docker.sh"

if docker image inspect "$image" >/dev/null 2>&1; then
    say "image $image already exists; nothing to do."
    exit 0
fi

if [[ ! -x "$busybox" ]]; then
    [[ "$(id -u)" -eq 0 ]] || fail "$busybox is missing; install busybox-static (sudo apt-get install busybox-static)."
    if ! apt-cache show busybox-static >/dev/null 2>&1; then
        say "refreshing apt package lists..."
        apt-get update
    fi
    say "installing busybox-static..."
    DEBIAN_FRONTEND=noninteractive apt-get install -y busybox-static
fi

# A dynamically linked busybox would need the host's libraries inside the image.
if ! "$busybox" --list >/dev/null 2>&1 || ldd "$busybox" >/dev/null 2>&1; then
    fail "$busybox is not a static busybox; install busybox-static."
fi

rootfs="$(mktemp -d)"
trap 'rm -rf "$rootfs"' EXIT

mkdir -p "$rootfs/bin" "$rootfs/etc" "$rootfs/tmp" "$rootfs/root"
chmod 1777 "$rootfs/tmp"
cp "$busybox" "$rootfs/bin/busybox"
applets=0
while read -r applet; do
    [[ "$applet" == busybox ]] && continue
    ln -s busybox "$rootfs/bin/$applet"
    applets=$((applets + 1))
done < <("$busybox" --list)
printf 'root:x:0:0:root:/root:/bin/sh\nnobody:x:65534:65534:nobody:/nonexistent:/bin/false\n' >"$rootfs/etc/passwd"
printf 'root:x:0:\nnogroup:x:65534:\n' >"$rootfs/etc/group"

say "importing a rootfs with $busybox and $applets applet links as $image..."
tar -C "$rootfs" -c . | docker import --change 'ENV PATH=/bin' - "$image" >/dev/null
say "built image $image ($(docker image inspect --format '{{.Id}}' "$image"))."
