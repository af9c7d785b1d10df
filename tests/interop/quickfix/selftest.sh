#!/usr/bin/env bash
# Self-test: builds the client and QuickFIX's executor, runs the executor as a FIX 4.4
# acceptor on 127.0.0.1:PORT and the client against it with three scripts:
#   selftest.script           logon, order + fill, TestRequest, ResendRequest replay,
#                             outgoing gap answered with a GapFill, heartbeat, logout;
#                             must end with DONE and without any QFREJECT
#   selftest-enums.script     the executor's QuickFIX rejects OrdRejReason 16 and
#                             BusinessRejectReason 8 (not in FIX44.xml), accepts 15
#   selftest-negative.script  client dictionary without ExecType F: the client must
#                             report QFREJECT for the executor's fill
# Exits 0 when all checks pass.
#
#   selftest.sh [BUILD_DIR]       (default: $TMPDIR/hm-quickfix-build)
# Environment: QF_SELFTEST_PORT (default 15001), FIX44_XML (default: FIX44.xml next to
# this script), KEEP=1 keeps the work directory.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
build=${1:-${TMPDIR:-/tmp}/hm-quickfix-build}
port=${QF_SELFTEST_PORT:-15001}
dict=${FIX44_XML:-$here/FIX44.xml}

[ -f "$dict" ] || { echo "selftest: FIX44 dictionary not found: $dict (set FIX44_XML)" >&2; exit 3; }
"$here/build.sh" "$build"

work=$(mktemp -d "${TMPDIR:-/tmp}/hm-quickfix-selftest.XXXXXX")
executor_pid=
cleanup() {
  if [ -n "$executor_pid" ]; then kill "$executor_pid" 2>/dev/null || true; wait "$executor_pid" 2>/dev/null || true; fi
  if [ "${KEEP:-0}" = 1 ]; then echo "selftest: work directory kept: $work" >&2; else rm -rf "$work"; fi
}
trap cleanup EXIT

sed -e "s|@PORT@|$port|" -e "s|@DIR@|$work/executor|" -e "s|@DICTIONARY@|$dict|" \
  "$here/executor.cfg.template" > "$work/executor.cfg"

# client_settings NAME DICTIONARY: a settings file like the one the C# test writes.
client_settings() {
  cat > "$work/$1.cfg" <<EOF
[DEFAULT]
ConnectionType=initiator
SocketConnectHost=127.0.0.1
SocketConnectPort=$port
HeartBtInt=2
ReconnectInterval=1
StartTime=00:00:00
EndTime=00:00:00
FileStorePath=$work/$1/store
FileLogPath=$work/$1/log
UseDataDictionary=Y
DataDictionary=$2
ResetOnLogon=Y

[SESSION]
BeginString=FIX.4.4
SenderCompID=CLIENT1
TargetCompID=EXECUTOR
EOF
}

"$build/executor" "$work/executor.cfg" > "$work/executor.out" 2>&1 &
executor_pid=$!
sleep 0.5
if ! kill -0 "$executor_pid" 2>/dev/null; then
  echo "selftest: the executor did not start (port $port in use?):" >&2
  cat "$work/executor.out" >&2
  exit 1
fi

failures=0
# check NAME DESCRIPTION COMMAND...: records a failed check.
check() {
  local name=$1 description=$2; shift 2
  if "$@"; then echo "selftest: ok   $name: $description"
  else echo "selftest: FAIL $name: $description"; failures=$((failures + 1)); fi
}
has() { grep -E -q -- "$2" "$work/$1.out"; }
hasnt() { ! grep -E -q -- "$2" "$work/$1.out"; }

# run NAME SCRIPT: runs the client, output in $work/NAME.out, exit code in $work/NAME.rc.
run() {
  local rc=0
  timeout 120 "$build/client" "$work/$1.cfg" "$here/$2" > "$work/$1.out" 2> "$work/$1.err" || rc=$?
  echo "$rc" > "$work/$1.rc"
  echo "selftest: $2: client exit code $rc"
}
rc_is() { [ "$(cat "$work/$1.rc")" = "$2" ]; }

client_settings main "$dict"
run main selftest.script
check main "exit code 0" rc_is main 0
check main "last line DONE" test "$(tail -n 1 "$work/main.out")" = DONE
check main "no QFREJECT" hasnt main '^QFREJECT'
check main "executor rejected nothing (no 35=3/35=j received)" hasnt main '^IN .*\|35=(3|j)\|'
check main "LOGON" has main '^LOGON$'
check main "LOGOUT" has main '^LOGOUT$'
check main "executor asked for a resend after the gap" has main '^IN .*\|35=2\|'
check main "client's QuickFIX answered with a GapFill" has main '^OUT .*\|35=4\|.*\|123=Y\|'
check main "client's QuickFIX resent the order (PossDupFlag=Y)" has main '^OUT .*\|35=D\|.*\|43=Y\|.*\|11=A2\|'

client_settings enums "$dict"
run enums selftest-enums.script
check enums "exit code 0, DONE" rc_is enums 0
check enums "no QFREJECT" hasnt enums '^QFREJECT'

# The same dictionary without ExecType F (TRADE), the executor's fills.
awk "/name='ExecType' type=/ { in_exec_type = 1 }
     in_exec_type && /enum='F'/ { next }
     /<\/field>/ { in_exec_type = 0 }
     { print }" "$dict" > "$work/FIX44-without-ExecType-F.xml"
client_settings negative "$work/FIX44-without-ExecType-F.xml"
run negative selftest-negative.script
check negative "exit code 0, DONE" rc_is negative 0
check negative "QFREJECT for ExecType (371=150 373=5)" has negative '^QFREJECT .*\|35=3\|.*\|371=150\|.*\|373=5\|'

if [ "$failures" -ne 0 ]; then
  for n in main enums negative; do echo "----- $n.out"; cat "$work/$n.out"; done
  echo "selftest: $failures check(s) failed" >&2
  exit 1
fi
echo "selftest: all checks passed"
