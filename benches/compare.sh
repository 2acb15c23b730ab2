#!/usr/bin/env bash
# Time `connleak scan` against ripgrep on the same tree, in the same run.
#
#   benches/compare.sh TREE [RUNS] [THREADS]
#
# Runs each tool RUNS times (default 7), alternating, after one warm-up run
# of each (warm page cache), and prints the median wall time, throughput,
# peak RSS (/usr/bin/time) and the connleak/ripgrep ratio. ripgrep searches
# case-insensitively for literals close to connleak's keywords
# ('password|pwd|://') with -uuu, so that it reads every file; connleak is
# given --no-ignore for the same reason. Set CONNLEAK to time another binary
# (default: the release build, built first). Extra connleak options can be
# passed in CONNLEAK_ARGS (e.g. "--max-filesize 4G").
set -euo pipefail
tree=${1:?usage: benches/compare.sh TREE [RUNS] [THREADS]}
runs=${2:-7}
threads=${3:-2}
here=$(cd "$(dirname "$0")/.." && pwd)
command -v rg >/dev/null || { echo "ripgrep (rg) is required: apt-get install ripgrep" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is required: apt-get install time" >&2; exit 2; }
if [ -z "${CONNLEAK:-}" ]; then
  (cd "$here" && cargo build --release --quiet)
  CONNLEAK="${CARGO_TARGET_DIR:-$here/target}/release/connleak"
fi

bytes=$(du -sb "$tree" | cut -f1)
files=$(find "$tree" -type f | wc -l)
echo "tree: $tree  ($((bytes / 1048576)) MB, $files files), threads: $threads, runs: $runs, load: $(cut -d' ' -f1-3 /proc/loadavg)"

# shellcheck disable=SC2206
extra=(${CONNLEAK_ARGS:-})
cl=(scan --no-ignore --quiet --format json --threads "$threads" --output /dev/null "${extra[@]}" "$tree")
rgc=(-uuu -i -c --threads "$threads" 'password|pwd|://' "$tree")

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
run_once() { # prints "seconds peak_kb" (wall time from bash's microsecond clock)
  local t0=$EPOCHREALTIME
  /usr/bin/time -o "$tmp" -f '%M' "$@" >/dev/null 2>&1 || true
  local t1=$EPOCHREALTIME
  echo "$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f", b - a}') $(tail -1 "$tmp")"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

"$CONNLEAK" "${cl[@]}" >/dev/null 2>&1 || true
rg "${rgc[@]}" >/dev/null 2>&1 || true
cl_t=(); cl_m=(); rg_t=(); rg_m=()
for _ in $(seq "$runs"); do
  read -r t m < <(run_once "$CONNLEAK" "${cl[@]}"); cl_t+=("$t"); cl_m+=("$m")
  read -r t m < <(run_once rg "${rgc[@]}"); rg_t+=("$t"); rg_m+=("$m")
done
clmed=$(printf '%s\n' "${cl_t[@]}" | median)
rgmed=$(printf '%s\n' "${rg_t[@]}" | median)
clmem=$(printf '%s\n' "${cl_m[@]}" | sort -n | tail -1)
rgmem=$(printf '%s\n' "${rg_m[@]}" | sort -n | tail -1)
echo "connleak runs: ${cl_t[*]}"
echo "ripgrep runs : ${rg_t[*]}"
awk -v c="$clmed" -v r="$rgmed" -v b="$bytes" -v cm="$clmem" -v rm="$rgmem" 'BEGIN {
  printf "connleak: median %.3f s  %7.1f MB/s  peak RSS %d MB\n", c, (c > 0 ? b / 1048576 / c : 0), cm / 1024
  printf "ripgrep : median %.3f s  %7.1f MB/s  peak RSS %d MB\n", r, (r > 0 ? b / 1048576 / r : 0), rm / 1024
  printf "ratio connleak/ripgrep: %.2fx\n", (r > 0 ? c / r : 0)
}'
