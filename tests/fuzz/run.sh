#!/bin/sh
# Run both fuzz targets for a bounded time each (an optional CI job).
#   PYTHON=/path/to/python FUZZ_SECONDS=120 tests/fuzz/run.sh
# Needs atheris (pip install atheris); without it each target says so and exits 0.
# Crashing inputs are written under $FUZZ_OUT (default: a new folder in /tmp); exit status 1 on a crash.
set -u
here=$(cd "$(dirname "$0")" && pwd)
python=${PYTHON:-python3}
seconds=${FUZZ_SECONDS:-60}
out=${FUZZ_OUT:-$(mktemp -d /tmp/trail-lint-fuzz.XXXXXX)}
mkdir -p "$out"
status=0
for target in fuzz_load fuzz_cli; do
    echo "== $target for ${seconds}s; crashes go to $out/$target-*"
    "$python" "$here/$target.py" -max_total_time="$seconds" -max_len=16384 -print_final_stats=1 \
        -artifact_prefix="$out/$target-" || status=1
done
exit $status
