#!/usr/bin/env bash
# mlsal speed, measured in one run on this machine: start-up against the framework floor and
# batch estimates against the plain-Python CSV floor, as medians and ratios, plus peak memory.
#
#   bash benchmarks/run.sh            # RUNS=20 start-up runs, BATCH_RUNS=5 batch runs
#   RUNS=5 BATCH_RUNS=3 ROWS=200000 bash benchmarks/run.sh
#
# Needs hyperfine, GNU time (/usr/bin/time) and python3 with venv and pip; installs mlsal from
# this checkout into a temporary virtual environment (pip may fetch the dependencies).
set -euo pipefail
cd "$(dirname "$0")/.."

RUNS=${RUNS:-20}
BATCH_RUNS=${BATCH_RUNS:-5}
ROWS=${ROWS:-1000000}
SMALL_ROWS=${SMALL_ROWS:-100000}

command -v hyperfine >/dev/null || { echo "hyperfine is needed" >&2; exit 1; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time (GNU time) is needed" >&2; exit 1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

# mlsal as a user has it: `pip install .` into a fresh virtual environment (bytecode compiled
# at install, the pinned dependencies, nothing editable), and its own validated-data cache.
# The floor runs in the same environment. BENCH_PYTHON picks the interpreter that makes it.
"${BENCH_PYTHON:-python3}" -m venv "$work/venv"
"$work/venv/bin/pip" install --quiet --disable-pip-version-check . 2>"$work/pip.log" \
  || { cat "$work/pip.log" >&2; exit 1; }
PY="$work/venv/bin/python"
MLSAL="$work/venv/bin/mlsal"
export MLSAL_CACHE_DIR="$work/cache"
"$PY" -c 'import sys, mlsal; print(f"mlsal {mlsal.__version__} from {mlsal.__file__}, Python {sys.version.split()[0]}")'

"$PY" benchmarks/make_profiles.py --rows "$ROWS" >"$work/big.csv"
"$PY" benchmarks/make_profiles.py --rows "$SMALL_ROWS" >"$work/small.csv"

echo "== start-up ($RUNS runs each, after 3 warm-ups)"
# Every command goes through env(1) so each pays the same extra exec. The warm-ups fill the
# validated-data cache. Two references without a target: the estimate as JSON (no Rich table,
# no Babel) and the estimate with the cache off (the YAML parsed and validated every run).
hyperfine -N --warmup 3 --runs "$RUNS" --style basic --export-json "$work/startup.json" \
  -n floor "env $PY -c 'import typer, rich.console, rich.table'" \
  -n completion "env _MLSAL_COMPLETE=complete_bash 'COMP_WORDS=mlsal estimate --city ' COMP_CWORD=3 $MLSAL" \
  -n help "env $MLSAL --help" \
  -n estimate "env $MLSAL estimate --country IN --years 5 --city Bengaluru --skill nlp" \
  -n estimate-json "env $MLSAL estimate --country IN --years 5 --city Bengaluru --skill nlp --format json" \
  -n estimate-uncached "env MLSAL_CACHE_DIR=off $MLSAL estimate --country IN --years 5 --city Bengaluru --skill nlp"

echo "== batch, $ROWS rows ($BATCH_RUNS runs each, after 1 warm-up)"
# The input holds one bad row in 1,000, so mlsal exits 4 (rows rejected): -i keeps going.
hyperfine -N -i --warmup 1 --runs "$BATCH_RUNS" --style basic --export-json "$work/batch.json" \
  -n csv-floor "$PY benchmarks/csv_floor.py $work/big.csv" \
  -n batch-csv "$MLSAL estimate --input $work/big.csv" \
  -n batch-jsonl "$MLSAL estimate --input $work/big.csv --format json"

echo "== peak memory (GNU time, maximum resident set size)"
peak() {
  /usr/bin/time -f "%M" -o "$work/rss" "$@" >/dev/null 2>"$work/stderr" || true
  echo "$(tail -n 1 "$work/rss")"
}
{
  echo "csv-floor $ROWS $(peak "$PY" benchmarks/csv_floor.py "$work/big.csv")"
  echo "batch-csv $ROWS $(peak "$MLSAL" estimate --input "$work/big.csv")"
  echo "batch-jsonl $ROWS $(peak "$MLSAL" estimate --input "$work/big.csv" --format json)"
  echo "batch-csv $SMALL_ROWS $(peak "$MLSAL" estimate --input "$work/small.csv")"
  echo "batch-jsonl $SMALL_ROWS $(peak "$MLSAL" estimate --input "$work/small.csv" --format json)"
} >"$work/memory.txt"

echo "== rows in = rows out + rows rejected ($ROWS rows)"
"$MLSAL" estimate --input "$work/big.csv" >"$work/out.csv" 2>"$work/err.txt" && code=0 || code=$?
rows_in=$(($(wc -l <"$work/big.csv") - 1))
rows_out=$(($(wc -l <"$work/out.csv") - 1))
rejected=$(grep -c '^mlsal: error: row ' "$work/err.txt" || true)
echo "in $rows_in, out $rows_out, rejected $rejected, exit code $code"
[ "$rows_in" -eq $((rows_out + rejected)) ] || { echo "rows do not add up" >&2; exit 1; }

"$PY" benchmarks/report.py "$work/startup.json" "$work/batch.json" "$work/memory.txt"
