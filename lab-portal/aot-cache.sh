#!/usr/bin/env bash
# Run by the portal's package phase (pom.xml): makes target/portal, the portal as ../lab starts it.
#  - The fat jar extracted (Boot's tools jar mode): plain jars, which the JDK's AOT cache needs.
#  - The AOT cache (JEP 483/514), trained by one start the way ../lab starts the portal (jvm.options:
#    Spring's AOT mode, the client compiler) on a throwaway data folder and a port of its own, through
#    its first page and the page's API, then stopped: what a learner's first start and first page load
#    is in the cache. It asks for a Docker engine at a socket that cannot exist: the Docker client's
#    classes are cached as a learner's start loads them, and a build never builds images. About 30 s, so
#    only when what the jar holds changed: Spring's AOT processing writes its classes again at every
#    build, so the jar is new each time although nothing in it changed; the fingerprint is of its
#    content (the portal's classes, byte for byte, and its libraries' entries) and of how it is trained
#    and started (this script, jvm.options).
#  - jdk: the JDK that made the cache, which ../lab starts the portal with (a cache made by another JVM
#    is refused), without asking Maven's wrapper again (~0.5 s).
#  - The stamp `built`, touched by every build: ../lab builds first when a source is newer than it.
# Usage: aot-cache.sh JAVA TARGET_DIR
set -euo pipefail
java=$1
target=$2
out=$target/portal
log=$target/aot-training.log

# GET a path of the training portal; 0 when it answers 200 (bash alone: curl need not be installed).
get() {
  local status
  exec 3<>"/dev/tcp/127.0.0.1/$port" || return 1
  printf 'GET %s HTTP/1.0\r\nHost: 127.0.0.1:%s\r\n\r\n' "$1" "$port" >&3
  read -r _ status _ <&3 || true
  cat <&3 >/dev/null || true
  exec 3<&-
  [ "$status" = 200 ]
}

fail() {
  cat "$log" >&2
  echo "the portal's AOT cache could not be trained: $1 (log above)" >&2
  exit 1
}

# What the fat jar is built from: the module's classes (content, not times) and its libraries' entries.
fingerprint() {
  # Proxy classes Spring's AOT processing generates come out in varying order: they follow from the rest.
  (cd "$target/classes" && find . -type f ! -name '*$$SpringCGLIB$$*' -print0 | sort -z | xargs -0 sha256sum)
  "$(dirname "$java")/jar" --list --verbose --file "$target/lab-portal.jar" | grep ' BOOT-INF/lib/.'
  echo "$java"
  cat "$0" "$(dirname "$0")/jvm.options"   # how it is trained and started
}
now=$(fingerprint | sha256sum | cut -d' ' -f1)

if [ ! -f "$out/lab-portal.aot" ] || [ "$(cat "$out/fingerprint" 2>/dev/null)" != "$now" ]; then
  rm -rf "$out" "$target/aot-training"
  "$java" -Djarmode=tools -jar "$target/lab-portal.jar" extract --destination "$out"
  echo "training the portal's AOT cache ($out/lab-portal.aot, log: $log)"
  "$java" "@$(dirname "$0")/jvm.options" -XX:AOTCacheOutput="$out/lab-portal.aot" -Xlog:aot=off -Xlog:cds=off \
      -jar "$out/lab-portal.jar" --lab.data-dir="$target/aot-training" --server.port=0 \
      --lab.docker-host=unix:///dev/null/no-engine.sock > "$log" 2>&1 &
  pid=$!
  port=
  for _ in $(seq 1 1200); do   # up to 120 s on a busy machine
    port=$(grep -o 'lab portal ready on http://127.0.0.1:[0-9]*' "$log" | grep -o '[0-9]*$' || true)
    [ -n "$port" ] && break
    kill -0 "$pid" 2>/dev/null || break
    sleep 0.1
  done
  [ -n "$port" ] || { kill "$pid" 2>/dev/null || true; fail "the portal did not start"; }
  for path in / /api/checklist /api/services; do
    get "$path" || { kill "$pid"; fail "GET $path did not answer 200"; }
  done
  kill -TERM "$pid"   # a clean stop: the JVM writes the cache as it exits
  wait "$pid" || true
  [ -f "$out/lab-portal.aot" ] || fail "no cache was written"
  echo "$now" > "$out/fingerprint"
  dirname "$(dirname "$java")" > "$out/jdk"
fi
touch "$out/built"
