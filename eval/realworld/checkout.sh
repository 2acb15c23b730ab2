#!/usr/bin/env bash
# Materialise the pinned commit of every repository in repos.tsv as a work tree.
#
#   eval/realworld/checkout.sh SNAPSHOTS_DIR WORK_DIR [REPOS_TSV]   (default: repos.tsv)
#
# SNAPSHOTS_DIR holds one git directory per repository, named `owner+name`
# (`owner+name/repo/.git` or `owner+name/repo`, as the snapshot tool leaves
# them). WORK_DIR/owner+name becomes a plain tree at the pinned commit. Nothing
# from the repository runs: no hooks, no filters (the snapshot has no config),
# no submodules; line endings are checked out as committed.
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
snap=${1:?usage: checkout.sh SNAPSHOTS_DIR WORK_DIR}
work=${2:?usage: checkout.sh SNAPSHOTS_DIR WORK_DIR [REPOS_TSV]}
list=${3:-$here/repos.tsv}
mkdir -p "$work"
# absolute: git 2.47 given a relative GIT_WORK_TREE and GIT_INDEX_FILE beside
# a GIT_DIR elsewhere checked out nothing, and said nothing
work=$(cd "$work" && pwd)
while IFS=$'\t' read -r repo commit _rest; do
  [[ -z "$repo" || "$repo" == \#* || "$repo" == repo ]] && continue
  name=${repo/\//+}
  out="$work/$name"
  if [[ -f "$work/$name.commit" && "$(cat "$work/$name.commit")" == "$commit" ]]; then
    continue
  fi
  gitdir=""
  for g in "$snap/$name/repo/.git" "$snap/$name/repo" "$snap/$name"; do
    if [[ -f "$g/HEAD" && -d "$g/objects" ]]; then gitdir=$g; break; fi
  done
  if [[ -z "$gitdir" ]]; then
    echo "missing snapshot: $repo (fetch github:$repo)" >&2
    continue
  fi
  rm -rf "$out" "$out.index"
  mkdir -p "$out"
  GIT_DIR="$gitdir" GIT_WORK_TREE="$out" GIT_INDEX_FILE="$out.index" \
    git -c core.hooksPath=/dev/null -c core.autocrlf=false -c core.symlinks=false \
      read-tree "$commit"
  # a snapshot may lack its largest blobs: the rest is checked out, and the
  # missing files are named (their lines then count as not found)
  missing=""
  if ! GIT_DIR="$gitdir" GIT_WORK_TREE="$out" GIT_INDEX_FILE="$out.index" \
    git -c core.hooksPath=/dev/null -c core.autocrlf=false -c core.symlinks=false \
      checkout-index -a -f 2>"$out.errors"; then
    missing=" ($(grep -c 'unable to read' "$out.errors") files missing from the snapshot: $(sed -n 's/.*unable to read sha1 file of \(.*\) (.*/\1/p' "$out.errors" | head -3 | paste -sd, -) ...)"
  fi
  rm -f "$out.index" "$out.errors"
  echo "$commit" >"$work/$name.commit"
  echo "checked out $repo at ${commit:0:12}$missing" >&2
done <"$list"
