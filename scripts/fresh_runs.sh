#!/usr/bin/env bash
# Evidence for "the README's test command passes in fresh runs in a row": N times, clone the repository into a new
# temporary folder and run .ci/run there (a new venv, pip install -e '.[test]', python -m pytest), printing the exit
# status and the time of each run; a failed run keeps its folder and prints the end of its log.
#
#   scripts/fresh_runs.sh [N] [REF]          # default: 10 runs of HEAD
#
# The times depend on the machine's load: on a shared machine other work runs beside it.
set -uo pipefail
N="${1:-10}"
REPO="$(cd "$(dirname "$0")/.." && pwd)"
COMMIT="$(git -C "$REPO" rev-parse "${2:-HEAD}")"
passed=0
echo "fresh runs of $COMMIT from $REPO"
for i in $(seq 1 "$N"); do
    dir="$(mktemp -d -t adjudicator-fresh-XXXXXX)"
    git clone -q --no-hardlinks "$REPO" "$dir/repo" && git -C "$dir/repo" checkout -q "$COMMIT"
    start=$(date +%s)
    (cd "$dir/repo" && .ci/run) > "$dir/log" 2>&1
    status=$?
    seconds=$(( $(date +%s) - start ))
    summary="$(grep -Eo '[0-9]+ (passed|failed|skipped|error)[^=]*' "$dir/log" | tail -1)"
    printf 'run %2d: exit %d  %4d s  %s\n' "$i" "$status" "$seconds" "$summary"
    if [ "$status" -eq 0 ]; then
        passed=$((passed + 1))
        rm -rf "$dir"
    else
        echo "  kept $dir; the end of its log:"
        tail -20 "$dir/log" | sed 's/^/    /'
    fi
done
echo "$passed of $N runs passed"
[ "$passed" -eq "$N" ]
