#!/usr/bin/env bash
# Builds the silo and API images, jobscheduler/silo:<tag> and jobscheduler/api:<tag> (tag "local" unless --tag).
#
#   bash deploy/docker/build-images.sh                 multi-stage build on the official .NET images (a registry needed)
#   bash deploy/docker/build-images.sh --local         the same multi-stage build on the local images that
#                                                      deploy/docker/local/make-base-images.sh makes (no registry;
#                                                      restore runs on the host's network)
#   bash deploy/docker/build-images.sh --local --prebuilt
#                                                      no compile in Docker: publish each host on this machine (reusing
#                                                      a `dotnet build -c Release` when there is one) and copy the
#                                                      folders in with prebuilt.Dockerfile; what the Deploy test does
#
# SDK_IMAGE, RUNTIME_IMAGE (multi-stage) and ASPNET_IMAGE (--prebuilt) override the base images.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
cd "$repo"

say() { echo "build-images: $*" >&2; }
fail() { echo "build-images: error: $*" >&2; exit 1; }

local_bases=0 prebuilt=0 tag=local
while (($#)); do
    case "$1" in
        --local) local_bases=1 ;;
        --prebuilt) prebuilt=1 ;;
        --tag) tag="${2:?--tag needs a value}"; shift ;;
        *) fail "unknown argument $1 (see the comment at the top of $0)" ;;
    esac
    shift
done

if ((local_bases)); then
    sdk_image="${SDK_IMAGE:-jobscheduler/dotnet-sdk:local}"
    runtime_image="${RUNTIME_IMAGE:-jobscheduler/base:local}"
    aspnet_image="${ASPNET_IMAGE:-jobscheduler/aspnet:local}"
    for image in "$sdk_image" "$runtime_image" "$aspnet_image"; do
        docker image inspect "$image" >/dev/null 2>&1 \
            || fail "$image is missing; make it with: bash deploy/docker/local/make-base-images.sh"
    done
else
    sdk_image="${SDK_IMAGE:-mcr.microsoft.com/dotnet/sdk:10.0}"
    runtime_image="${RUNTIME_IMAGE:-mcr.microsoft.com/dotnet/runtime-deps:10.0}"
    aspnet_image="${ASPNET_IMAGE:-mcr.microsoft.com/dotnet/aspnet:10.0}"
fi

started=$SECONDS
if ((prebuilt)); then
    context="$(mktemp -d)"
    trap 'rm -rf "$context"' EXIT
    for project in Silo/JobScheduler.Silo Client.Api/JobScheduler.Client.Api; do
        name="$([[ "$project" == Silo/* ]] && echo silo || echo api)"
        no_build=()
        [[ -f "$(dirname "$project")/bin/Release/net10.0/$(basename "$project").dll" ]] && no_build=(--no-build)
        say "dotnet publish $project.csproj -c Release ${no_build[*]} -> $name/"
        dotnet publish "$project.csproj" -c Release "${no_build[@]}" -nologo -v q -p:UseAppHost=true -o "$context/$name" >&2
        rm -f "$context/$name"/*.pdb
    done
    cp deploy/docker/healthcheck "$context/healthcheck"
    for target in silo api; do
        say "docker build --target $target on $aspnet_image -> jobscheduler/$target:$tag"
        docker build -q -f deploy/docker/prebuilt.Dockerfile --target "$target" \
            --build-arg "RUNTIME_IMAGE=$aspnet_image" -t "jobscheduler/$target:$tag" "$context" >/dev/null
    done
else
    network=()
    ((local_bases)) && network=(--network host)
    for target in silo api; do
        say "docker build -f deploy/docker/$target.Dockerfile (SDK $sdk_image, runtime $runtime_image) -> jobscheduler/$target:$tag"
        docker build -q "${network[@]}" -f "deploy/docker/$target.Dockerfile" \
            --build-arg "SDK_IMAGE=$sdk_image" --build-arg "RUNTIME_IMAGE=$runtime_image" \
            -t "jobscheduler/$target:$tag" . >/dev/null
    done
fi
for target in silo api; do
    say "jobscheduler/$target:$tag: $(docker image inspect --format '{{.Size}}' "jobscheduler/$target:$tag" | awk '{printf "%.0f MB", $1/1000000}')"
done
say "done in $((SECONDS - started)) s."
