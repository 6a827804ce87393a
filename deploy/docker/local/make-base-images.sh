#!/usr/bin/env bash
# Makes the local images that stand in for registry images on a machine that reaches no container registry (the test
# machine): all of them from Debian's own packages, none from a registry.
#
#   jobscheduler/base:local        a Debian bookworm rootfs (debootstrap --variant=minbase) with what a self-contained
#                                  .NET app needs (libc, libstdc++, libssl3, libicu72, zlib, ca-certificates, tzdata),
#                                  loaded with `docker import`; stands in for mcr.microsoft.com/dotnet/runtime-deps.
#   jobscheduler/dotnet-sdk:local  that base plus this machine's .NET SDK (its dotnet folder) and this machine's CA
#                                  bundle, so that `dotnet restore` in a build with --network host reaches the package
#                                  source the host uses; stands in for mcr.microsoft.com/dotnet/sdk (build stage only).
#   jobscheduler/aspnet:local      that base plus this machine's .NET runtimes (the dotnet folder without the SDK); stands
#                                  in for mcr.microsoft.com/dotnet/aspnet, for images of an app published on the host
#                                  framework-dependent (deploy/docker/prebuilt.Dockerfile, what the Deploy test builds).
#   jobscheduler/redis:local       that base plus Debian's redis-server (deploy/docker/local/redis.Dockerfile).
#   jobscheduler/prometheus:local  that base plus Debian's prometheus (deploy/docker/local/prometheus.Dockerfile).
#
# Idempotent: an image that exists is kept (JOBSCHEDULER_REBUILD_BASE_IMAGES=1 rebuilds them all). Needs root (for
# debootstrap) and a running Docker engine. About 2-4 minutes the first time, a second when every image exists.
set -euo pipefail

readonly here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
readonly base_image="${JOBSCHEDULER_BASE_IMAGE:-jobscheduler/base:local}"
readonly sdk_image="${JOBSCHEDULER_SDK_IMAGE:-jobscheduler/dotnet-sdk:local}"
readonly aspnet_image="${JOBSCHEDULER_ASPNET_IMAGE:-jobscheduler/aspnet:local}"
readonly redis_image="${JOBSCHEDULER_REDIS_IMAGE:-jobscheduler/redis:local}"
readonly prometheus_image="${JOBSCHEDULER_PROMETHEUS_IMAGE:-jobscheduler/prometheus:local}"
readonly suite=bookworm
readonly mirror="${JOBSCHEDULER_DEBIAN_MIRROR:-http://deb.debian.org/debian}"
readonly rebuild="${JOBSCHEDULER_REBUILD_BASE_IMAGES:-0}"

say() { echo "make-base-images: $*"; }
fail() { echo "make-base-images: error: $*" >&2; exit 1; }
exists() { [[ "$rebuild" != 1 ]] && docker image inspect "$1" >/dev/null 2>&1; }

docker info >/dev/null 2>&1 || fail "the Docker engine does not answer; run: bash deploy/scripts/start-docker.sh"

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

if exists "$base_image"; then
    say "$base_image exists."
else
    [[ "$(id -u)" -eq 0 ]] || fail "debootstrap needs root; run: sudo $0"
    if ! command -v debootstrap >/dev/null; then
        say "installing debootstrap..."
        apt-cache show debootstrap >/dev/null 2>&1 || apt-get update
        DEBIAN_FRONTEND=noninteractive apt-get install -y --no-install-recommends debootstrap
    fi
    rootfs="$work/rootfs"
    say "debootstrap $suite (minbase) into $rootfs..."
    debootstrap --variant=minbase \
        --include=ca-certificates,tzdata,libssl3,libicu72,libstdc++6,zlib1g \
        "$suite" "$rootfs" "$mirror" >"$work/debootstrap.log" 2>&1 \
        || { tail -20 "$work/debootstrap.log" >&2; fail "debootstrap failed (log above)."; }
    # Smaller: no documentation, manuals, locales other than the C one, package caches or lists (an image that needs
    # packages runs apt-get update first, as it would on the official images).
    rm -rf "$rootfs"/usr/share/doc/* "$rootfs"/usr/share/man/* "$rootfs"/usr/share/info/* \
        "$rootfs"/usr/share/locale/* "$rootfs"/var/cache/apt/*.bin "$rootfs"/var/cache/apt/archives/*.deb \
        "$rootfs"/var/lib/apt/lists/* "$rootfs"/var/log/* "$rootfs"/tmp/* "$rootfs"/var/tmp/*
    say "importing it as $base_image..."
    tar -C "$rootfs" --numeric-owner -c . | docker import \
        --change 'ENV PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin' \
        --change 'ENV LANG=C.UTF-8' \
        --change 'CMD ["bash"]' \
        --message "Debian $suite minbase + .NET runtime dependencies (deploy/docker/local/make-base-images.sh)" \
        - "$base_image" >/dev/null
    rm -rf "$rootfs"
fi

dotnet_root=""
find_dotnet_root() {
    [[ -n "$dotnet_root" ]] && return
    local dotnet_bin
    dotnet_bin="$(readlink -f "$(command -v dotnet)")" || fail "the .NET SDK is not installed on this machine."
    dotnet_root="$(dirname "$dotnet_bin")"
    [[ -d "$dotnet_root/sdk" && -d "$dotnet_root/shared/Microsoft.AspNetCore.App" ]] \
        || fail "$dotnet_root has no sdk or ASP.NET Core runtime; is it a .NET SDK?"
}

if exists "$sdk_image"; then
    say "$sdk_image exists."
else
    find_dotnet_root
    ctx="$work/sdk"
    mkdir -p "$ctx"
    # The host's SDK and CA bundle (the package source may sit behind a TLS-inspecting proxy whose CA the host trusts).
    cp -a "$dotnet_root" "$ctx/dotnet"
    cp -L /etc/ssl/certs/ca-certificates.crt "$ctx/ca-certificates.crt"
    cat >"$ctx/Dockerfile" <<'EOF2'
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
COPY dotnet /usr/share/dotnet
COPY ca-certificates.crt /etc/ssl/certs/ca-certificates.crt
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV DOTNET_ROOT=/usr/share/dotnet \
    DOTNET_CLI_TELEMETRY_OPTOUT=1 \
    DOTNET_NOLOGO=1 \
    DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1 \
    NUGET_CERT_REVOCATION_MODE=offline
EOF2
    say "building $sdk_image from $base_image and the SDK in $dotnet_root..."
    docker build -q --build-arg "BASE_IMAGE=$base_image" -t "$sdk_image" "$ctx" >/dev/null
    rm -rf "$ctx"
fi

if exists "$aspnet_image"; then
    say "$aspnet_image exists."
else
    find_dotnet_root
    ctx="$work/aspnet"
    mkdir -p "$ctx/dotnet"
    # Only what runs an app: the muxer, the host resolver and the shared frameworks (no SDK, packs or templates).
    cp -a "$dotnet_root/dotnet" "$dotnet_root/host" "$dotnet_root/shared" "$ctx/dotnet/"
    cat >"$ctx/Dockerfile" <<'EOF2'
ARG BASE_IMAGE
FROM ${BASE_IMAGE}
COPY dotnet /usr/share/dotnet
RUN ln -s /usr/share/dotnet/dotnet /usr/bin/dotnet
ENV DOTNET_ROOT=/usr/share/dotnet
EOF2
    say "building $aspnet_image from $base_image and the runtimes in $dotnet_root..."
    docker build -q --build-arg "BASE_IMAGE=$base_image" -t "$aspnet_image" "$ctx" >/dev/null
    rm -rf "$ctx"
fi

# Redis and Prometheus from Debian's packages: the build runs apt-get on the host's network.
build_local() {
    local image="$1" dockerfile="$2"
    if exists "$image"; then
        say "$image exists."
        return
    fi
    say "building $image ($dockerfile)..."
    docker build -q --network host --build-arg "BASE_IMAGE=$base_image" \
        -f "$here/$dockerfile" -t "$image" "$here" >/dev/null
}
build_local "$redis_image" redis.Dockerfile
build_local "$prometheus_image" prometheus.Dockerfile

say "ready: $base_image, $sdk_image, $aspnet_image, $redis_image, $prometheus_image."
