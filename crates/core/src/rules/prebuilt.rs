//! The full DFAs that build.rs built for the built-in rules' yes-or-no
//! patterns ([`super::Short`]), embedded in the binary.
//!
//! A `Short` is otherwise a lazy DFA: each process parses and compiles its
//! patterns, and each thread builds the DFA states it walks through, the
//! same states on every thread. For the patterns whose full DFA is small
//! (most names, paths and vetoes; not the large unions of the SQL and CLI
//! rules), build.rs has done both once, at build time. A DFA is read back
//! (and checked, as `regex-automata` checks every DFA it deserializes) the
//! first time its patterns are asked for; one that cannot be read, for
//! patterns of user rule files, or for a target whose byte order the bytes
//! do not have, the `Short` is built lazily as before.

use regex_automata::dfa::dense;

include!(concat!(env!("OUT_DIR"), "/short_dfas.rs"));

/// The serialized DFAs, aligned as deserializing needs (each starts at a
/// multiple of 8 from here).
#[repr(C)]
struct Aligned<B: ?Sized> {
    _align: [u64; 0],
    bytes: B,
}

static BYTES: &Aligned<[u8]> = &Aligned {
    _align: [],
    bytes: *include_bytes!(concat!(env!("OUT_DIR"), "/short_dfas.bin")),
};

/// The prebuilt DFA of exactly these patterns, if build.rs built one.
pub(super) fn dfa_for(patterns: &[&str]) -> Option<dense::DFA<&'static [u32]>> {
    let &(_, at, len) = SHORT_DFAS
        .iter()
        .find(|(ps, _, _)| ps.len() == patterns.len() && ps.iter().eq(patterns.iter()))?;
    let bytes = BYTES.bytes.get(at..at + len)?;
    dense::DFA::from_bytes(bytes).ok().map(|(dfa, _)| dfa)
}

/// How many pattern sets have a prebuilt DFA.
#[cfg(test)]
pub(super) fn count() -> usize {
    SHORT_DFAS.len()
}
