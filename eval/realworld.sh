#!/usr/bin/env bash
# Precision and recall on the hand-judged public repositories of eval/realworld/.
#
#   eval/realworld.sh SNAPSHOTS_DIR [--set dev|heldout] [--show fp,fn,unjudged] [--repo OWNER/NAME]...
#
# SNAPSHOTS_DIR holds the fetched git snapshots (`owner+name/...`). Each is
# checked out at its pinned commit under $TMPDIR/connleak-realworld/ (or
# $REALWORLD_WORK), the release binary scans it, and the findings are scored
# against eval/realworld/labels.tsv. No network is used; CI cannot run this
# (the snapshots are not there), so run it whenever detection changes.
set -euo pipefail
cd "$(dirname "$0")/.."
snap=${1:?usage: eval/realworld.sh SNAPSHOTS_DIR [--show fp,fn,unjudged] [--repo OWNER/NAME]}
shift
# outside this repository: a checkout inside a git work tree (target/) would
# have its own .gitignore files applied by the scan, as in a clone, and the
# labels were judged on the plain trees (a committed but ignored `.env`, a
# `database.php~` are leaks to find)
work=${REALWORLD_WORK:-${TMPDIR:-/tmp}/connleak-realworld}
cargo build --release --quiet
# both sets: the development set and the held-out one (`--set heldout`)
eval/realworld/checkout.sh "$snap" "$work"
eval/realworld/checkout.sh "$snap" "$work" eval/realworld/heldout-repos.tsv
python3 eval/realworld/realworld.py score "$work" --bin "$PWD/target/release/connleak" "$@"
