//! The literal prefilter: every rule keyword in a buffer, found with
//! Aho-Corasick before any parser or regex runs.

use crate::rules::{Anchors, RuleSet};

/// Every keyword occurrence, overlapping ones included, in increasing order
/// of (start, end). Keywords match case-insensitively: the search runs on
/// ASCII-lower-cased copies of 64 KiB blocks (same offsets, a per-thread
/// buffer that stays in cache) with a case-sensitive leftmost-first
/// automaton over a few short anchors (every keyword contains one), which
/// keeps the SIMD searcher fast. Only around an anchor hit does an
/// overlapping search look for the keywords: a keyword contains an anchor
/// occurrence that is either reported or overlaps a reported one, so it
/// intersects a reported hit and lies within the longest keyword's length
/// of it.
pub(super) fn keyword_hits(
    set: &RuleSet,
    anchors: &Anchors,
    text: &[u8],
) -> Vec<aho_corasick::Match> {
    const BLOCK: usize = 64 << 10;
    thread_local! {
        static LOWER: std::cell::RefCell<Vec<u8>> = const { std::cell::RefCell::new(Vec::new()) };
    }
    // room on both sides of a block for a keyword around an anchor in it
    let margin = 2 * set.max_keyword;
    LOWER.with(|buf| {
        let mut lower = buf.borrow_mut();
        let mut hits: Vec<aho_corasick::Match> = Vec::new();
        let mut found: Vec<aho_corasick::Match> = Vec::new();
        let mut sorted = true;
        let mut b = 0;
        while b < text.len() {
            let e = (b + BLOCK).min(text.len());
            let (lo, hi) = (b.saturating_sub(margin), (e + margin).min(text.len()));
            lower.clear();
            lower.extend(text[lo..hi].iter().map(u8::to_ascii_lowercase));
            found.clear();
            // hits starting after the block are the next block's
            anchors.find_into(&lower, b - lo, hi - lo, e - lo, &mut found);
            let keywords = set.keyword_automaton(found.len());
            for m in &found {
                let klo = m.start().saturating_sub(set.max_keyword);
                let khi = (m.end() + set.max_keyword).min(lower.len());
                let around = aho_corasick::Input::new(&lower[..]).span(klo..khi);
                for o in keywords.find_overlapping_iter(around) {
                    if o.start() < m.end() && o.end() > m.start() {
                        let o = aho_corasick::Match::new(o.pattern(), lo + o.start()..lo + o.end());
                        if hits
                            .last()
                            .is_some_and(|l| (l.start(), l.end()) >= (o.start(), o.end()))
                        {
                            sorted = false;
                        }
                        hits.push(o);
                    }
                }
            }
            b = e;
        }
        if !sorted {
            hits.sort_unstable_by_key(|o| (o.start(), o.end()));
            hits.dedup_by_key(|o| (o.start(), o.end()));
        }
        hits
    })
}
