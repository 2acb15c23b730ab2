//! `connleak hook install`: a plain git pre-commit hook that runs
//! `connleak scan --staged`.

use crate::cli::HookInstallArgs;
use anyhow::{bail, Context, Result};
use connleak_report::escape_control;
use std::path::Path;

/// Quote a path for a POSIX shell script.
fn sh_quote(s: &str) -> String {
    format!("'{}'", s.replace('\'', r"'\''"))
}

pub fn install(args: &HookInstallArgs) -> Result<u8> {
    let (dir, hooks_path) = connleak_git::staged::hooks_dir(Path::new("."))?;
    let hook = dir.join("pre-commit");
    if hook.exists() && !args.force {
        bail!(
            "{} already exists: use --force to replace it (or call `connleak scan --staged` from it)",
            hook.display()
        );
    }
    std::fs::create_dir_all(&dir).with_context(|| format!("creating {}", dir.display()))?;
    let exe = std::env::current_exe()
        .ok()
        .map(|p| sh_quote(&p.to_string_lossy()));
    let fallback = match exe {
        Some(e) => format!("exec {e} scan --staged\n"),
        None => "echo 'connleak: not found on PATH' >&2\nexit 1\n".to_string(),
    };
    let script = format!(
        "#!/bin/sh\n\
         # Installed by `connleak hook install`: scan what is about to be committed.\n\
         # Skip once with `git commit --no-verify`.\n\
         if command -v connleak >/dev/null 2>&1; then\n  exec connleak scan --staged\nfi\n{fallback}"
    );
    std::fs::write(&hook, script).with_context(|| format!("writing {}", hook.display()))?;
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&hook, std::fs::Permissions::from_mode(0o755))
            .with_context(|| format!("making {} executable", hook.display()))?;
    }
    eprintln!("connleak: installed {}", hook.display());
    if let Some(p) = hooks_path {
        eprintln!(
            "connleak: warning: core.hooksPath is set ({}): git runs the hooks there, not this one; \
             call `connleak scan --staged` from the pre-commit hook in that directory",
            escape_control(&p)
        );
    }
    Ok(0)
}
