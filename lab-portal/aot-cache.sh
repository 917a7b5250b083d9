#!/usr/bin/env bash
# Run by the portal's package phase (pom.xml): makes target/portal, the portal as ../lab starts it.
#  - The fat jar extracted (Boot's tools jar mode): plain jars, which the JDK's AOT cache needs.
#  - The AOT cache (JEP 483/514), trained by starting that layout until Spring's context has refreshed
#    (spring.context.exit=onRefresh: no port, no services) on a throwaway data folder. About 25 s, so
#    only when the fat jar is newer than the cache.
#  - The stamp `built`, touched by every build: ../lab builds first when a source is newer than it.
# Usage: aot-cache.sh JAVA TARGET_DIR
set -euo pipefail
java=$1
target=$2
out=$target/portal
if [ ! -f "$out/lab-portal.aot" ] || [ "$target/lab-portal.jar" -nt "$out/lab-portal.aot" ]; then
  rm -rf "$out" "$target/aot-training"
  "$java" -Djarmode=tools -jar "$target/lab-portal.jar" extract --destination "$out"
  echo "training the portal's AOT cache ($out/lab-portal.aot, log: $target/aot-training.log)"
  if ! "$java" -XX:AOTCacheOutput="$out/lab-portal.aot" -Xlog:aot=off -Xlog:cds=off \
        -Dspring.context.exit=onRefresh -jar "$out/lab-portal.jar" \
        --lab.data-dir="$target/aot-training" --lab.runtime=local --server.port=0 > "$target/aot-training.log" 2>&1 \
     || [ ! -f "$out/lab-portal.aot" ]; then
    cat "$target/aot-training.log" >&2
    echo "the portal's AOT cache could not be trained (log above)" >&2
    exit 1
  fi
fi
touch "$out/built"
