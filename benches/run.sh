#!/usr/bin/env bash
# The whole benchmark: prepares its inputs, then prints connleak vs ripgrep
# figures for real trees (2 threads and 1), time per byte on generated files
# from 10 MB to 2 GB, peak memory on hostile inputs, and start-up time.
#
#   benches/run.sh [trees|scaling|hostile|startup|all] ...
#
# Environment:
#   TREES      space-separated directories to time (default: the cargo
#              registry sources, /usr/include, /usr/lib/python3, and a
#              "mixed" tree of /usr/lib/python3 plus this repository's
#              eval/ and fixtures/ corpora, which have findings)
#   RUNS       runs per tool and tree (default 7)
#   SIZES_MB   generated file sizes (default "10 100 1000 2000")
#   NFILES     files in the many-files directory (default 1000000)
#   BENCH_DIR  where generated inputs go (default: a temp dir, removed after)
# Needs ripgrep, GNU time and hyperfine (apt-get install ripgrep time hyperfine).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
sections=("${@:-all}")
[ "${sections[0]}" = all ] && sections=(trees scaling hostile startup)
runs=${RUNS:-7}
for tool in rg /usr/bin/time; do
  command -v "$tool" >/dev/null || { echo "$tool is required (apt-get install ripgrep time hyperfine)" >&2; exit 2; }
done
(cd "$here" && cargo build --release --quiet)
export CONNLEAK="${CARGO_TARGET_DIR:-$here/target}/release/connleak"
if [ -n "${BENCH_DIR:-}" ]; then
  work=$BENCH_DIR; mkdir -p "$work"
else
  work=$(mktemp -d); trap 'rm -rf "$work"' EXIT
fi
echo "machine: $(nproc) cores, $(awk '/MemTotal/ {printf "%d GB", $2/1048576}' /proc/meminfo), $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs), $(uname -sr)"
echo "connleak $($CONNLEAK --version 2>/dev/null | cut -d' ' -f2), $(rg --version 2>/dev/null | head -1)"
tmp=$work/time.out

measure() { # LABEL BYTES CMD... -> one line: seconds, MB/s, ns/byte, peak RSS
  local label=$1 bytes=$2; shift 2
  "$@" >/dev/null 2>&1 || true # warm-up
  local t0=$EPOCHREALTIME
  /usr/bin/time -o "$tmp" -f '%M' "$@" >/dev/null 2>&1 || true
  local t1=$EPOCHREALTIME
  local kb s
  kb=$(tail -1 "$tmp")
  s=$(awk -v a="$t0" -v b="$t1" 'BEGIN {printf "%.4f", b - a}')
  awk -v l="$label" -v s="$s" -v b="$bytes" -v kb="$kb" 'BEGIN {
    printf "  %-34s %7.3f s %8.1f MB/s %6.2f ns/B  peak RSS %5d MB\n", l, s,
      (s > 0 ? b / 1048576 / s : 0), (b > 0 ? s * 1e9 / b : 0), kb / 1024 }'
}

for section in "${sections[@]}"; do
case $section in
trees)
  if [ -z "${TREES:-}" ]; then
    TREES=""
    for t in "$HOME"/.cargo/registry/src /usr/include /usr/lib/python3; do
      [ -d "$t" ] && TREES="$TREES $t"
    done
    mkdir -p "$work/mixed"
    [ -d /usr/lib/python3 ] && cp -r /usr/lib/python3 "$work/mixed/python3"
    cp -r "$here/eval" "$here/fixtures" "$work/mixed/"
    TREES="$TREES $work/mixed"
  fi
  for t in $TREES; do
    echo "== $t, 2 threads"
    "$here/benches/compare.sh" "$t" "$runs" 2
    echo "== $t, 1 thread"
    "$here/benches/compare.sh" "$t" "$runs" 1
  done
  ;;
scaling)
  echo "== time per byte, one generated file (2 threads, --max-filesize 4G)"
  # a 1 MiB block of config-like text: a keyword every few dozen lines (a
  # password setting without a value, a URL without a password), no secret
  block=$work/block.txt
  awk 'BEGIN {
    for (i = 0; i < 20000; i++) {
      if (i % 41 == 0) print "password_hint = \"see the vault\"   # pwd policy " i
      else if (i % 37 == 1) print "url = \"postgres://db" i ".internal:5432/app\""
      else print "setting_" i " = value-" i " lorem ipsum dolor sit amet"
    } }' | head -c 1048576 > "$block" || true # awk stops on a closed pipe
  for mb in ${SIZES_MB:-10 100 1000 2000}; do
    f=$work/gen-$mb.env
    { echo "DB_PASSWORD=Gen3rated-Pw-$mb"; for _ in $(seq "$mb"); do cat "$block"; done; } > "$f"
    bytes=$(stat -c %s "$f")
    measure "connleak ${mb} MB" "$bytes" "$CONNLEAK" scan -q --format json -j 2 --max-filesize 4G -o /dev/null "$f"
    measure "ripgrep  ${mb} MB" "$bytes" rg -uuu -i -c -j 2 'password|pwd|://' "$f"
    rm -f "$f"
  done
  ;;
hostile)
  echo "== hostile inputs (2 threads)"
  f=$work/line.json
  awk 'BEGIN { s = ""; for (i = 0; i < 1000; i++) s = s "{\"k\":\"password_hint\",\"v\":12345},";
    for (j = 0; j < 1700; j++) printf "%s", s; printf "\"url\":\"mysql://app:L1ne-Pw@db.example.com/app\"\n" }' > "$f"
  bytes=$(stat -c %s "$f")
  measure "connleak 50 MB single line" "$bytes" "$CONNLEAK" scan -q --format json -j 2 -o /dev/null "$f"
  measure "ripgrep  50 MB single line" "$bytes" rg -uuu -i -c -j 2 'password|pwd|://' "$f"
  rm -f "$f"
  f=$work/huge.env
  { echo "DB_PASSWORD=Huge-F1le-Pw"; head -c $((2048 * 1048576)) /dev/zero | tr '\0' 'a'; echo; } > "$f"
  bytes=$(stat -c %s "$f")
  measure "connleak 2 GB file, default limit" "$bytes" "$CONNLEAK" scan -q --format json -j 2 -o /dev/null "$f"
  measure "connleak 2 GB file, limit raised" "$bytes" "$CONNLEAK" scan -q --format json -j 2 --max-filesize 4G -o /dev/null "$f"
  measure "ripgrep  2 GB file" "$bytes" rg -uuu -i -c -j 2 'password|pwd|://' "$f"
  rm -f "$f"
  n=${NFILES:-1000000}
  d=$work/many
  mkdir -p "$d"
  echo "  (creating $n files in one directory)"
  (cd "$d" && for i in $(seq "$n"); do echo "key$i = value" > "f$i.txt"; done && echo "DB_PASSWORD=Many-F1les-Pw" > f0.env)
  bytes=$(du -sb "$d" | cut -f1)
  measure "connleak $n files" "$bytes" "$CONNLEAK" scan -q --format json -j 2 -o /dev/null "$d"
  measure "ripgrep  $n files" "$bytes" rg -uuu -i -c -j 2 'password|pwd|://' "$d"
  rm -rf "$d"
  ;;
startup)
  echo "== start-up: one small file"
  f=$work/small.env
  echo "DB_HOST=db.internal" > "$f"
  if command -v hyperfine >/dev/null; then
    hyperfine -N --warmup 10 --runs 100 "$CONNLEAK scan -q $f" "rg -uuu -i -c password $f" 2>&1 |
      grep -E 'Benchmark|Time|Range'
  else
    measure "connleak one small file" 20 "$CONNLEAK" scan -q "$f"
  fi
  ;;
*) echo "unknown section $section (trees, scaling, hostile, startup, all)" >&2; exit 2 ;;
esac
done
