#!/usr/bin/env bash
# Builds a base image for Dockerfile.ml on machines without a registry: the local JRE image made by
# ../shared/tools/docker-engine.sh base-image, plus the glibc compatibility libraries (libdl, libpthread,
# librt) that libtorch and ONNX Runtime link against and that minimal image lacks. Copied from this
# host; nothing is downloaded. A full JRE image such as eclipse-temurin:17-jre needs none of this.
#   ml-api/docker/ml-base-image.sh [BASE (lab-local/jre:17)] [TAG (lab-local/jre-ml:17)]
set -euo pipefail
BASE=${1:-lab-local/jre:17}
TAG=${2:-lab-local/jre-ml:17}
if docker image inspect "$TAG" >/dev/null 2>&1; then echo "$TAG"; exit 0; fi
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
mkdir -p "$ctx/lib"
for lib in libdl.so.2 libpthread.so.0 librt.so.1; do
  cp -L "/lib/x86_64-linux-gnu/$lib" "$ctx/lib/"
done
printf 'ARG BASE\nFROM ${BASE}\nCOPY lib/ /lib/x86_64-linux-gnu/\n' > "$ctx/Dockerfile"
docker build --network host --pull=false --build-arg BASE="$BASE" -t "$TAG" "$ctx" >/dev/null
echo "$TAG"
