//! Standard input as a source: `connleak scan -` (with `--stdin-filename`
//! naming it, so that the rules for that kind of file apply).

use connleak_core::model::Sink;
use connleak_core::rules::RuleSet;
use connleak_core::scan::{scan_reader, Listing};

/// Scan standard input as the file `name`, refusing more than `max` bytes.
pub fn scan(set: &RuleSet, name: &str, max: u64, listing: Listing, sink: &dyn Sink) {
    let stdin = std::io::stdin();
    let mut lock = stdin.lock();
    let mut buf = Vec::new();
    let r = scan_reader(
        set,
        name,
        &|| name.to_string(),
        &mut lock,
        max,
        listing,
        &mut buf,
    );
    r.emit(name, sink);
}
