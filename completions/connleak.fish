# Print an optspec for argparse to handle cmd's options that are independent of any subcommand.
function __fish_connleak_global_optspecs
    string join \n h/help V/version
end

function __fish_connleak_needs_command
    # Figure out if the current invocation already has a command.
    set -l cmd (commandline -opc)
    set -e cmd[1]
    argparse -s (__fish_connleak_global_optspecs) -- $cmd 2>/dev/null
    or return
    if set -q argv[1]
        # Also print the command, so this can be used to figure out what it is.
        echo $argv[1]
        return 1
    end
    return 0
end

function __fish_connleak_using_subcommand
    set -l cmd (__fish_connleak_needs_command)
    test -z "$cmd"
    and return 1
    contains -- $cmd[1] $argv
end

complete -c connleak -n "__fish_connleak_needs_command" -s h -l help -d 'Print help'
complete -c connleak -n "__fish_connleak_needs_command" -s V -l version -d 'Print version'
complete -c connleak -n "__fish_connleak_needs_command" -f -a "scan" -d 'Scan files and directories for embedded database credentials'
complete -c connleak -n "__fish_connleak_needs_command" -f -a "rules" -d 'List the detection rules, or check a directory of rule files'
complete -c connleak -n "__fish_connleak_needs_command" -f -a "explain" -d 'Print the full remediation for a finding (by fingerprint) or a rule'
complete -c connleak -n "__fish_connleak_needs_command" -f -a "fix" -d 'Rewrite connection strings to passwordless ones (a diff; --write applies it)'
complete -c connleak -n "__fish_connleak_needs_command" -f -a "merge" -d 'Merge JSON reports (one per repository or job) into one credential inventory'
complete -c connleak -n "__fish_connleak_needs_command" -f -a "baseline" -d 'Record accepted findings so that only new ones fail (`create`, `update`)'
complete -c connleak -n "__fish_connleak_needs_command" -f -a "hook" -d 'Install connleak as the repository\'s git pre-commit hook'
complete -c connleak -n "__fish_connleak_needs_command" -f -a "config" -d 'Show the effective configuration (`.connleak.toml`), or write a new one (`init`)'
complete -c connleak -n "__fish_connleak_needs_command" -f -a "completions" -d 'Print the shell completion script for SHELL on standard output'
complete -c connleak -n "__fish_connleak_needs_command" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l format -d 'Output format' -r -f -a "text\t'human-readable, one finding per block'
json\t'one JSON document with findings, errors and a summary'
jsonl\t'JSON Lines: one finding per line (log pipelines)'
sarif\t'SARIF 2.1.0 for code-scanning tools'
html\t'one self-contained HTML audit report (inventory, locations, remediation)'
github\t'GitHub Actions workflow commands (annotations on the pull request)'
junit\t'JUnit XML for test tabs (Azure DevOps, GitLab, Jenkins)'"
complete -c connleak -n "__fish_connleak_using_subcommand scan" -s o -l output -d 'Write the report to FILE instead of standard output' -r -F
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l max-findings-per-file -d 'List at most N findings per file; the rest are counted, and the report names the file (0: list all)' -r
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l repository-name -d 'The repository\'s name in the report (what `merge` tells repositories apart by); default: the URL of its `origin` remote without credentials, else the folder\'s name' -r
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l color -d 'When to use colour in text output (NO_COLOR is honoured with auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l exclude -d 'Skip paths matching GLOB (repeatable; gitignore syntax)' -r
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l max-filesize -d 'Skip files larger than SIZE (suffixes K, M, G)' -r
complete -c connleak -n "__fish_connleak_using_subcommand scan" -s j -l threads -d 'Number of worker threads (0: one per core; at most 4 per core)' -r
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l stdin-filename -d 'The file name to report for standard input' -r
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l rules -d 'Load extra rules from a directory of rule files (repeatable)' -r -F
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l branch -d 'With --history: only the history of REF (repeatable; a branch, tag or any revision)' -r
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l since -d 'With --history: only commits after DATE (YYYY-MM-DD) or not reachable from REV' -r
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l config -d 'Read this config file instead of discovering .connleak.toml' -r -F
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l baseline -d 'Suppress the findings recorded in this baseline file' -r -F
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l policy-from -d 'Read the config, baseline and rule files from the git tree at REF (e.g. the pull request\'s base), not the working tree; report changes to them as `policy-changed` and list the inline allowances added since REF' -r
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l fail-on -d 'The lowest severity that fails the run (default: the config\'s, else low)' -r -f -a "low\t''
medium\t''
high\t''"
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l verify-timeout -d 'With --verify: give up on a credential\'s attempt after SECS seconds' -r
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l verify-concurrency -d 'With --verify: at most N attempts at once against one host' -r
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l show-secrets -d 'Print secrets in clear text (they are redacted by default)'
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l explain -d 'Print the full remediation steps, caveats and documentation under each finding'
complete -c connleak -n "__fish_connleak_using_subcommand scan" -s q -l quiet -d 'Print nothing but the report: no summary, no warnings'
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l no-ignore -d 'Do not respect .gitignore, .ignore and similar files'
complete -c connleak -n "__fish_connleak_using_subcommand scan" -s L -l follow -d 'Follow symbolic links'
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l history -d 'Scan the full git history of the repositories given as PATHs: every blob reachable from any ref. A file:// URL is scanned from a temporary copy, removed afterwards; network URLs are refused (clone them bare first)'
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l progress -d 'Show a progress bar on stderr even when it is not a terminal (it is shown on a terminal by default, never in CI)'
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l staged -d 'Scan the staged (index) version of added and modified files'
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l force-exclude -d 'Apply exclude globs to paths named on the command line too'
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l no-config -d 'Read no configuration file at all (defaults, plus the command line)'
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l no-baseline -d 'Read no baseline at all: every finding is reported'
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l report-unused -d 'List baseline entries that matched no finding (on standard error)'
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l include-suppressed -d 'Also list suppressed findings, with what suppressed them'
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l exit-zero -d 'Exit 0 even when findings fail the gate (report only)'
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l verify -d 'Try each distinct credential\'s login against the host named with it, then close (no query); see docs/verify.md'
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l verify-private -d 'With --verify: also try hosts that resolve to loopback, private (RFC 1918, unique-local) or link-local addresses'
complete -c connleak -n "__fish_connleak_using_subcommand scan" -l only-verified -d 'With --verify: report only the findings whose server accepted the password'
complete -c connleak -n "__fish_connleak_using_subcommand scan" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c connleak -n "__fish_connleak_using_subcommand rules" -l check -d 'Check the rule files in DIR: ids, patterns, examples' -r -F
complete -c connleak -n "__fish_connleak_using_subcommand rules" -l format -d 'Output format for the listing' -r -f -a "text\t'one rule per line'
json\t'a JSON array of rules'
markdown\t'the rule reference in Markdown (docs/rules.md is this output)'"
complete -c connleak -n "__fish_connleak_using_subcommand rules" -l builtin -d 'Also check the built-in rules'
complete -c connleak -n "__fish_connleak_using_subcommand rules" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c connleak -n "__fish_connleak_using_subcommand explain" -l exclude -d 'Skip paths matching GLOB (repeatable; gitignore syntax)' -r
complete -c connleak -n "__fish_connleak_using_subcommand explain" -l max-filesize -d 'Skip files larger than SIZE (suffixes K, M, G)' -r
complete -c connleak -n "__fish_connleak_using_subcommand explain" -l rules -d 'Load extra rules from a directory of rule files (repeatable)' -r -F
complete -c connleak -n "__fish_connleak_using_subcommand explain" -l no-ignore -d 'Do not respect .gitignore, .ignore and similar files'
complete -c connleak -n "__fish_connleak_using_subcommand explain" -s h -l help -d 'Print help'
complete -c connleak -n "__fish_connleak_using_subcommand fix" -l exclude -d 'Skip paths matching GLOB (repeatable; gitignore syntax)' -r
complete -c connleak -n "__fish_connleak_using_subcommand fix" -l max-filesize -d 'Skip files larger than SIZE (suffixes K, M, G)' -r
complete -c connleak -n "__fish_connleak_using_subcommand fix" -l rules -d 'Load extra rules from a directory of rule files (repeatable)' -r -F
complete -c connleak -n "__fish_connleak_using_subcommand fix" -l write -d 'Apply the edits (without it, only the diff is printed)'
complete -c connleak -n "__fish_connleak_using_subcommand fix" -l show-secrets -d 'Print secrets in clear text in the diff (they are redacted by default)'
complete -c connleak -n "__fish_connleak_using_subcommand fix" -l no-ignore -d 'Do not respect .gitignore, .ignore and similar files'
complete -c connleak -n "__fish_connleak_using_subcommand fix" -s h -l help -d 'Print help'
complete -c connleak -n "__fish_connleak_using_subcommand merge" -l format -d 'Output format of the merged report' -r -f -a "text\t'human-readable, one finding per block'
json\t'one JSON document with findings, errors and a summary'
jsonl\t'JSON Lines: one finding per line (log pipelines)'
sarif\t'SARIF 2.1.0 for code-scanning tools'
html\t'one self-contained HTML audit report (inventory, locations, remediation)'
github\t'GitHub Actions workflow commands (annotations on the pull request)'
junit\t'JUnit XML for test tabs (Azure DevOps, GitLab, Jenkins)'"
complete -c connleak -n "__fish_connleak_using_subcommand merge" -s o -l output -d 'Write the merged report to FILE instead of standard output' -r -F
complete -c connleak -n "__fish_connleak_using_subcommand merge" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and not __fish_seen_subcommand_from create update help" -s h -l help -d 'Print help'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and not __fish_seen_subcommand_from create update help" -f -a "create" -d 'Scan and write every current finding to the baseline file'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and not __fish_seen_subcommand_from create update help" -f -a "update" -d 'Scan and drop the baseline entries that no longer match a finding'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and not __fish_seen_subcommand_from create update help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -l reason -d 'The reason recorded in new entries' -r
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -l format -d 'Output format' -r -f -a "text\t'human-readable, one finding per block'
json\t'one JSON document with findings, errors and a summary'
jsonl\t'JSON Lines: one finding per line (log pipelines)'
sarif\t'SARIF 2.1.0 for code-scanning tools'
html\t'one self-contained HTML audit report (inventory, locations, remediation)'
github\t'GitHub Actions workflow commands (annotations on the pull request)'
junit\t'JUnit XML for test tabs (Azure DevOps, GitLab, Jenkins)'"
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -s o -l output -d 'Write the report to FILE instead of standard output' -r -F
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -l max-findings-per-file -d 'List at most N findings per file; the rest are counted, and the report names the file (0: list all)' -r
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -l repository-name -d 'The repository\'s name in the report (what `merge` tells repositories apart by); default: the URL of its `origin` remote without credentials, else the folder\'s name' -r
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -l color -d 'When to use colour in text output (NO_COLOR is honoured with auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -l exclude -d 'Skip paths matching GLOB (repeatable; gitignore syntax)' -r
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -l max-filesize -d 'Skip files larger than SIZE (suffixes K, M, G)' -r
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -s j -l threads -d 'Number of worker threads (0: one per core; at most 4 per core)' -r
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -l stdin-filename -d 'The file name to report for standard input' -r
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -l rules -d 'Load extra rules from a directory of rule files (repeatable)' -r -F
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -l branch -d 'With --history: only the history of REF (repeatable; a branch, tag or any revision)' -r
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -l since -d 'With --history: only commits after DATE (YYYY-MM-DD) or not reachable from REV' -r
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -l config -d 'Read this config file instead of discovering .connleak.toml' -r -F
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -l baseline -d 'Suppress the findings recorded in this baseline file' -r -F
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -l policy-from -d 'Read the config, baseline and rule files from the git tree at REF (e.g. the pull request\'s base), not the working tree; report changes to them as `policy-changed` and list the inline allowances added since REF' -r
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -l fail-on -d 'The lowest severity that fails the run (default: the config\'s, else low)' -r -f -a "low\t''
medium\t''
high\t''"
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -l show-secrets -d 'Print secrets in clear text (they are redacted by default)'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -l explain -d 'Print the full remediation steps, caveats and documentation under each finding'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -s q -l quiet -d 'Print nothing but the report: no summary, no warnings'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -l no-ignore -d 'Do not respect .gitignore, .ignore and similar files'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -s L -l follow -d 'Follow symbolic links'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -l history -d 'Scan the full git history of the repositories given as PATHs: every blob reachable from any ref. A file:// URL is scanned from a temporary copy, removed afterwards; network URLs are refused (clone them bare first)'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -l progress -d 'Show a progress bar on stderr even when it is not a terminal (it is shown on a terminal by default, never in CI)'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -l staged -d 'Scan the staged (index) version of added and modified files'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -l force-exclude -d 'Apply exclude globs to paths named on the command line too'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -l no-config -d 'Read no configuration file at all (defaults, plus the command line)'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -l no-baseline -d 'Read no baseline at all: every finding is reported'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -l report-unused -d 'List baseline entries that matched no finding (on standard error)'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -l include-suppressed -d 'Also list suppressed findings, with what suppressed them'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -l exit-zero -d 'Exit 0 even when findings fail the gate (report only)'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from create" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -l reason -d 'The reason recorded in new entries' -r
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -l format -d 'Output format' -r -f -a "text\t'human-readable, one finding per block'
json\t'one JSON document with findings, errors and a summary'
jsonl\t'JSON Lines: one finding per line (log pipelines)'
sarif\t'SARIF 2.1.0 for code-scanning tools'
html\t'one self-contained HTML audit report (inventory, locations, remediation)'
github\t'GitHub Actions workflow commands (annotations on the pull request)'
junit\t'JUnit XML for test tabs (Azure DevOps, GitLab, Jenkins)'"
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -s o -l output -d 'Write the report to FILE instead of standard output' -r -F
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -l max-findings-per-file -d 'List at most N findings per file; the rest are counted, and the report names the file (0: list all)' -r
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -l repository-name -d 'The repository\'s name in the report (what `merge` tells repositories apart by); default: the URL of its `origin` remote without credentials, else the folder\'s name' -r
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -l color -d 'When to use colour in text output (NO_COLOR is honoured with auto)' -r -f -a "auto\t''
always\t''
never\t''"
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -l exclude -d 'Skip paths matching GLOB (repeatable; gitignore syntax)' -r
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -l max-filesize -d 'Skip files larger than SIZE (suffixes K, M, G)' -r
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -s j -l threads -d 'Number of worker threads (0: one per core; at most 4 per core)' -r
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -l stdin-filename -d 'The file name to report for standard input' -r
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -l rules -d 'Load extra rules from a directory of rule files (repeatable)' -r -F
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -l branch -d 'With --history: only the history of REF (repeatable; a branch, tag or any revision)' -r
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -l since -d 'With --history: only commits after DATE (YYYY-MM-DD) or not reachable from REV' -r
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -l config -d 'Read this config file instead of discovering .connleak.toml' -r -F
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -l baseline -d 'Suppress the findings recorded in this baseline file' -r -F
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -l policy-from -d 'Read the config, baseline and rule files from the git tree at REF (e.g. the pull request\'s base), not the working tree; report changes to them as `policy-changed` and list the inline allowances added since REF' -r
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -l fail-on -d 'The lowest severity that fails the run (default: the config\'s, else low)' -r -f -a "low\t''
medium\t''
high\t''"
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -l show-secrets -d 'Print secrets in clear text (they are redacted by default)'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -l explain -d 'Print the full remediation steps, caveats and documentation under each finding'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -s q -l quiet -d 'Print nothing but the report: no summary, no warnings'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -l no-ignore -d 'Do not respect .gitignore, .ignore and similar files'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -s L -l follow -d 'Follow symbolic links'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -l history -d 'Scan the full git history of the repositories given as PATHs: every blob reachable from any ref. A file:// URL is scanned from a temporary copy, removed afterwards; network URLs are refused (clone them bare first)'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -l progress -d 'Show a progress bar on stderr even when it is not a terminal (it is shown on a terminal by default, never in CI)'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -l staged -d 'Scan the staged (index) version of added and modified files'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -l force-exclude -d 'Apply exclude globs to paths named on the command line too'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -l no-config -d 'Read no configuration file at all (defaults, plus the command line)'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -l no-baseline -d 'Read no baseline at all: every finding is reported'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -l report-unused -d 'List baseline entries that matched no finding (on standard error)'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -l include-suppressed -d 'Also list suppressed findings, with what suppressed them'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -l exit-zero -d 'Exit 0 even when findings fail the gate (report only)'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from update" -s h -l help -d 'Print help (see more with \'--help\')'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from help" -f -a "create" -d 'Scan and write every current finding to the baseline file'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from help" -f -a "update" -d 'Scan and drop the baseline entries that no longer match a finding'
complete -c connleak -n "__fish_connleak_using_subcommand baseline; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c connleak -n "__fish_connleak_using_subcommand hook; and not __fish_seen_subcommand_from install help" -s h -l help -d 'Print help'
complete -c connleak -n "__fish_connleak_using_subcommand hook; and not __fish_seen_subcommand_from install help" -f -a "install" -d 'Write .git/hooks/pre-commit running `connleak scan --staged`'
complete -c connleak -n "__fish_connleak_using_subcommand hook; and not __fish_seen_subcommand_from install help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c connleak -n "__fish_connleak_using_subcommand hook; and __fish_seen_subcommand_from install" -l force -d 'Replace an existing pre-commit hook'
complete -c connleak -n "__fish_connleak_using_subcommand hook; and __fish_seen_subcommand_from install" -s h -l help -d 'Print help'
complete -c connleak -n "__fish_connleak_using_subcommand hook; and __fish_seen_subcommand_from help" -f -a "install" -d 'Write .git/hooks/pre-commit running `connleak scan --staged`'
complete -c connleak -n "__fish_connleak_using_subcommand hook; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c connleak -n "__fish_connleak_using_subcommand config; and not __fish_seen_subcommand_from init help" -l config -d 'Read this file instead of discovering .connleak.toml' -r -F
complete -c connleak -n "__fish_connleak_using_subcommand config; and not __fish_seen_subcommand_from init help" -l dump -d 'Print the effective configuration as TOML'
complete -c connleak -n "__fish_connleak_using_subcommand config; and not __fish_seen_subcommand_from init help" -s h -l help -d 'Print help'
complete -c connleak -n "__fish_connleak_using_subcommand config; and not __fish_seen_subcommand_from init help" -a "init" -d 'Write a commented .connleak.toml with every key and its default (never overwrites)'
complete -c connleak -n "__fish_connleak_using_subcommand config; and not __fish_seen_subcommand_from init help" -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c connleak -n "__fish_connleak_using_subcommand config; and __fish_seen_subcommand_from init" -s h -l help -d 'Print help'
complete -c connleak -n "__fish_connleak_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "init" -d 'Write a commented .connleak.toml with every key and its default (never overwrites)'
complete -c connleak -n "__fish_connleak_using_subcommand config; and __fish_seen_subcommand_from help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c connleak -n "__fish_connleak_using_subcommand completions" -s h -l help -d 'Print help'
complete -c connleak -n "__fish_connleak_using_subcommand help; and not __fish_seen_subcommand_from scan rules explain fix merge baseline hook config completions help" -f -a "scan" -d 'Scan files and directories for embedded database credentials'
complete -c connleak -n "__fish_connleak_using_subcommand help; and not __fish_seen_subcommand_from scan rules explain fix merge baseline hook config completions help" -f -a "rules" -d 'List the detection rules, or check a directory of rule files'
complete -c connleak -n "__fish_connleak_using_subcommand help; and not __fish_seen_subcommand_from scan rules explain fix merge baseline hook config completions help" -f -a "explain" -d 'Print the full remediation for a finding (by fingerprint) or a rule'
complete -c connleak -n "__fish_connleak_using_subcommand help; and not __fish_seen_subcommand_from scan rules explain fix merge baseline hook config completions help" -f -a "fix" -d 'Rewrite connection strings to passwordless ones (a diff; --write applies it)'
complete -c connleak -n "__fish_connleak_using_subcommand help; and not __fish_seen_subcommand_from scan rules explain fix merge baseline hook config completions help" -f -a "merge" -d 'Merge JSON reports (one per repository or job) into one credential inventory'
complete -c connleak -n "__fish_connleak_using_subcommand help; and not __fish_seen_subcommand_from scan rules explain fix merge baseline hook config completions help" -f -a "baseline" -d 'Record accepted findings so that only new ones fail (`create`, `update`)'
complete -c connleak -n "__fish_connleak_using_subcommand help; and not __fish_seen_subcommand_from scan rules explain fix merge baseline hook config completions help" -f -a "hook" -d 'Install connleak as the repository\'s git pre-commit hook'
complete -c connleak -n "__fish_connleak_using_subcommand help; and not __fish_seen_subcommand_from scan rules explain fix merge baseline hook config completions help" -f -a "config" -d 'Show the effective configuration (`.connleak.toml`), or write a new one (`init`)'
complete -c connleak -n "__fish_connleak_using_subcommand help; and not __fish_seen_subcommand_from scan rules explain fix merge baseline hook config completions help" -f -a "completions" -d 'Print the shell completion script for SHELL on standard output'
complete -c connleak -n "__fish_connleak_using_subcommand help; and not __fish_seen_subcommand_from scan rules explain fix merge baseline hook config completions help" -f -a "help" -d 'Print this message or the help of the given subcommand(s)'
complete -c connleak -n "__fish_connleak_using_subcommand help; and __fish_seen_subcommand_from baseline" -f -a "create" -d 'Scan and write every current finding to the baseline file'
complete -c connleak -n "__fish_connleak_using_subcommand help; and __fish_seen_subcommand_from baseline" -f -a "update" -d 'Scan and drop the baseline entries that no longer match a finding'
complete -c connleak -n "__fish_connleak_using_subcommand help; and __fish_seen_subcommand_from hook" -f -a "install" -d 'Write .git/hooks/pre-commit running `connleak scan --staged`'
complete -c connleak -n "__fish_connleak_using_subcommand help; and __fish_seen_subcommand_from config" -f -a "init" -d 'Write a commented .connleak.toml with every key and its default (never overwrites)'
