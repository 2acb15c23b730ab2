#!/usr/bin/env python3
"""Score connleak on hand-judged public repositories, and pool lines for judging.

    realworld.py score WORK_DIR [--bin PATH] [--show fp,fn,unjudged] [--repo R]
    realworld.py pool  WORK_DIR --repo OWNER/NAME [--bin PATH]

WORK_DIR holds one work tree per repository (`owner+name`, made by
checkout.sh). Labels are in labels.tsv beside this file:
`repo<TAB>path<TAB>line<TAB>label<TAB>note`, label one of leak, clean, either.

Scoring follows the judging policy in eval/README.md: findings deduplicated by
(path, line); `either` rows count neither way; a finding on a line nobody
judged counts as a false positive until it is judged.

`pool` prints every line that connleak or the broad recall-oriented search
reports and that has no label yet, for a person to judge.
"""
import argparse
import collections
import json
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(os.path.dirname(HERE))
LABELS = ("leak", "clean", "either")
# (repositories, labels) of each set, beside this file
SETS = {"dev": ("repos.tsv", "labels.tsv"), "heldout": ("heldout-repos.tsv", "heldout-labels.tsv")}

# The broad search: recall-oriented, judged by hand. Case-insensitive ripgrep
# patterns; each names what it looks for.
BROAD = [
    ("pw-key", r"(pass(word|wd)?|pwd|passphrase|secret)[\w.\-]*[\x22']?\s*(=|:|=>|,)\s*[\x22'`]?[^\s\x22'`]"),
    ("pw-arg", r"(password|passwd|pwd)\s*\(\s*[\x22']"),
    ("userinfo", r"[a-z][a-z0-9+.\-]*://[^/\s:@\x22'<>]+:[^@\s/\x22'<>]+@"),
    ("account-key", r"(accountkey|access[_-]?key|primary[_-]?key|authkey)\s*[=:]"),
    ("sql", r"(identified\s+by|with\s+password|\bpassword\s+'|@rmtpassword|@password\s*=)"),
    ("cli", r"\b(sqlcmd|bcp|osql|mysql|mysqldump|mysqladmin|mariadb|psql|pg_dump|pg_restore|mongo|mongosh|mongodump|redis-cli|invoke-sqlcmd)\b.*(\s-P\s*\S|\s-p\S|--password|\s-a\s+\S|-Password\s)"),
    ("securestring", r"convertto-securestring"),
    ("xml-password", r"<\s*(password|pwd)\s*>"),
    ("requirepass", r"\b(requirepass|masterauth)\b"),
    ("compose-secret-file", r"^\s*file:\s*\S*(pass|pwd|secret)"),
]


def read_tsv(path):
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, raw in enumerate(f, 1):
            line = raw.rstrip("\n")
            if not line or line.startswith("#"):
                continue
            rows.append((n, line.split("\t")))
    return rows


def load_repos(name="repos.tsv"):
    repos = collections.OrderedDict()
    for n, cols in read_tsv(os.path.join(HERE, name)):
        if cols[0] == "repo":
            continue
        if len(cols) < 2:
            sys.exit(f"repos.tsv:{n}: expected repo<TAB>commit<TAB>...")
        repos[cols[0]] = cols
    return repos


def load_labels(name="labels.tsv"):
    labels = {}
    for n, cols in read_tsv(os.path.join(HERE, name)):
        if cols[0] == "repo":
            continue
        if len(cols) < 4 or cols[3] not in LABELS or not cols[2].isdigit():
            sys.exit(f"labels.tsv:{n}: expected repo<TAB>path<TAB>line<TAB>leak|clean|either<TAB>note")
        key = (cols[0], cols[1], int(cols[2]))
        if key in labels and labels[key] != cols[3]:
            sys.exit(f"labels.tsv:{n}: {key} labelled both {labels[key]} and {cols[3]}")
        labels[key] = cols[3]
    return labels


def tree(work, repo):
    return os.path.join(work, repo.replace("/", "+"))


def connleak_lines(binary, work, repo):
    """(path, line) -> [rule, severity, kind] of connleak's findings in one tree."""
    root = tree(work, repo)
    proc = subprocess.run(
        [binary, "scan", "--format", "json", "-q", "--exit-zero", "--no-config", "."],
        cwd=root, capture_output=True)
    if proc.returncode not in (0, 1):
        # Older builds have no --no-config.
        proc = subprocess.run([binary, "scan", "--format", "json", "-q", "--exit-zero", "."],
                              cwd=root, capture_output=True)
    if proc.returncode not in (0, 1):
        sys.exit(f"{repo}: connleak exited {proc.returncode}: {proc.stderr.decode(errors='replace')[:500]}")
    report = json.loads(proc.stdout)
    out = {}
    for f in report["findings"]:
        path = f["path"][2:] if f["path"].startswith("./") else f["path"]
        out.setdefault((path, f["line"]), []).append(f"{f['rule']}/{f['severity']}")
    return out


def score(args):
    repos = load_repos(SETS[args.set][0])
    labels = load_labels(SETS[args.set][1])
    selected = [r for r in repos if not args.repo or r in args.repo]
    show = set(filter(None, (args.show or "").split(",")))
    totals = collections.Counter()
    rows = []
    for repo in selected:
        if not os.path.isdir(tree(args.work, repo)):
            print(f"skip {repo}: no work tree (run checkout.sh)", file=sys.stderr)
            continue
        found = connleak_lines(args.bin, args.work, repo)
        leaks = {(p, l) for (r, p, l), lab in labels.items() if r == repo and lab == "leak"}
        c = collections.Counter(leaks=len(leaks))
        for key, rules in sorted(found.items()):
            lab = labels.get((repo,) + key)
            if lab == "leak":
                c["tp"] += 1
            elif lab == "either":
                c["either"] += 1
            elif lab == "clean":
                c["fp"] += 1
                if "fp" in show:
                    print(f"FP  {repo} {key[0]}:{key[1]} {','.join(rules)}")
            else:
                c["fp"] += 1
                c["unjudged"] += 1
                if "unjudged" in show or "fp" in show:
                    print(f"NEW {repo} {key[0]}:{key[1]} {','.join(rules)}")
        for key in sorted(leaks - set(found)):
            c["fn"] += 1
            if "fn" in show:
                print(f"FN  {repo} {key[0]}:{key[1]}")
        totals.update(c)
        rows.append((repo, c))
    print()
    print("| repository | leaks | found | false alarms | precision | recall |")
    print("|---|---:|---:|---:|---:|---:|")
    for repo, c in rows + [("**pooled**", totals)]:
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        r = c["tp"] / c["leaks"] if c["leaks"] else 1.0
        extra = f" ({c['unjudged']} unjudged)" if c["unjudged"] else ""
        print(f"| {repo} | {c['leaks']} | {c['tp']} | {c['fp']}{extra} | {p:.2f} | {r:.2f} |")
    return 0


def pool(args):
    labels = load_labels(SETS[args.set][1])
    repo = args.repo[0]
    root = tree(args.work, repo)
    hits = collections.OrderedDict()
    for key, rules in connleak_lines(args.bin, args.work, repo).items():
        hits.setdefault(key, set()).add("connleak:" + ",".join(rules))
    for name, pattern in BROAD:
        proc = subprocess.run(
            ["rg", "-n", "-i", "-uu", "--no-heading", "-M", "600", "-g", "!.git", "-e", pattern, "."],
            cwd=root, capture_output=True)
        if proc.returncode > 1:
            sys.exit(f"rg failed on pattern {name}: {proc.stderr.decode(errors='replace')[:300]}")
        for raw in proc.stdout.decode("utf-8", errors="replace").splitlines():
            path, _, rest = raw.partition(":")
            num, _, _text = rest.partition(":")
            if not num.isdigit():
                continue
            path = path[2:] if path.startswith("./") else path
            hits.setdefault((path, int(num)), set()).add(name)
    todo = [(k, v) for k, v in hits.items() if (repo,) + k not in labels]
    for (path, line), why in sorted(todo):
        print(f"{repo}\t{path}\t{line}\t{'+'.join(sorted(why))}")
    print(f"{len(todo)} unjudged of {len(hits)} pooled lines", file=sys.stderr)
    return 0


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("command", choices=["score", "pool"])
    ap.add_argument("work")
    ap.add_argument("--bin", default=os.path.join(ROOT, "target", "release", "connleak"))
    ap.add_argument("--repo", action="append")
    ap.add_argument("--set", choices=sorted(SETS), default="dev",
                    help="dev: the set the rules were tuned on; heldout: repositories judged "
                         "once, blind, after the tuning (their first figures are in docs/evaluation.md)")
    ap.add_argument("--show", help="comma-separated: fp, fn, unjudged")
    args = ap.parse_args()
    return score(args) if args.command == "score" else pool(args)


if __name__ == "__main__":
    sys.exit(main())
