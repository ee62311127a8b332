#!/usr/bin/env bash
# mlsal speed, measured in one run on this machine, as medians and ratios to two start-up
# floors (the imports of Typer and Rich; a plain Typer app with the estimate's options) and to
# a plain-Python CSV floor for batches, plus peak memory. See docs/performance.md.
#
#   bash benchmarks/run.sh                                   # RUNS=20, BATCH_RUNS=5, 1M rows
#   RUNS=5 BATCH_RUNS=2 ROWS=200000 bash benchmarks/run.sh   # quicker
#   MARKDOWN=1 bash benchmarks/run.sh                        # the table as Markdown too
#
# Other knobs: ROUNDS (start-up runs are split into this many rounds, 5), SMALL_ROWS (second
# memory point, 100000), WARMUPS (start-up warm-ups, 3),
# TAKEHOME_ARGS (arguments of `mlsal takehome`, timed only if that command exists),
# BENCH_PYTHON (the interpreter that makes the virtual environment, python3), BENCH_REF (a
# commit to install instead of the working tree).
#
# Needs hyperfine, GNU time (/usr/bin/time) and python3 with venv and pip; installs mlsal from
# this checkout into a temporary virtual environment (pip may fetch the dependencies).
# Exits non-zero if a tool fails or the batch's rows do not add up; a missed target is reported,
# not failed on.
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-20}
ROUNDS=${ROUNDS:-5}
WARMUPS=${WARMUPS:-3}
BATCH_RUNS=${BATCH_RUNS:-5}
ROWS=${ROWS:-1000000}
SMALL_ROWS=${SMALL_ROWS:-100000}
TAKEHOME_ARGS=${TAKEHOME_ARGS:-30L --country IN --state KA}

command -v hyperfine >/dev/null || { echo "hyperfine is needed" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time (GNU time) is needed" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# mlsal as a user has it: `pip install .` into a fresh virtual environment (bytecode compiled
# at install, the newest dependencies the ranges allow, nothing editable). The floors run in
# the same environment. BENCH_REF=<commit> installs that commit instead of the working tree
# (the benchmark scripts are always the working tree's).
source=.
shown="working tree at $(git describe --always --dirty 2>/dev/null || echo '?')"
if [ -n "${BENCH_REF:-}" ]; then
  mkdir "$work/source"
  git archive "$BENCH_REF" | tar -x -C "$work/source"
  source="$work/source"
  shown="commit $(git rev-parse --short "$BENCH_REF")"
fi
"${BENCH_PYTHON:-python3}" -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check "$source" 2>"$work/pip.log" \
  || { cat "$work/pip.log" >&2; exit 1; }
echo "mlsal installed from the $shown"
PY="$work/venv/bin/python"
MLSAL="$work/venv/bin/mlsal"
# Warm runs share this validated-data cache; first runs get an empty one (see below).
export MLSAL_CACHE_DIR="$work/cache"
first="$work/first-run-cache"
"$PY" - <<'EOF'
import platform
import sys
from importlib.metadata import version

import mlsal

names = ("typer", "rich", "pydantic", "babel", "pyyaml")
print(f"mlsal {mlsal.__version__} from {mlsal.__file__}")
print(f"Python {sys.version.split()[0]} on {platform.system()} {platform.machine()}, "
      + ", ".join(f"{name} {version(name)}" for name in names))
EOF
echo "$(hyperfine --version), $(nproc) CPUs"

# The batch is becoming its own command; until it exists, `estimate --input` runs it.
if "$MLSAL" batch --help >/dev/null 2>&1; then
  batch="$MLSAL batch"
  batch_shown="mlsal batch FILE"
else
  batch="$MLSAL estimate --input"
  batch_shown="mlsal estimate --input FILE"
fi
echo "batch runs as: $batch_shown"

# Start-up: every command through env(1), so each pays the same extra exec. `first` runs get a
# cache folder emptied before every run (hyperfine --prepare), as on a first run after
# install: the bundled YAML is parsed, validated and written to the cache. `warm` runs use
# the shared cache, filled before timing starts.
names=() commands=() prepares=()
slot() { names+=("$1"); commands+=("$2"); prepares+=("$3"); }
both() {
  slot "$1/first" "env MLSAL_CACHE_DIR=$first $2" "rm -rf $first"
  slot "$1/warm" "env $2" "true"
}
slot "import-floor" "env $PY -c 'import typer, rich.console, rich.table'" "true"
slot "typer-floor" \
  "env $PY benchmarks/typer_floor.py estimate --country IN --years 5 --city Bengaluru --skill nlp" \
  "true"
both estimate "$MLSAL estimate --country IN --years 5 --city Bengaluru --skill nlp"
both compare "$MLSAL compare IN US"
both skills "$MLSAL skills"
both market "$MLSAL market"
both data-info "$MLSAL data info"
if "$MLSAL" takehome --help >/dev/null 2>&1; then
  # shellcheck disable=SC2086  # TAKEHOME_ARGS is a list of words
  if "$MLSAL" takehome $TAKEHOME_ARGS >/dev/null 2>"$work/stderr"; then
    both takehome "$MLSAL takehome $TAKEHOME_ARGS"
  else
    echo "mlsal takehome $TAKEHOME_ARGS failed, so it is not timed (set TAKEHOME_ARGS):" >&2
    cat "$work/stderr" >&2
  fi
fi
both completion "_MLSAL_COMPLETE=complete_bash 'COMP_WORDS=mlsal estimate --city ' COMP_CWORD=3 $MLSAL"
both help "$MLSAL --help"
# A reference without a target: the warm estimate as JSON (no Rich table, no Babel).
slot "estimate-json" \
  "env $MLSAL estimate --country IN --years 5 --city Bengaluru --skill nlp --format json" "true"
# The Typer app again, last: how far the machine drifted while the others ran.
slot "typer-floor-again" "${commands[1]}" "true"

# Fill the warm cache; a command that fails here would fail under hyperfine too.
"$MLSAL" data info >/dev/null 2>"$work/stderr" \
  || { echo "mlsal data info failed:" >&2; cat "$work/stderr" >&2; exit 1; }
args=()
for i in "${!names[@]}"; do
  args+=(-n "${names[$i]}" "${commands[$i]}" --prepare "${prepares[$i]}")
done
# hyperfine runs one command's runs back to back, so a machine that slows down part-way
# would favour the commands timed first: the runs are split into rounds, each of which runs
# every command, and the report takes the median of all of a command's runs.
per_round=$(((RUNS + ROUNDS - 1) / ROUNDS))
echo "== start-up: ${#names[@]} commands, $((per_round * ROUNDS)) runs each in $ROUNDS rounds" \
  "(warm-up runs first: $WARMUPS)"
for round in $(seq "$ROUNDS"); do
  warmups=$([ "$round" -eq 1 ] && echo "$WARMUPS" || echo 0)
  hyperfine -N --warmup "$warmups" --runs "$per_round" --style none \
    --export-json "$work/startup-$round.json" "${args[@]}" \
    2>"$work/hyperfine.log" || { cat "$work/hyperfine.log" >&2; exit 1; }
  echo "round $round of $ROUNDS done"
done

"$PY" benchmarks/make_profiles.py --rows "$ROWS" >"$work/big.csv"
"$PY" benchmarks/make_profiles.py --rows "$SMALL_ROWS" >"$work/small.csv"

echo "== batch, $ROWS rows ($BATCH_RUNS rounds of one run each, after 1 warm-up)"
# The input holds one bad row in 1,000, so mlsal exits 4 (rows rejected): -i keeps going.
for round in $(seq "$BATCH_RUNS"); do
  warmups=$([ "$round" -eq 1 ] && echo 1 || echo 0)
  hyperfine -N -i --warmup "$warmups" --runs 1 --style none \
    --export-json "$work/batch-$round.json" \
    -n csv-floor "env $PY benchmarks/csv_floor.py $work/big.csv" \
    -n batch-csv "env $batch $work/big.csv" \
    -n batch-json "env $batch $work/big.csv --format json" \
    2>"$work/hyperfine.log" || { cat "$work/hyperfine.log" >&2; exit 1; }
done

echo "== peak memory (GNU time, maximum resident set size)"
peak() {
  /usr/bin/time -f "%M" -o "$work/rss" "$@" >/dev/null 2>"$work/stderr" || true
  tail -n 1 "$work/rss"
}
{
  # shellcheck disable=SC2086  # $batch is a command and its first arguments
  echo "csv-floor $ROWS $(peak "$PY" benchmarks/csv_floor.py "$work/big.csv")"
  echo "batch-csv $ROWS $(peak $batch "$work/big.csv")"
  echo "batch-json $ROWS $(peak $batch "$work/big.csv" --format json)"
  echo "batch-csv $SMALL_ROWS $(peak $batch "$work/small.csv")"
  echo "batch-json $SMALL_ROWS $(peak $batch "$work/small.csv" --format json)"
} >"$work/memory.txt"

echo "== rows in = rows out + rows rejected ($ROWS rows, each format)"
rows_in=$(($(wc -l <"$work/big.csv") - 1))
for format in csv json; do
  # shellcheck disable=SC2086
  $batch "$work/big.csv" --format "$format" >"$work/out" 2>"$work/err.txt" && code=0 || code=$?
  rows_out=$(wc -l <"$work/out")
  if [ "$format" = csv ]; then rows_out=$((rows_out - 1)); fi  # the header
  rejected=$(grep -c '^mlsal: error: row ' "$work/err.txt" || true)
  echo "$format: in $rows_in, out $rows_out, rejected $rejected, exit code $code"
  [ "$rows_in" -eq $((rows_out + rejected)) ] || { echo "rows do not add up ($format)" >&2; exit 1; }
done

report=("$PY" benchmarks/report.py --memory "$work/memory.txt" --batch-command "$batch_shown"
  --startup "$work"/startup-*.json --batch "$work"/batch-*.json)
"${report[@]}"
if [ -n "${MARKDOWN:-}" ]; then
  echo
  "${report[@]}" --markdown
fi
