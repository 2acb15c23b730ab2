
using namespace System.Management.Automation
using namespace System.Management.Automation.Language

Register-ArgumentCompleter -Native -CommandName 'connleak' -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)

    $commandElements = $commandAst.CommandElements
    $command = @(
        'connleak'
        for ($i = 1; $i -lt $commandElements.Count; $i++) {
            $element = $commandElements[$i]
            if ($element -isnot [StringConstantExpressionAst] -or
                $element.StringConstantType -ne [StringConstantType]::BareWord -or
                $element.Value.StartsWith('-') -or
                $element.Value -eq $wordToComplete) {
                break
        }
        $element.Value
    }) -join ';'

    $completions = @(switch ($command) {
        'connleak' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('-V', '-V ', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('--version', '--version', [CompletionResultType]::ParameterName, 'Print version')
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Scan files and directories for embedded database credentials')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List the detection rules, or check a directory of rule files')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Print the full remediation for a finding (by fingerprint) or a rule')
            [CompletionResult]::new('fix', 'fix', [CompletionResultType]::ParameterValue, 'Rewrite connection strings to passwordless ones (a diff; --write applies it)')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'Merge JSON reports (one per repository or job) into one credential inventory')
            [CompletionResult]::new('baseline', 'baseline', [CompletionResultType]::ParameterValue, 'Record accepted findings so that only new ones fail (`create`, `update`)')
            [CompletionResult]::new('hook', 'hook', [CompletionResultType]::ParameterValue, 'Install connleak as the repository''s git pre-commit hook')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the effective configuration (`.connleak.toml`), or write a new one (`init`)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the shell completion script for SHELL on standard output')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'connleak;scan' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('--max-findings-per-file', '--max-findings-per-file', [CompletionResultType]::ParameterName, 'List at most N findings per file; the rest are counted, and the report names the file (0: list all)')
            [CompletionResult]::new('--repository-name', '--repository-name', [CompletionResultType]::ParameterName, 'The repository''s name in the report (what `merge` tells repositories apart by); default: the URL of its `origin` remote without credentials, else the folder''s name')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour in text output (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Skip paths matching GLOB (repeatable; gitignore syntax)')
            [CompletionResult]::new('--max-filesize', '--max-filesize', [CompletionResultType]::ParameterName, 'Skip files larger than SIZE (suffixes K, M, G)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Number of worker threads (0: one per core; at most 4 per core)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Number of worker threads (0: one per core; at most 4 per core)')
            [CompletionResult]::new('--stdin-filename', '--stdin-filename', [CompletionResultType]::ParameterName, 'The file name to report for standard input')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Load extra rules from a directory of rule files (repeatable)')
            [CompletionResult]::new('--branch', '--branch', [CompletionResultType]::ParameterName, 'With --history: only the history of REF (repeatable; a branch, tag or any revision)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'With --history: only commits after DATE (YYYY-MM-DD) or not reachable from REV')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this config file instead of discovering .connleak.toml')
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'Suppress the findings recorded in this baseline file')
            [CompletionResult]::new('--policy-from', '--policy-from', [CompletionResultType]::ParameterName, 'Read the config, baseline and rule files from the git tree at REF (e.g. the pull request''s base), not the working tree; report changes to them as `policy-changed` and list the inline allowances added since REF')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'The lowest severity that fails the run (default: the config''s, else low)')
            [CompletionResult]::new('--verify-timeout', '--verify-timeout', [CompletionResultType]::ParameterName, 'With --verify: give up on a credential''s attempt after SECS seconds')
            [CompletionResult]::new('--verify-concurrency', '--verify-concurrency', [CompletionResultType]::ParameterName, 'With --verify: at most N attempts at once against one host')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secrets in clear text (they are redacted by default)')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Print the full remediation steps, caveats and documentation under each finding')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but the report: no summary, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but the report: no summary, no warnings')
            [CompletionResult]::new('--no-ignore', '--no-ignore', [CompletionResultType]::ParameterName, 'Do not respect .gitignore, .ignore and similar files')
            [CompletionResult]::new('-L', '-L ', [CompletionResultType]::ParameterName, 'Follow symbolic links')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Follow symbolic links')
            [CompletionResult]::new('--history', '--history', [CompletionResultType]::ParameterName, 'Scan the full git history of the repositories given as PATHs: every blob reachable from any ref. A file:// URL is scanned from a temporary copy, removed afterwards; network URLs are refused (clone them bare first)')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'Show a progress bar on stderr even when it is not a terminal (it is shown on a terminal by default, never in CI)')
            [CompletionResult]::new('--staged', '--staged', [CompletionResultType]::ParameterName, 'Scan the staged (index) version of added and modified files')
            [CompletionResult]::new('--force-exclude', '--force-exclude', [CompletionResultType]::ParameterName, 'Apply exclude globs to paths named on the command line too')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no configuration file at all (defaults, plus the command line)')
            [CompletionResult]::new('--no-baseline', '--no-baseline', [CompletionResultType]::ParameterName, 'Read no baseline at all: every finding is reported')
            [CompletionResult]::new('--report-unused', '--report-unused', [CompletionResultType]::ParameterName, 'List baseline entries that matched no finding (on standard error)')
            [CompletionResult]::new('--include-suppressed', '--include-suppressed', [CompletionResultType]::ParameterName, 'Also list suppressed findings, with what suppressed them')
            [CompletionResult]::new('--exit-zero', '--exit-zero', [CompletionResultType]::ParameterName, 'Exit 0 even when findings fail the gate (report only)')
            [CompletionResult]::new('--verify', '--verify', [CompletionResultType]::ParameterName, 'Try each distinct credential''s login against the host named with it, then close (no query); see docs/verify.md')
            [CompletionResult]::new('--verify-private', '--verify-private', [CompletionResultType]::ParameterName, 'With --verify: also try hosts that resolve to loopback, private (RFC 1918, unique-local) or link-local addresses')
            [CompletionResult]::new('--only-verified', '--only-verified', [CompletionResultType]::ParameterName, 'With --verify: report only the findings whose server accepted the password')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'connleak;rules' {
            [CompletionResult]::new('--check', '--check', [CompletionResultType]::ParameterName, 'Check the rule files in DIR: ids, patterns, examples')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format for the listing')
            [CompletionResult]::new('--builtin', '--builtin', [CompletionResultType]::ParameterName, 'Also check the built-in rules')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'connleak;explain' {
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Skip paths matching GLOB (repeatable; gitignore syntax)')
            [CompletionResult]::new('--max-filesize', '--max-filesize', [CompletionResultType]::ParameterName, 'Skip files larger than SIZE (suffixes K, M, G)')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Load extra rules from a directory of rule files (repeatable)')
            [CompletionResult]::new('--no-ignore', '--no-ignore', [CompletionResultType]::ParameterName, 'Do not respect .gitignore, .ignore and similar files')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'connleak;fix' {
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Skip paths matching GLOB (repeatable; gitignore syntax)')
            [CompletionResult]::new('--max-filesize', '--max-filesize', [CompletionResultType]::ParameterName, 'Skip files larger than SIZE (suffixes K, M, G)')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Load extra rules from a directory of rule files (repeatable)')
            [CompletionResult]::new('--write', '--write', [CompletionResultType]::ParameterName, 'Apply the edits (without it, only the diff is printed)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secrets in clear text in the diff (they are redacted by default)')
            [CompletionResult]::new('--no-ignore', '--no-ignore', [CompletionResultType]::ParameterName, 'Do not respect .gitignore, .ignore and similar files')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'connleak;merge' {
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format of the merged report')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the merged report to FILE instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the merged report to FILE instead of standard output')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'connleak;baseline' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Scan and write every current finding to the baseline file')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Scan and drop the baseline entries that no longer match a finding')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'connleak;baseline;create' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'The reason recorded in new entries')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('--max-findings-per-file', '--max-findings-per-file', [CompletionResultType]::ParameterName, 'List at most N findings per file; the rest are counted, and the report names the file (0: list all)')
            [CompletionResult]::new('--repository-name', '--repository-name', [CompletionResultType]::ParameterName, 'The repository''s name in the report (what `merge` tells repositories apart by); default: the URL of its `origin` remote without credentials, else the folder''s name')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour in text output (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Skip paths matching GLOB (repeatable; gitignore syntax)')
            [CompletionResult]::new('--max-filesize', '--max-filesize', [CompletionResultType]::ParameterName, 'Skip files larger than SIZE (suffixes K, M, G)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Number of worker threads (0: one per core; at most 4 per core)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Number of worker threads (0: one per core; at most 4 per core)')
            [CompletionResult]::new('--stdin-filename', '--stdin-filename', [CompletionResultType]::ParameterName, 'The file name to report for standard input')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Load extra rules from a directory of rule files (repeatable)')
            [CompletionResult]::new('--branch', '--branch', [CompletionResultType]::ParameterName, 'With --history: only the history of REF (repeatable; a branch, tag or any revision)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'With --history: only commits after DATE (YYYY-MM-DD) or not reachable from REV')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this config file instead of discovering .connleak.toml')
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'Suppress the findings recorded in this baseline file')
            [CompletionResult]::new('--policy-from', '--policy-from', [CompletionResultType]::ParameterName, 'Read the config, baseline and rule files from the git tree at REF (e.g. the pull request''s base), not the working tree; report changes to them as `policy-changed` and list the inline allowances added since REF')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'The lowest severity that fails the run (default: the config''s, else low)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secrets in clear text (they are redacted by default)')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Print the full remediation steps, caveats and documentation under each finding')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but the report: no summary, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but the report: no summary, no warnings')
            [CompletionResult]::new('--no-ignore', '--no-ignore', [CompletionResultType]::ParameterName, 'Do not respect .gitignore, .ignore and similar files')
            [CompletionResult]::new('-L', '-L ', [CompletionResultType]::ParameterName, 'Follow symbolic links')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Follow symbolic links')
            [CompletionResult]::new('--history', '--history', [CompletionResultType]::ParameterName, 'Scan the full git history of the repositories given as PATHs: every blob reachable from any ref. A file:// URL is scanned from a temporary copy, removed afterwards; network URLs are refused (clone them bare first)')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'Show a progress bar on stderr even when it is not a terminal (it is shown on a terminal by default, never in CI)')
            [CompletionResult]::new('--staged', '--staged', [CompletionResultType]::ParameterName, 'Scan the staged (index) version of added and modified files')
            [CompletionResult]::new('--force-exclude', '--force-exclude', [CompletionResultType]::ParameterName, 'Apply exclude globs to paths named on the command line too')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no configuration file at all (defaults, plus the command line)')
            [CompletionResult]::new('--no-baseline', '--no-baseline', [CompletionResultType]::ParameterName, 'Read no baseline at all: every finding is reported')
            [CompletionResult]::new('--report-unused', '--report-unused', [CompletionResultType]::ParameterName, 'List baseline entries that matched no finding (on standard error)')
            [CompletionResult]::new('--include-suppressed', '--include-suppressed', [CompletionResultType]::ParameterName, 'Also list suppressed findings, with what suppressed them')
            [CompletionResult]::new('--exit-zero', '--exit-zero', [CompletionResultType]::ParameterName, 'Exit 0 even when findings fail the gate (report only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'connleak;baseline;update' {
            [CompletionResult]::new('--reason', '--reason', [CompletionResultType]::ParameterName, 'The reason recorded in new entries')
            [CompletionResult]::new('--format', '--format', [CompletionResultType]::ParameterName, 'Output format')
            [CompletionResult]::new('-o', '-o', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('--output', '--output', [CompletionResultType]::ParameterName, 'Write the report to FILE instead of standard output')
            [CompletionResult]::new('--max-findings-per-file', '--max-findings-per-file', [CompletionResultType]::ParameterName, 'List at most N findings per file; the rest are counted, and the report names the file (0: list all)')
            [CompletionResult]::new('--repository-name', '--repository-name', [CompletionResultType]::ParameterName, 'The repository''s name in the report (what `merge` tells repositories apart by); default: the URL of its `origin` remote without credentials, else the folder''s name')
            [CompletionResult]::new('--color', '--color', [CompletionResultType]::ParameterName, 'When to use colour in text output (NO_COLOR is honoured with auto)')
            [CompletionResult]::new('--exclude', '--exclude', [CompletionResultType]::ParameterName, 'Skip paths matching GLOB (repeatable; gitignore syntax)')
            [CompletionResult]::new('--max-filesize', '--max-filesize', [CompletionResultType]::ParameterName, 'Skip files larger than SIZE (suffixes K, M, G)')
            [CompletionResult]::new('-j', '-j', [CompletionResultType]::ParameterName, 'Number of worker threads (0: one per core; at most 4 per core)')
            [CompletionResult]::new('--threads', '--threads', [CompletionResultType]::ParameterName, 'Number of worker threads (0: one per core; at most 4 per core)')
            [CompletionResult]::new('--stdin-filename', '--stdin-filename', [CompletionResultType]::ParameterName, 'The file name to report for standard input')
            [CompletionResult]::new('--rules', '--rules', [CompletionResultType]::ParameterName, 'Load extra rules from a directory of rule files (repeatable)')
            [CompletionResult]::new('--branch', '--branch', [CompletionResultType]::ParameterName, 'With --history: only the history of REF (repeatable; a branch, tag or any revision)')
            [CompletionResult]::new('--since', '--since', [CompletionResultType]::ParameterName, 'With --history: only commits after DATE (YYYY-MM-DD) or not reachable from REV')
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this config file instead of discovering .connleak.toml')
            [CompletionResult]::new('--baseline', '--baseline', [CompletionResultType]::ParameterName, 'Suppress the findings recorded in this baseline file')
            [CompletionResult]::new('--policy-from', '--policy-from', [CompletionResultType]::ParameterName, 'Read the config, baseline and rule files from the git tree at REF (e.g. the pull request''s base), not the working tree; report changes to them as `policy-changed` and list the inline allowances added since REF')
            [CompletionResult]::new('--fail-on', '--fail-on', [CompletionResultType]::ParameterName, 'The lowest severity that fails the run (default: the config''s, else low)')
            [CompletionResult]::new('--show-secrets', '--show-secrets', [CompletionResultType]::ParameterName, 'Print secrets in clear text (they are redacted by default)')
            [CompletionResult]::new('--explain', '--explain', [CompletionResultType]::ParameterName, 'Print the full remediation steps, caveats and documentation under each finding')
            [CompletionResult]::new('-q', '-q', [CompletionResultType]::ParameterName, 'Print nothing but the report: no summary, no warnings')
            [CompletionResult]::new('--quiet', '--quiet', [CompletionResultType]::ParameterName, 'Print nothing but the report: no summary, no warnings')
            [CompletionResult]::new('--no-ignore', '--no-ignore', [CompletionResultType]::ParameterName, 'Do not respect .gitignore, .ignore and similar files')
            [CompletionResult]::new('-L', '-L ', [CompletionResultType]::ParameterName, 'Follow symbolic links')
            [CompletionResult]::new('--follow', '--follow', [CompletionResultType]::ParameterName, 'Follow symbolic links')
            [CompletionResult]::new('--history', '--history', [CompletionResultType]::ParameterName, 'Scan the full git history of the repositories given as PATHs: every blob reachable from any ref. A file:// URL is scanned from a temporary copy, removed afterwards; network URLs are refused (clone them bare first)')
            [CompletionResult]::new('--progress', '--progress', [CompletionResultType]::ParameterName, 'Show a progress bar on stderr even when it is not a terminal (it is shown on a terminal by default, never in CI)')
            [CompletionResult]::new('--staged', '--staged', [CompletionResultType]::ParameterName, 'Scan the staged (index) version of added and modified files')
            [CompletionResult]::new('--force-exclude', '--force-exclude', [CompletionResultType]::ParameterName, 'Apply exclude globs to paths named on the command line too')
            [CompletionResult]::new('--no-config', '--no-config', [CompletionResultType]::ParameterName, 'Read no configuration file at all (defaults, plus the command line)')
            [CompletionResult]::new('--no-baseline', '--no-baseline', [CompletionResultType]::ParameterName, 'Read no baseline at all: every finding is reported')
            [CompletionResult]::new('--report-unused', '--report-unused', [CompletionResultType]::ParameterName, 'List baseline entries that matched no finding (on standard error)')
            [CompletionResult]::new('--include-suppressed', '--include-suppressed', [CompletionResultType]::ParameterName, 'Also list suppressed findings, with what suppressed them')
            [CompletionResult]::new('--exit-zero', '--exit-zero', [CompletionResultType]::ParameterName, 'Exit 0 even when findings fail the gate (report only)')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help (see more with ''--help'')')
            break
        }
        'connleak;baseline;help' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Scan and write every current finding to the baseline file')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Scan and drop the baseline entries that no longer match a finding')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'connleak;baseline;help;create' {
            break
        }
        'connleak;baseline;help;update' {
            break
        }
        'connleak;baseline;help;help' {
            break
        }
        'connleak;hook' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Write .git/hooks/pre-commit running `connleak scan --staged`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'connleak;hook;install' {
            [CompletionResult]::new('--force', '--force', [CompletionResultType]::ParameterName, 'Replace an existing pre-commit hook')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'connleak;hook;help' {
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Write .git/hooks/pre-commit running `connleak scan --staged`')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'connleak;hook;help;install' {
            break
        }
        'connleak;hook;help;help' {
            break
        }
        'connleak;config' {
            [CompletionResult]::new('--config', '--config', [CompletionResultType]::ParameterName, 'Read this file instead of discovering .connleak.toml')
            [CompletionResult]::new('--dump', '--dump', [CompletionResultType]::ParameterName, 'Print the effective configuration as TOML')
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented .connleak.toml with every key and its default (never overwrites)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'connleak;config;init' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'connleak;config;help' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented .connleak.toml with every key and its default (never overwrites)')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'connleak;config;help;init' {
            break
        }
        'connleak;config;help;help' {
            break
        }
        'connleak;completions' {
            [CompletionResult]::new('-h', '-h', [CompletionResultType]::ParameterName, 'Print help')
            [CompletionResult]::new('--help', '--help', [CompletionResultType]::ParameterName, 'Print help')
            break
        }
        'connleak;help' {
            [CompletionResult]::new('scan', 'scan', [CompletionResultType]::ParameterValue, 'Scan files and directories for embedded database credentials')
            [CompletionResult]::new('rules', 'rules', [CompletionResultType]::ParameterValue, 'List the detection rules, or check a directory of rule files')
            [CompletionResult]::new('explain', 'explain', [CompletionResultType]::ParameterValue, 'Print the full remediation for a finding (by fingerprint) or a rule')
            [CompletionResult]::new('fix', 'fix', [CompletionResultType]::ParameterValue, 'Rewrite connection strings to passwordless ones (a diff; --write applies it)')
            [CompletionResult]::new('merge', 'merge', [CompletionResultType]::ParameterValue, 'Merge JSON reports (one per repository or job) into one credential inventory')
            [CompletionResult]::new('baseline', 'baseline', [CompletionResultType]::ParameterValue, 'Record accepted findings so that only new ones fail (`create`, `update`)')
            [CompletionResult]::new('hook', 'hook', [CompletionResultType]::ParameterValue, 'Install connleak as the repository''s git pre-commit hook')
            [CompletionResult]::new('config', 'config', [CompletionResultType]::ParameterValue, 'Show the effective configuration (`.connleak.toml`), or write a new one (`init`)')
            [CompletionResult]::new('completions', 'completions', [CompletionResultType]::ParameterValue, 'Print the shell completion script for SHELL on standard output')
            [CompletionResult]::new('help', 'help', [CompletionResultType]::ParameterValue, 'Print this message or the help of the given subcommand(s)')
            break
        }
        'connleak;help;scan' {
            break
        }
        'connleak;help;rules' {
            break
        }
        'connleak;help;explain' {
            break
        }
        'connleak;help;fix' {
            break
        }
        'connleak;help;merge' {
            break
        }
        'connleak;help;baseline' {
            [CompletionResult]::new('create', 'create', [CompletionResultType]::ParameterValue, 'Scan and write every current finding to the baseline file')
            [CompletionResult]::new('update', 'update', [CompletionResultType]::ParameterValue, 'Scan and drop the baseline entries that no longer match a finding')
            break
        }
        'connleak;help;baseline;create' {
            break
        }
        'connleak;help;baseline;update' {
            break
        }
        'connleak;help;hook' {
            [CompletionResult]::new('install', 'install', [CompletionResultType]::ParameterValue, 'Write .git/hooks/pre-commit running `connleak scan --staged`')
            break
        }
        'connleak;help;hook;install' {
            break
        }
        'connleak;help;config' {
            [CompletionResult]::new('init', 'init', [CompletionResultType]::ParameterValue, 'Write a commented .connleak.toml with every key and its default (never overwrites)')
            break
        }
        'connleak;help;config;init' {
            break
        }
        'connleak;help;completions' {
            break
        }
        'connleak;help;help' {
            break
        }
    })

    $completions.Where{ $_.CompletionText -like "$wordToComplete*" } |
        Sort-Object -Property ListItemText
}
