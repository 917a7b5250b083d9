#!/usr/bin/env bash
# Builds a base image for Dockerfile.portal on machines without a registry: the local JRE image made by
# ../shared/tools/docker-engine.sh base-image, plus the programs the guide's blocks call and that minimal
# image lacks (bash and coreutils' timeout, which the block runner itself uses; curl, sed, grep, procps),
# each copied from this host with the libraries it links against. Nothing is downloaded. A full JRE image
# such as eclipse-temurin:25-jre has bash and coreutils already.
#   lab-portal/docker/portal-base-image.sh [BASE (lab-local/jre:25)] [TAG (lab-local/jre-portal:25)]
set -euo pipefail
BASE=${1:-lab-local/jre:25}
TAG=${2:-lab-local/jre-portal:25}
if docker image inspect "$TAG" >/dev/null 2>&1; then echo "$TAG"; exit 0; fi
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
copy() { mkdir -p "$ctx/root$(dirname "$1")"; cp -L "$1" "$ctx/root$1"; }
for prog in bash timeout curl grep sed seq date cut tr mktemp pgrep pkill xargs head tail sleep; do
  path=$(command -v "$prog") || { echo "portal-base-image: $prog is not installed on this host" >&2; exit 1; }
  copy "$path"
  for lib in $(ldd "$path" | awk '$2 == "=>" && $3 ~ /^\// {print $3} $1 ~ /^\// {print $1}'); do copy "$lib"; done
done
printf 'ARG BASE\nFROM ${BASE}\nCOPY root/ /\n' > "$ctx/Dockerfile"
docker build --network host --pull=false --build-arg BASE="$BASE" -t "$TAG" "$ctx" >/dev/null
echo "$TAG"
