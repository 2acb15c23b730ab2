#!/usr/bin/env bash
# How connleak's time and memory grow, on real inputs:
#   - tree size: a real source tree copied 1, 4 and 16 times side by side;
#   - history length: a real repository cut at 25, 50 and 100 % of the
#     first-parent history of its default branch (a bare repository sharing
#     the objects, with one ref at the cut);
#   - findings per file: one generated file with 10, 100, 1,000 and 10,000
#     fabricated findings.
#
#   benches/growth.sh TREE [REPO]
#
# TREE is any source tree (say an unpacked Django release), REPO any clone
# (bare or not) with a long history; without REPO the history rows are
# skipped. Each row is one run after a warm-up (page cache warm), wall time
# and peak RSS from /usr/bin/time, with the machine's load average printed
# first: run it on an idle machine. Everything generated goes to a temporary
# directory that is removed at the end.
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
tree=${1:?usage: benches/growth.sh TREE [REPO]}
repo=${2:-}
[ -x /usr/bin/time ] || { echo "/usr/bin/time is required: apt-get install time" >&2; exit 2; }
if [ -z "${CONNLEAK:-}" ]; then
  (cd "$here" && cargo build --release --quiet)
  CONNLEAK="${CARGO_TARGET_DIR:-$here/target}/release/connleak"
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
echo "load average: $(cut -d' ' -f1-3 /proc/loadavg); connleak: $CONNLEAK"

row() { # LABEL UNITS CMD... -> "LABEL  seconds  peak MB  units/s"
  local label=$1 units=$2
  shift 2
  "$@" >/dev/null 2>&1 || true
  /usr/bin/time -o "$work/time" -f '%e %M' "$@" >/dev/null 2>&1 || true
  read -r t m < <(tail -1 "$work/time")
  awk -v l="$label" -v t="$t" -v m="$m" -v u="$units" 'BEGIN {
    printf "%-34s %8.2f s %7d MB %12.0f /s\n", l, t, m / 1024, (t > 0 ? u / t : 0) }'
}

echo "== tree size (scan --no-ignore --format json): MB/s"
mb=$(($(du -sb "$tree" | cut -f1) / 1048576))
for n in 1 4 16; do
  d="$work/tree$n"
  mkdir -p "$d"
  for i in $(seq "$n"); do cp -r "$tree" "$d/copy$i"; done
  row "${n}x ($((mb * n)) MB)" "$((mb * n))" \
    "$CONNLEAK" scan --no-ignore -q --format json --output /dev/null "$d"
  rm -rf "$d"
done

if [ -n "$repo" ]; then
  echo "== history length (scan --history --format json): commits/s"
  gitdir=$(git -C "$repo" rev-parse --absolute-git-dir)
  head=$(git -C "$repo" rev-parse HEAD)
  mapfile -t chain < <(git -C "$repo" rev-list --first-parent --reverse "$head")
  for pct in 25 50 100; do
    cut=${chain[$(((${#chain[@]} * pct + 99) / 100 - 1))]}
    cutrepo="$work/cut$pct.git"
    git init -q --bare "$cutrepo"
    echo "$gitdir/objects" >"$cutrepo/objects/info/alternates"
    git -C "$cutrepo" update-ref refs/heads/main "$cut"
    git -C "$cutrepo" symbolic-ref HEAD refs/heads/main
    commits=$(git -C "$cutrepo" rev-list --count HEAD)
    row "$pct % ($commits commits)" "$commits" \
      "$CONNLEAK" scan --history -q --format json --output /dev/null "$cutrepo"
  done
fi

echo "== findings per file (one .env file, scan --format json): findings/s"
for n in 10 100 1000 10000; do
  f="$work/many$n/app.env"
  mkdir -p "$(dirname "$f")"
  python3 - "$f" "$n" <<'PY'
import random, string, sys
random.seed(int(sys.argv[2]))
with open(sys.argv[1], "w") as out:
    for i in range(int(sys.argv[2])):
        pw = "".join(random.choice(string.ascii_letters + string.digits) for _ in range(14))
        out.write(f"DB{i}_URL=postgres://app{i}:{pw}@db{i}.internal:5432/app\n")
PY
  row "$n findings" "$n" "$CONNLEAK" scan -q --format json --output /dev/null "$f"
done
