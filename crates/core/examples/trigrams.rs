//! Regenerates `src/rules/trigrams.txt`, the table the anchor choice uses
//! (see `rules::anchors`): how often each printable byte trigram occurs per
//! MB of lower-cased source code, the 4,096 most common, most common first.
//!
//! cargo run --release -p connleak-core --example trigrams -- DIR... > crates/core/src/rules/trigrams.txt
//!
//! Files of 4 MB or more, files with a NUL byte in their first 8 KiB and
//! `.git` directories are passed over; symbolic links are not followed.

use std::io::Write;
use std::path::Path;

fn count(path: &Path, counts: &mut [u32], total: &mut u64) {
    let Ok(meta) = std::fs::symlink_metadata(path) else {
        return;
    };
    if meta.is_dir() {
        let Ok(entries) = std::fs::read_dir(path) else {
            return;
        };
        for e in entries.flatten() {
            if e.file_name() != ".git" {
                count(&e.path(), counts, total);
            }
        }
    } else if meta.is_file() && meta.len() < 4 << 20 {
        let Ok(bytes) = std::fs::read(path) else {
            return;
        };
        if bytes[..bytes.len().min(8192)].contains(&0) {
            return;
        }
        let lower: Vec<u8> = bytes.iter().map(u8::to_ascii_lowercase).collect();
        for w in lower.windows(3) {
            let k = (w[0] as usize) << 16 | (w[1] as usize) << 8 | w[2] as usize;
            counts[k] = counts[k].saturating_add(1);
        }
        *total += lower.len() as u64;
    }
}

fn main() {
    let dirs: Vec<String> = std::env::args().skip(1).collect();
    if dirs.is_empty() {
        eprintln!("usage: trigrams DIR...");
        std::process::exit(2);
    }
    let mut counts = vec![0u32; 1 << 24];
    let mut total = 0u64;
    for d in &dirs {
        count(Path::new(d), &mut counts, &mut total);
    }
    let mb = (total as f64 / 1e6).max(1.0);
    let printable = |b: usize| (0x21..=0x7e).contains(&b);
    let mut rows: Vec<(u32, usize)> = counts
        .iter()
        .enumerate()
        .filter(|(k, &c)| {
            c > 0 && printable(k >> 16) && printable((k >> 8) & 0xff) && printable(k & 0xff)
        })
        .map(|(k, &c)| (c, k))
        .collect();
    rows.sort_by(|a, b| b.cmp(a));
    let stdout = std::io::stdout();
    let mut out = std::io::BufWriter::new(stdout.lock());
    for (c, k) in rows.into_iter().take(4096) {
        let t = [(k >> 16) as u8, (k >> 8) as u8, k as u8];
        let rate = ((c as f64 / mb).round() as u64).max(1);
        let _ = writeln!(out, "{} {rate}", String::from_utf8_lossy(&t));
    }
    eprintln!("{:.0} MB counted", mb);
}
