#!/usr/bin/env bash
# Builds a base image for Dockerfile.ml on machines without a registry: the local JRE image made by
# ../shared/tools/docker-engine.sh base-image, plus what libtorch and ONNX Runtime link against and that
# minimal image lacks: glibc's compatibility libraries (libdl, libpthread, librt) and the C++ runtime
# (libstdc++, libgcc_s; a Temurin JDK does not pull them in as Debian's did). Copied from this host;
# nothing is downloaded. A full JRE image such as eclipse-temurin:25-jre needs none of this.
#   ml-api/docker/ml-base-image.sh [BASE (lab-local/jre:25)] [TAG (lab-local/jre-ml:25)]
set -euo pipefail
BASE=${1:-lab-local/jre:25}
TAG=${2:-lab-local/jre-ml:25}
if docker image inspect "$TAG" >/dev/null 2>&1; then echo "$TAG"; exit 0; fi
ctx=$(mktemp -d)
trap 'rm -rf "$ctx"' EXIT
mkdir -p "$ctx/lib"
for lib in libdl.so.2 libpthread.so.0 librt.so.1 libstdc++.so.6 libgcc_s.so.1; do
  cp -L "/lib/x86_64-linux-gnu/$lib" "$ctx/lib/"
done
printf 'ARG BASE\nFROM ${BASE}\nCOPY lib/ /lib/x86_64-linux-gnu/\n' > "$ctx/Dockerfile"
docker build --network host --pull=false --build-arg BASE="$BASE" -t "$TAG" "$ctx" >/dev/null
echo "$TAG"
