#!/usr/bin/env bash
# Time `connleak scan --staged` (the pre-commit hook) on a repository of
# FILES files (default 5,000) with STAGED modified and staged files (default
# 10), against ripgrep reading the same staged files in the same run.
#
#   benches/staged.sh [FILES] [STAGED] [RUNS]
#
# The repository is generated in a temporary directory (config and code
# files of 1-4 KB, a few with fabricated leaks) with the git CLI; connleak
# itself reads it through gix. Uses hyperfine when installed (median of RUNS
# runs after 3 warm-ups), else a loop over `date +%s%N`. The figure to watch
# is the median wall time of `--staged`; the target is under 50 ms.
# KEEP=1 keeps the generated repository for a closer look; NO_HYPERFINE=1
# uses the date loop.
set -euo pipefail
files=${1:-5000}
staged=${2:-10}
runs=${3:-30}
here=$(cd "$(dirname "$0")/.." && pwd)
target=${CARGO_TARGET_DIR:-$here/target}
bin="$target/release/connleak"
(cd "$here" && cargo build --release --quiet)
command -v git >/dev/null || { echo "git is required to build the test repository" >&2; exit 2; }

repo=$(mktemp -d)
if [ -n "${KEEP:-}" ]; then echo "keeping the repository: $repo"; else trap 'rm -rf "$repo"' EXIT; fi
cd "$repo"
export GIT_CONFIG_NOSYSTEM=1 HOME="$repo"
git init -q -b main
git config user.email bench@example.com
git config user.name bench
for i in $(seq 0 $((files - 1))); do
  d="src/m$((i % 50))/p$((i % 7))"
  mkdir -p "$d"
  case $((i % 4)) in
    0) f="$d/settings$i.py"
       for j in $(seq 1 $((20 + i % 60))); do echo "VALUE_$j = os.environ.get('SETTING_$j', 'default-$j')  # setting $j"; done >"$f" ;;
    1) f="$d/app$i.yaml"
       for j in $(seq 1 $((20 + i % 60))); do echo "key$j: value-$j-$i"; done >"$f" ;;
    2) f="$d/Service$i.cs"
       for j in $(seq 1 $((20 + i % 60))); do echo "    public int Method$j(int x) => x * $j; // service $i"; done >"$f" ;;
    3) f="$d/conf$i.env"
       for j in $(seq 1 $((20 + i % 60))); do echo "SETTING_$j=value-$j"; done >"$f" ;;
  esac
done
echo 'DATABASE_URL=postgres://app:Hist0ric-Leak@db.internal/app' >src/m0/p0/old.env
git add -A && git commit -q -m "$files files"

# modify and stage STAGED files; one of them gets a leak
mapfile -t picked < <(git ls-files | awk -v n="$files" -v k="$staged" 'NR % int(n / k) == 1' | head -n "$staged")
for f in "${picked[@]}"; do echo "EXTRA_SETTING=1" >>"$f"; done
echo 'url = "postgres://app:Bench-Leak-2024@db.example.com/app"' >>"${picked[0]}"
git add -- "${picked[@]}"
count=$(git diff --cached --name-only | wc -l)
echo "repository: $files files, $count staged, $(du -sh --exclude=.git . | cut -f1) work tree; binary: $bin"

cl=("$bin" scan --staged --quiet --format json --output /dev/null)
# the fixed cost of any run (process start, rule compilation): one tiny file
echo "A=1" >"$repo/.git/floor.txt"
floor=("$bin" scan --quiet --format json --output /dev/null "$repo/.git/floor.txt")
rgc=(rg -c -i 'password|pwd|://' -- "${picked[@]}")
"${cl[@]}" || true # exit 1: the staged leak is found
n=$("$bin" scan --staged --format json 2>/dev/null | python3 -c 'import json,sys; print(len(json.load(sys.stdin)["findings"]))' || true)
echo "findings in the staged files: $n"

if [ -z "${NO_HYPERFINE:-}" ] && command -v hyperfine >/dev/null; then
  out=$(mktemp)
  hyperfine -N --warmup 3 --runs "$runs" -i --export-json "$out" \
    -n "connleak scan --staged" "${cl[*]}" \
    -n "rg over the staged files" "${rgc[*]}" \
    -n "connleak, one tiny file" "${floor[*]}" >/dev/null
  python3 - "$out" <<'EOF'
import json, sys
r = json.load(open(sys.argv[1]))["results"]
med = {x["command"]: x["median"] for x in r}
for x in r:
    cpu = (x["user"] + x["system"]) * 1000
    print(f'{x["command"]:28s} median {x["median"]*1000:7.1f} ms  (min {x["min"]*1000:.1f}, max {x["max"]*1000:.1f}, {len(x["times"])} runs; CPU user+sys mean {cpu:.1f} ms)')
c, g, f = r[0]["median"], r[1]["median"], r[2]["median"]
print(f"ratio connleak/ripgrep: {c / g:.1f}x; --staged minus the fixed cost of a run: {(c - f) * 1000:.1f} ms")
EOF
  rm -f "$out"
else
  median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
  time_ms() { local s e; s=$(date +%s%N); "$@" >/dev/null 2>&1 || true; e=$(date +%s%N); echo $(((e - s) / 1000)); }
  for _ in 1 2 3; do time_ms "${cl[@]}" >/dev/null; done
  c=(); g=(); f=()
  for _ in $(seq "$runs"); do
    c+=("$(time_ms "${cl[@]}")"); g+=("$(time_ms "${rgc[@]}")"); f+=("$(time_ms "${floor[@]}")")
  done
  cm=$(printf '%s\n' "${c[@]}" | median); gm=$(printf '%s\n' "${g[@]}" | median)
  fm=$(printf '%s\n' "${f[@]}" | median)
  awk -v c="$cm" -v g="$gm" -v f="$fm" -v n="$runs" 'BEGIN {
    printf "connleak scan --staged       median %7.1f ms  (%d runs)\n", c / 1000, n
    printf "rg over the staged files     median %7.1f ms\n", g / 1000
    printf "connleak, one tiny file      median %7.1f ms\n", f / 1000
    printf "ratio connleak/ripgrep: %.1fx; --staged minus the fixed cost of a run: %.1f ms\n", (g > 0 ? c / g : 0), (c - f) / 1000 }'
fi
