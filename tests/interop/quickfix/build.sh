#!/usr/bin/env bash
# Builds, into OUTDIR, the scripted QuickFIX initiator `client` (client.cpp) and
# QuickFIX's own `executor` example acceptor (from the libquickfix-doc sources).
# Idempotent: a target is rebuilt only when a source (or this script) is newer.
#
#   build.sh OUTDIR
#
# Needs Debian packages: libquickfix-dev (headers, -lquickfix), libquickfix-doc
# (executor sources), g++. Override with CXX, QUICKFIX_INCLUDE, EXECUTOR_SRC.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 OUTDIR" >&2
  exit 64
fi

here=$(cd "$(dirname "$0")" && pwd)
out=$1
cxx=${CXX:-g++}
qf_include=${QUICKFIX_INCLUDE:-/usr/include}
exec_src=${EXECUTOR_SRC:-/usr/share/doc/libquickfix-doc/examples/executor/C++}
hint="install libquickfix-dev libquickfix-doc g++ (apt-get install libquickfix-dev libquickfix-doc g++)"

missing() { echo "build.sh: $1 missing; $hint" >&2; exit 3; }

command -v "$cxx" >/dev/null 2>&1 || missing "C++ compiler '$cxx'"
[ -f "$qf_include/quickfix/SocketInitiator.h" ] || missing "QuickFIX headers ($qf_include/quickfix/SocketInitiator.h)"
case $("$cxx" -print-file-name=libquickfix.so) in
  /*) ;;
  *) missing "QuickFIX library (libquickfix.so)" ;;
esac
[ -f "$exec_src/executor.cpp" ] && [ -f "$exec_src/Application.h" ] \
  && { [ -f "$exec_src/Application.cpp" ] || [ -f "$exec_src/Application.cpp.gz" ]; } \
  || missing "QuickFIX executor example sources ($exec_src)"

mkdir -p "$out"
out=$(cd "$out" && pwd)

# Two builds into one OUTDIR (e.g. parallel test classes) wait for each other.
if command -v flock >/dev/null 2>&1; then
  exec 9>"$out/.build.lock"
  flock 9
fi

# QuickFIX 1.15.1's headers use dynamic exception specifications: C++11 at most.
flags=(-std=c++11 -O2 -pthread -Wno-deprecated -I"$qf_include")
libs=(-lquickfix -lpthread)

# newer TARGET SOURCE...: true when TARGET is missing or older than a source.
newer() {
  local target=$1; shift
  [ -e "$target" ] || return 0
  local s
  for s in "$@"; do [ "$s" -nt "$target" ] && return 0; done
  return 1
}

# --- client
client_sources=("$here/client.cpp" "$here/build.sh")
for h in "$here"/*.h; do [ -e "$h" ] && client_sources+=("$h"); done
if newer "$out/client" "${client_sources[@]}"; then
  echo "build.sh: compiling $out/client" >&2
  "$cxx" "${flags[@]}" -Wall -Wextra -o "$out/client.tmp.$$" "$here/client.cpp" "${libs[@]}"
  mv -f "$out/client.tmp.$$" "$out/client"
fi

# --- executor: sources copied (gunzipped) into OUTDIR/executor-src, with an empty
# config.h (autotools leftover) and without the getopt-repl.h include (Windows only).
src="$out/executor-src"
mkdir -p "$src"
for f in executor.cpp Application.h Application.cpp; do
  if [ -f "$exec_src/$f" ]; then from="$exec_src/$f"; unzip=cat; else from="$exec_src/$f.gz"; unzip="gzip -dc"; fi
  if newer "$src/$f" "$from" "$here/build.sh"; then
    $unzip "$from" | sed '/#include[[:space:]]*"getopt-repl.h"/d' > "$src/$f.tmp.$$"
    mv -f "$src/$f.tmp.$$" "$src/$f"
  fi
done
[ -f "$src/config.h" ] || : > "$src/config.h"
if newer "$out/executor" "$src/executor.cpp" "$src/Application.cpp" "$src/Application.h" "$here/build.sh"; then
  echo "build.sh: compiling $out/executor" >&2
  "$cxx" "${flags[@]}" -I"$src" -o "$out/executor.tmp.$$" "$src/executor.cpp" "$src/Application.cpp" "${libs[@]}"
  mv -f "$out/executor.tmp.$$" "$out/executor"
fi

echo "build.sh: $out/client and $out/executor are up to date" >&2
