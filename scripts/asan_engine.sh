#!/usr/bin/env bash
# The engine under AddressSanitizer: builds durable-rules 2.0.28's C extension with -fsanitize=address in a
# temporary venv, then runs, with libasan preloaded,
#   1. scripts/asan_driver.py: every rule set of the project, every built-in profile, N fuzzed policy profiles,
#      each evaluation compared with the plain-Python oracle;
#   2. scripts/engine_limits.py: the limit experiments of docs/engine.md, each case in a child process.
# Any memory error aborts the driver with a report; the limit table shows `asan <kind>` where one occurred.
#
#   bash scripts/asan_engine.sh [N_POLICIES] [CASES]        # defaults 300 and 200; about 5 minutes here
#
# Needs gcc with libasan, network or a local mirror for pip, and python3.11 or 3.12. Not part of the test suite.
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
POLICIES=${1:-300}
CASES=${2:-200}
PYTHON=${PYTHON:-python3}
WORK=$(mktemp -d)
trap 'rm -rf "$WORK"' EXIT

LIBASAN=$(gcc -print-file-name=libasan.so)
[ -e "$LIBASAN" ] || { echo "no libasan.so for gcc: install libasan (Debian: libasan8)" >&2; exit 2; }

echo "== building durable-rules 2.0.28 with -fsanitize=address in $WORK"
"$PYTHON" -m venv "$WORK/venv"
PY="$WORK/venv/bin/python"
"$PY" -m pip install -q --upgrade "setuptools>=68" wheel
"$PY" -m pip download -q --no-deps --no-binary :all: durable-rules==2.0.28 -d "$WORK"
tar -xzf "$WORK"/durable_rules-2.0.28.tar.gz -C "$WORK"
# durable's setup.py overwrites CFLAGS, so the sanitizer goes in through the compiler and linker commands
(cd "$WORK/durable_rules-2.0.28" &&
  CC="gcc -fsanitize=address -fno-omit-frame-pointer -g -O1" LDSHARED="gcc -shared -fsanitize=address" \
  "$PY" -m pip install -q --no-build-isolation --no-cache-dir .)
EXT=$(find "$WORK/venv" -name 'durable_rules_engine*.so' | head -1)
readelf -d "$EXT" | grep -q 'libasan' || { echo "the extension is not linked with libasan: $EXT" >&2; exit 2; }
echo "   $EXT is linked with libasan"

# the project's own dependencies (durable-rules is already there, sanitized); the project itself runs from the
# repository, with the rule book read from rules/ (ADJUDICATOR_RULES), so nothing is written into the work tree
DEPS=$("$PY" -c 'import sys, tomllib; d = tomllib.load(open(sys.argv[1], "rb"))["project"]["dependencies"]
print("\n".join(x for x in d if not x.startswith("durable")))' "$ROOT/pyproject.toml")
# shellcheck disable=SC2086
"$PY" -m pip install -q $DEPS

export PYTHONPATH="$ROOT" ADJUDICATOR_RULES="$ROOT/rules"
export LD_PRELOAD="$LIBASAN" ASAN_OPTIONS="detect_leaks=0:halt_on_error=1:abort_on_error=0"

status=0
echo "== the project's rule sets, the built-in profiles and $POLICIES fuzzed policies ($CASES cases each set)"
if "$PY" "$ROOT/scripts/asan_driver.py" --policies "$POLICIES" --cases "$CASES" 2>"$WORK/driver.err"; then
  echo "   driver: clean (no AddressSanitizer report, no disagreement)"
else
  status=1
  echo "   driver FAILED:"
  grep -m1 -A12 'ERROR: AddressSanitizer' "$WORK/driver.err" || tail -20 "$WORK/driver.err"
fi

echo "== the limit experiments (scripts/engine_limits.py) on the sanitized engine"
"$PY" "$ROOT/scripts/engine_limits.py" --python "$PY"
exit $status
