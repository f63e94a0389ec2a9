#!/usr/bin/env bash
# What the test suite costs (issue 12): a fresh clone of this repository's HEAD, ./scripts/test timed, how busy the
# CPUs were (sampled from /proc/stat every 5 s), the CPU-seconds spent and by which kind of process
# (bench/cpu_by_process.py), and how many Spring contexts the run started.
# Usage: bench/suite.sh [maven arguments]   (prints the figures; the clone and the log stay under /tmp/holi-suite.*)
#   e.g. bench/suite.sh "-Dtest.jvm.flags=-XX:TieredStopAtLevel=1 -XX:StartFlightRecording=filename=/tmp/suite.jfr"
set -euo pipefail
repo=$(cd "$(dirname "$0")/.." && pwd)
work=$(mktemp -d /tmp/holi-suite.XXXXXX)
chmod 755 "$work" # as root, the tests run PostgreSQL's tools as the postgres user, who must be able to enter it
git clone -q "$repo" "$work/holi"
cores=$(nproc)

busy() { awk '/^cpu /{print $2+$3+$4+$7+$8+$9, $2+$3+$4+$5+$6+$7+$8+$9, $9}' /proc/stat; }
(
  read -r b0 t0 _ < <(busy)
  while [ ! -e "$work/done" ]; do
    sleep 5
    read -r b1 t1 _ < <(busy)
    awk -v b=$((b1 - b0)) -v t=$((t1 - t0)) -v c="$cores" 'BEGIN { printf "%.2f\n", t ? c * b / t : 0 }' >> "$work/busy"
    b0=$b1; t0=$t1
  done
) &

python3 "$repo/bench/cpu_by_process.py" "$work/done" "$work/cpu-by-process.txt" &
read -r s0 _ st0 < <(busy)
start=$(date +%s)
status=0
(cd "$work/holi" && ./scripts/test "$@" > "$work/test.log" 2>&1) || status=$?
end=$(date +%s)
read -r s1 _ st1 < <(busy)
touch "$work/done"
wait

echo "commit:        $(git -C "$work/holi" log --oneline -1)"
echo "exit status:   $status"
printf 'wall time:     %d:%02d\n' $(((end - start) / 60)) $(((end - start) % 60))
echo "tests:         $(grep -E 'Tests run: [0-9]+, Failures' "$work/test.log" | tail -1 | sed 's/.*Tests run/Tests run/')"
echo "contexts:      $(head -1 "$work/holi/target/context-count.txt" 2>/dev/null | sed 's/.*: //')"
awk -v c="$cores" '{ s += $1; n++; if ($1 < c / 2) idle++ } END {
  printf "CPU busy:      %.2f of %d cores on average; %d s with less than half of them busy\n", s / n, c, 5 * idle }' "$work/busy"
echo "CPU spent:     $(((s1 - s0) / $(getconf CLK_TCK))) CPU-seconds (the whole machine, /proc/stat; of which stolen by the host: $(((st1 - st0) / $(getconf CLK_TCK))))"
echo "by process:    $work/cpu-by-process.txt; the largest:"
grep -E '^ +[0-9.]+ s +[0-9.]+ %' "$work/cpu-by-process.txt" | head -8 | sed 's/^/  /'
echo "log:           $work/test.log"
