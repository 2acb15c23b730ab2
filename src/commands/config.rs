//! `connleak config`: where the configuration comes from, and with
//! `--dump` the effective settings.

use crate::cli::ConfigArgs;
use crate::config;
use anyhow::Result;

pub fn run(args: &ConfigArgs) -> Result<u8> {
    let loaded = config::load(args.config.as_deref(), &args.path)?;
    if args.dump {
        print!("{}", loaded.dump()?);
    } else {
        match &loaded.path {
            Some(p) => println!("{}", p.display()),
            None => println!("no {} found", config::FILE_NAME),
        }
    }
    Ok(0)
}
