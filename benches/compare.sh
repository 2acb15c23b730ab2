#!/usr/bin/env bash
# Time `connleak scan` against ripgrep on the same tree, in the same run.
#
#   benches/compare.sh TREE [RUNS] [THREADS]
#
# Runs each tool RUNS times (default 7), alternating, after one warm-up run
# of each (warm page cache), and prints the median wall time, throughput,
# peak RSS and the connleak/ripgrep ratio. ripgrep searches for the same
# literal keywords connleak's prefilter looks for first, with -uuu so that it
# reads everything; connleak respects .gitignore like ripgrep's default, so
# both are given --no-ignore / -uuu to read the same files.
set -euo pipefail
tree=${1:?usage: benches/compare.sh TREE [RUNS] [THREADS]}
runs=${2:-7}
threads=${3:-2}
here=$(cd "$(dirname "$0")/.." && pwd)
bin="$here/target/release/connleak"
command -v rg >/dev/null || { echo "ripgrep (rg) is required: apt-get install ripgrep" >&2; exit 2; }
[ -x /usr/bin/time ] || { echo "/usr/bin/time is required: apt-get install time" >&2; exit 2; }
(cd "$here" && cargo build --release --quiet)

bytes=$(du -sb "$tree" | cut -f1)
files=$(find "$tree" -type f | wc -l)
echo "tree: $tree  ($((bytes / 1048576)) MB, $files files), threads: $threads, runs: $runs"

cl=(scan --no-ignore --quiet --format json --threads "$threads" --output /dev/null "$tree")
rgc=(-uuu -i -c --threads "$threads" 'password|pwd|://' "$tree")

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT
run_once() { # prints "seconds peak_kb"
  /usr/bin/time -o "$tmp" -f '%e %M' "$@" >/dev/null 2>&1 || true
  tail -1 "$tmp"
}
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }

"$bin" "${cl[@]}" >/dev/null 2>&1 || true
rg "${rgc[@]}" >/dev/null 2>&1 || true
cl_t=(); cl_m=(); rg_t=(); rg_m=()
for _ in $(seq "$runs"); do
  read -r t m < <(run_once "$bin" "${cl[@]}"); cl_t+=("$t"); cl_m+=("$m")
  read -r t m < <(run_once rg "${rgc[@]}"); rg_t+=("$t"); rg_m+=("$m")
done
clmed=$(printf '%s\n' "${cl_t[@]}" | median)
rgmed=$(printf '%s\n' "${rg_t[@]}" | median)
clmem=$(printf '%s\n' "${cl_m[@]}" | sort -n | tail -1)
rgmem=$(printf '%s\n' "${rg_m[@]}" | sort -n | tail -1)
awk -v c="$clmed" -v r="$rgmed" -v b="$bytes" -v cm="$clmem" -v rm="$rgmem" 'BEGIN {
  printf "connleak: median %.3f s  %7.1f MB/s  peak RSS %d MB\n", c, (c > 0 ? b / 1048576 / c : 0), cm / 1024
  printf "ripgrep : median %.3f s  %7.1f MB/s  peak RSS %d MB\n", r, (r > 0 ? b / 1048576 / r : 0), rm / 1024
  printf "ratio connleak/ripgrep: %.2fx\n", (r > 0 ? c / r : 0)
}'
