#!/usr/bin/env bash
# The long run of the fuzzing suite (tests/fuzz): N examples per door (default 2000; batch gets half), each case in a
# child process, then the figures per door: inputs, crashes, tracebacks, hangs, wrong results (an exit code outside
# the documented set, "internal error", a batch line that is not JSON, or evaluators that disagree).
#
#   scripts/fuzz_long.sh [N] [STATS_FILE]
#
# Exit 0 when every door came out clean. A finding is printed by pytest with the input that caused it (shrunk by
# hypothesis) and kept in STATS_FILE ("findings"); hypothesis re-runs a failing case while shrinking it, so one
# defect can count more than once there.
set -uo pipefail
cd "$(dirname "$0")/.."
N="${1:-2000}"
STATS="${2:-fuzz-stats.json}"
PY="${PYTHON:-.venv/bin/python}"
start=$(date +%s)
FUZZ_EXAMPLES="$N" FUZZ_STATS="$STATS" "$PY" -m pytest tests/fuzz -m fuzz -p no:cacheprovider -q
status=$?
"$PY" - "$STATS" "$(( $(date +%s) - start ))" <<'PY'
import json, sys
stats = json.load(open(sys.argv[1], encoding="utf-8"))
kinds = ("inputs", "crashes", "tracebacks", "hangs", "wrong_results")
print(f"\nfuzz run: {sys.argv[2]} s")
print(f"{'door':<26}" + "".join(f"{k:>14}" for k in kinds) + f"{'decided/refused':>18}")   # refused: exit 2, or a ValueError through the API
total = dict.fromkeys(kinds, 0)
for door, c in stats["doors"].items():
    for k in kinds:
        total[k] += c.get(k, 0)
    api = f"{c.get('decision', 0)}/{c.get('refused', 0)}"
    print(f"{door:<26}" + "".join(f"{c.get(k, 0):>14}" for k in kinds) + f"{api:>18}")
print(f"{'all doors':<26}" + "".join(f"{total[k]:>14}" for k in kinds))
PY
exit $status
