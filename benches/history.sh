#!/usr/bin/env bash
# Benchmark `connleak scan --history` on a long history.
#
#   benches/history.sh [REPO] [RUNS]
#
# With REPO (any local clone), scans its history. Without, it first builds a
# synthetic repository in a temporary directory with git fast-import: real
# source files (the Rust crate sources cargo has unpacked in its registry, or
# any directory given in SRC=...) committed over COMMITS commits (default
# 12000), each changing 1-3 files, some of them planting a fabricated
# connection string, on a main branch, two feature branches merged back and
# tags; then packs it with `git gc`. Prints the median wall time, commits,
# distinct blobs and bytes per second, peak RSS, and checks that every
# distinct blob was scanned exactly once (blobs_scanned + blobs_skipped ==
# blobs_distinct, and blobs_distinct == the blobs git itself counts).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
bin="$here/target/release/connleak"
runs=${2:-3}
[ -x /usr/bin/time ] || { echo "/usr/bin/time is required: apt-get install time" >&2; exit 2; }
(cd "$here" && cargo build --release --quiet)

repo=${1:-}
if [ -z "$repo" ]; then
  work=$(mktemp -d)
  # KEEP=1 keeps the generated repository for profiling
  [ -n "${KEEP:-}" ] || trap 'rm -rf "$work"' EXIT
  repo="$work/repo"
  src=${SRC:-$(ls -d "$HOME"/.cargo/registry/src/*/ 2>/dev/null | head -1)}
  [ -n "$src" ] || { echo "no source tree: set SRC=DIR" >&2; exit 2; }
  git init -q -b main "$repo"
  python3 - "$src" "${COMMITS:-12000}" <<'PY' | (cd "$repo" && git fast-import --quiet)
import os, random, sys
src, commits = sys.argv[1], int(sys.argv[2])
random.seed(7)
files = []
for root, dirs, names in os.walk(src):
    dirs.sort()
    for n in sorted(names):
        if n.endswith((".rs", ".toml", ".md", ".json", ".yml", ".yaml")):
            p = os.path.join(root, n)
            if os.path.getsize(p) < 200_000:
                files.append(p)
    if len(files) >= 4000:
        break
files = files[:4000]
out = sys.stdout.buffer
def blob(data):
    out.write(b"data %d\n" % len(data)); out.write(data); out.write(b"\n")
def path_of(p):
    return os.path.relpath(p, src).replace(os.sep, "/").encode()
contents = {}
mark = 0
t = 1_500_000_000
def commit(ref, msg, changes, parents):
    global mark, t
    mark += 1; t += 600
    out.write(b"commit %s\nmark :%d\n" % (ref, mark))
    out.write(b"author Bench <bench@example.com> %d +0000\n" % t)
    out.write(b"committer Bench <bench@example.com> %d +0000\n" % t)
    blob(msg)
    for i, p in enumerate(parents):
        out.write(b"%s :%d\n" % (b"from" if i == 0 else b"merge", p))
    for path, data in changes:
        if data is None:
            out.write(b"D %s\n" % path)
        else:
            out.write(b"M 100644 inline %s\n" % path); blob(data)
    out.write(b"\n")
    return mark
# the initial tree, in batches of 400 files per commit
head = None
for i in range(0, len(files), 400):
    ch = []
    for p in files[i:i + 400]:
        with open(p, "rb") as f:
            data = f.read()
        contents[path_of(p)] = data
        ch.append((path_of(p), data))
    head = commit(b"refs/heads/main", b"import batch %d" % i, ch, [head] if head else [])
paths = sorted(contents)
branches = {}
leaks = 0
for n in range(commits):
    ref = b"refs/heads/main"
    if n % 1000 == 500:
        branches[n] = head  # fork a feature branch
    ch = []
    for _ in range(random.randint(1, 3)):
        p = random.choice(paths)
        data = contents[p] + b"\n// rev %d\n" % n
        if n % 250 == 0:
            leaks += 1
            data += b'// conn = "Server=tcp:bench%d.database.windows.net;Database=d;User ID=app;Password=Bx%07dq!z"\n' % (leaks, n)
        contents[p] = data
        ch.append((p, data))
    parents = [head]
    if n % 1000 == 999 and n - 499 in branches:
        # a side commit on the feature branch, merged back
        side = commit(b"refs/heads/feature-%d" % n, b"feature %d" % n,
                      [(b"feature/notes-%d.md" % n, b"notes %d\n" % n)], [branches[n - 499]])
        parents.append(side)
    head = commit(ref, b"change %d" % n, ch, parents)
    if n % 3000 == 0:
        out.write(b"reset refs/tags/v%d\nfrom :%d\n\n" % (n // 3000, head))
PY
  (cd "$repo" && git gc -q --prune=now)
fi

cd "$repo"
commits=$(git rev-list --all --count)
# a partial snapshot may lack some (large) blobs: they are counted too, and
# connleak names each as an error and counts it skipped
objects=$(mktemp)
git rev-list --objects --all --missing=print | cut -d' ' -f1 >"$objects"
missing=$(grep -c '^?' "$objects" || true)
gitblobs=$(grep -v '^?' "$objects" | git cat-file --batch-check='%(objecttype)' | grep -c '^blob$' || true)
gitblobs=$((gitblobs + missing))
rm -f "$objects"
size=$(du -sb "$(git rev-parse --git-dir)" | cut -f1)
echo "repository: $repo  ($commits commits, $gitblobs distinct blobs ($missing missing), git directory $((size / 1048576)) MB)"

tmp=$(mktemp)
out=$(mktemp)
"$bin" scan --history --quiet --format json --output "$out" . >/dev/null 2>&1 || true # warm-up
ts=(); ms=()
for _ in $(seq "$runs"); do
  /usr/bin/time -o "$tmp" -f '%e %M' "$bin" scan --history --quiet --format json --output "$out" . >/dev/null 2>&1 || true
  read -r t m < <(tail -1 "$tmp")
  ts+=("$t"); ms+=("$m")
done
# one more run, sampled every 0.2 s: the peak of the memory connleak
# allocates (RssAnon) apart from the pack files gix maps read-only (RssFile:
# page cache, shared and reclaimable, which /usr/bin/time's peak includes)
"$bin" scan --history --quiet --format json --output /dev/null . >/dev/null 2>&1 &
pid=$!
anon=0; file=0
while kill -0 "$pid" 2>/dev/null; do
  read -r a f < <(awk '/^RssAnon/ {a=$2} /^RssFile/ {f=$2} END {print a+0, f+0}' "/proc/$pid/status" 2>/dev/null || echo "0 0")
  [ "$a" -gt "$anon" ] && anon=$a
  [ "$f" -gt "$file" ] && file=$f
  sleep 0.2
done
wait "$pid" || true
echo "peak RssAnon $((anon / 1024)) MB (allocated), peak RssFile $((file / 1024)) MB (mapped pack files)"
median() { sort -n | awk '{a[NR]=$1} END {print (NR%2 ? a[(NR+1)/2] : (a[NR/2]+a[NR/2+1])/2)}'; }
t=$(printf '%s\n' "${ts[@]}" | median)
m=$(printf '%s\n' "${ms[@]}" | sort -n | tail -1)
python3 - "$out" "$t" "$m" "$gitblobs" <<'PY'
import json, sys
r = json.load(open(sys.argv[1])); t = float(sys.argv[2]); m = int(sys.argv[3]); git = int(sys.argv[4])
h = r["summary"]["history"]
print(f"median wall {t:.2f} s, peak RSS {m // 1024} MB")
print(f"refs {h['refs']}, commits {h['commits']}, distinct blobs {h['blobs_distinct']} (git: {git}), "
      f"scanned {h['blobs_scanned']}, skipped {h['blobs_skipped']}, {h['bytes_scanned'] // 1048576} MB")
print(f"{h['commits'] / t:.0f} commits/s, {h['blobs_distinct'] / t:.0f} blobs/s, "
      f"{h['bytes_scanned'] / t / 1048576:.0f} MB/s; {len(r['findings'])} findings, {len(r['inventory'])} credentials")
ok = h["blobs_scanned"] + h["blobs_skipped"] == h["blobs_distinct"] == git
print("each distinct blob scanned exactly once:", "yes" if ok else "NO")
sys.exit(0 if ok else 1)
PY
rm -f "$tmp" "$out"
