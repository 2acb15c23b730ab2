//! Anchors: the few short literals the SIMD prefilter looks for, chosen
//! from the rules' keywords by how rarely they occur in code, and the
//! searcher that finds them.

use aho_corasick::{packed, AhoCorasick, AhoCorasickBuilder, AhoCorasickKind, MatchKind, Span};
use std::collections::HashMap;
use std::hash::BuildHasherDefault;
use std::sync::OnceLock;

/// How often the 4,096 most common printable byte trigrams occur in
/// lower-cased source code, per MB, one `abc N` per line, most common
/// first. Counted over about 670 MB of public code in many languages (the
/// development half of the real-world set without the benchmark trees, the
/// Python standard library and a set of Rust crates) by
/// `crates/core/examples/trigrams.rs`; see docs/detection.md.
const TRIGRAMS: &str = include_str!("trigrams.txt");
/// The rate assumed for a trigram the table does not list (its rarest
/// entry occurs about 19 times per MB).
const RARE_TRIGRAM: u64 = 10;
/// What one more anchor costs, in trigram hits per MB, when anchors are
/// chosen: more anchors can mean more passes of the SIMD searcher over
/// every block (8 buckets of at most two anchors a pass; see [`plan`] and
/// its [`PASS_COST`]).
const ANCHOR_COST: u64 = 64;

/// How often `t` (3 bytes, lower case) occurs per MB of source code.
pub fn trigram_rate(t: &[u8]) -> u64 {
    static TABLE: OnceLock<HashMap<u32, u64, BuildHasherDefault<TrigramHasher>>> = OnceLock::new();
    let table = TABLE.get_or_init(|| {
        TRIGRAMS
            .lines()
            .filter_map(|l| {
                let (t, n) = l.split_at_checked(3)?;
                Some((key(t.as_bytes())?, n.trim().parse().ok()?))
            })
            .collect()
    });
    key(t)
        .and_then(|k| table.get(&k).copied())
        .unwrap_or(RARE_TRIGRAM)
}

/// A trigram as a number.
fn key(t: &[u8]) -> Option<u32> {
    let [a, b, c] = <[u8; 3]>::try_from(t).ok()?;
    Some(u32::from_be_bytes([0, a, b, c]))
}

/// A multiplicative hash for [`trigram_rate`]'s table: planning the
/// buckets looks up tens of thousands of trigrams, and the default
/// (DoS-resistant) hash of a fixed table buys nothing.
#[derive(Default)]
struct TrigramHasher(u64);

impl std::hash::Hasher for TrigramHasher {
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.write_u32(u32::from(b));
        }
    }
    fn write_u32(&mut self, n: u32) {
        self.0 = (self.0 ^ u64::from(n)).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    }
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 29)
    }
}

/// Short literals such that every keyword contains one of them, chosen so
/// that the SIMD searcher meets as few of them as it can: the exact
/// keywords are looked for only around an anchor's hits.
///
/// Every anchor is a 3-byte window of a keyword (a shorter keyword is its
/// own anchor): with patterns of 3 bytes the searcher runs in its fastest
/// mode, and a hit is exactly a trigram, whose frequency in code
/// [`trigram_rate`] knows. A weighted set cover, greedy: the window with the
/// lowest (rate + [`ANCHOR_COST`]) per keyword it newly covers. So
/// `pas` serves every `...pass...` keyword, while `mysql_connect` is
/// anchored on `ysq` rather than the ubiquitous `con`.
pub fn anchors_for(keywords: &[&str]) -> Vec<String> {
    let mut kws: Vec<&str> = keywords.iter().copied().filter(|k| !k.is_empty()).collect();
    kws.sort();
    kws.dedup();
    // every candidate window, with the keywords that contain it
    // (window, cost, the keywords that contain it); a map finds a window's
    // entry, so that thousands of user keywords cost linear time
    let mut cands: Vec<(&str, u64, Vec<usize>)> = Vec::new();
    let mut index: HashMap<&str, usize> = HashMap::new();
    let mut whole: Vec<usize> = Vec::new();
    for (ki, k) in kws.iter().enumerate() {
        let windows: Vec<&str> = (0..k.len().saturating_sub(2))
            .filter_map(|i| k.get(i..i + 3))
            .collect();
        // a keyword shorter than 3 bytes, or without a 3-byte window on
        // character boundaries, is its own anchor
        let own = windows.is_empty();
        let windows = if own { vec![*k] } else { windows };
        for w in windows {
            let i = *index.entry(w).or_insert_with(|| {
                cands.push((w, trigram_rate(w.as_bytes()) + ANCHOR_COST, Vec::new()));
                cands.len() - 1
            });
            if own {
                whole.push(i);
            } else if cands[i].2.last() != Some(&ki) {
                // (a 3-byte string occurs in a keyword only on character
                // boundaries, so its windows find every keyword holding it)
                cands[i].2.push(ki);
            }
        }
    }
    // a whole keyword also covers the longer keywords that contain it
    for i in whole {
        let w = cands[i].0;
        cands[i].2 = kws
            .iter()
            .enumerate()
            .filter(|(_, k)| k.contains(w))
            .map(|(ki, _)| ki)
            .collect();
    }
    cands.sort_by(|a, b| a.0.cmp(b.0));
    let mut covered = vec![false; kws.len()];
    let mut out: Vec<String> = Vec::new();
    while covered.iter().any(|c| !c) {
        // the lowest cost per newly covered keyword; the first in byte
        // order on a tie
        let mut best: Option<(u64, usize, usize)> = None;
        for (i, (_, cost, owners)) in cands.iter().enumerate() {
            let new = owners.iter().filter(|&&k| !covered[k]).count();
            if new == 0 {
                continue;
            }
            let better = match best {
                None => true,
                Some((bc, bn, _)) => (*cost as u128) * (bn as u128) < (bc as u128) * (new as u128),
            };
            if better {
                best = Some((*cost, new, i));
            }
        }
        let Some((_, _, i)) = best else { break };
        for &k in &cands[i].2 {
            covered[k] = true;
        }
        out.push(cands[i].0.to_string());
    }
    out.sort();
    out
}

/// The anchor searcher of a set of rules (see [`anchors_for`]): passes of
/// the SIMD searcher (Teddy) over each block, each pass at most 8 buckets
/// of one or two anchors (see [`plan`]), each anchor in all its ASCII
/// cases. A block stays in cache between passes.
///
/// Each anchor knows the keywords that contain it and where: a keyword is
/// checked, byte for byte in any case, only where an anchor occurrence puts
/// it.
pub struct Anchors {
    passes: Vec<Pass>,
}

struct Pass {
    search: Search,
    /// the anchors of the pass (lower case), each with the keywords that
    /// contain it, in order of their first bytes
    anchors: Vec<Anchor>,
    /// where the anchors that begin with byte `b` are in `anchors`:
    /// `by_first[b]..by_first[b + 1]`
    by_first: [u16; 257],
}

struct Anchor {
    bytes: Vec<u8>,
    /// (keyword id, keyword, offset of the anchor in it), one per
    /// occurrence of the anchor in a keyword
    keywords: Vec<(usize, Vec<u8>, usize)>,
}

enum Search {
    Teddy(packed::Searcher),
    /// one anchor (a memchr-style search), or no SIMD searcher available
    Automaton(AhoCorasick),
}

impl Anchors {
    /// The searcher for `anchors` (see [`anchors_for`]) of `keywords` (id,
    /// lower-cased keyword). `None` when there are no anchors or one cannot
    /// be searched for.
    pub fn new(anchors: &[String], keywords: &[(usize, &str)]) -> Option<Anchors> {
        if anchors.is_empty() {
            return None;
        }
        let mut out = Vec::new();
        for pass in plan(anchors) {
            // every ASCII case of every anchor: the searcher puts patterns
            // with the same low nibbles in one bucket, and the cases of a
            // letter differ only in the high nibble, so the cases of an
            // anchor share its bucket and its masks accept exactly them (a
            // search in any case for the price of one in lower case, on the
            // text as it is)
            let chunk: Vec<&String> = pass.iter().flatten().map(|&i| &anchors[i]).collect();
            // the searcher takes at most 128 patterns: an anchor of many
            // letters (a keyword without a 3-byte window on character
            // boundaries, kept whole) has too many cases to list, and its
            // pass takes the automaton instead
            let cased = chunk
                .iter()
                .map(|a| case_count(a.as_bytes()))
                .try_fold(0usize, |n, c| c.map(|c| n + c))
                .filter(|&n| n <= 128);
            let teddy = (chunk.len() > 1 && cased.is_some())
                .then(|| {
                    let pats = pass_patterns(anchors, &pass);
                    packed::Config::new()
                        .match_kind(packed::MatchKind::LeftmostFirst)
                        .only_teddy_fat(Some(false))
                        .heuristic_pattern_limits(false)
                        .builder()
                        .extend(&pats)
                        .build()
                })
                .flatten();
            let search = match teddy {
                Some(t) => Search::Teddy(t),
                None => Search::Automaton(
                    AhoCorasickBuilder::new()
                        .kind(Some(AhoCorasickKind::ContiguousNFA))
                        .match_kind(MatchKind::LeftmostFirst)
                        .ascii_case_insensitive(true)
                        .build(&chunk)
                        .ok()?,
                ),
            };
            let mut anchors: Vec<Anchor> = chunk
                .iter()
                .map(|&a| Anchor {
                    bytes: a.as_bytes().to_vec(),
                    keywords: keywords
                        .iter()
                        .flat_map(|&(id, k)| {
                            let k = k.as_bytes();
                            (0..=k.len().saturating_sub(a.len()))
                                .filter(|&o| k[o..].starts_with(a.as_bytes()))
                                .map(move |o| (id, k.to_vec(), o))
                        })
                        .collect(),
                })
                .collect();
            anchors.sort_by_key(|a| a.bytes[0]);
            let mut by_first = [0u16; 257];
            for a in &anchors {
                by_first[usize::from(a.bytes[0]) + 1] += 1;
            }
            for b in 1..257 {
                by_first[b] += by_first[b - 1];
            }
            out.push(Pass {
                search,
                anchors,
                by_first,
            });
        }
        Some(Anchors { passes: out })
    }

    /// Every keyword occurrence that contains an anchor occurrence starting
    /// in `hay[from..stop]` (searching no further than `to`), as (keyword
    /// id, start, end), pass after pass (so not in order, and possibly
    /// twice).
    ///
    /// Each pass reports its anchor occurrences leftmost-first, without
    /// overlaps: an occurrence it does not report starts inside a reported
    /// one, so every position of a reported hit is checked for every anchor
    /// of the pass. `hay` must hold the longest
    /// keyword's length before `from` and after `stop` (or end there).
    pub(crate) fn keywords_into(
        &self,
        hay: &[u8],
        from: usize,
        to: usize,
        stop: usize,
        out: &mut Vec<(usize, usize, usize)>,
    ) {
        for pass in &self.passes {
            // anchors and keywords are a few bytes long: compared byte by
            // byte in place, not by a call to `memcmp`, and only the
            // anchors that begin with the byte at hand
            let mut check = |start: usize, end: usize| {
                for p in start..end.min(stop) {
                    let first = usize::from(hay[p].to_ascii_lowercase());
                    let (lo, hi) = (pass.by_first[first], pass.by_first[first + 1]);
                    for a in &pass.anchors[usize::from(lo)..usize::from(hi)] {
                        if !bytes_at(hay, p, &a.bytes) {
                            continue;
                        }
                        for (id, k, o) in &a.keywords {
                            let Some(s) = p.checked_sub(*o) else {
                                continue;
                            };
                            if bytes_at(hay, s, k) {
                                out.push((*id, s, s + k.len()));
                            }
                        }
                    }
                }
            };
            match &pass.search {
                Search::Teddy(t) => {
                    let mut at = from;
                    while at < to {
                        let Some(m) = t.find_in(hay, Span { start: at, end: to }) else {
                            break;
                        };
                        if m.start() >= stop {
                            break;
                        }
                        check(m.start(), m.end());
                        at = m.end().max(at + 1);
                    }
                }
                Search::Automaton(ac) => {
                    for m in ac
                        .find_iter(aho_corasick::Input::new(hay).span(from..to))
                        .take_while(|m| m.start() < stop)
                    {
                        check(m.start(), m.end());
                    }
                }
            }
        }
    }
}

/// What one more pass over the text costs, in checks of candidates per MB
/// (a pass of the SIMD searcher reads about 6 GB/s here, a check costs
/// some tens of nanoseconds).
const PASS_COST: u64 = 1_500;

/// The passes of the SIMD searcher over `anchors`, each a list of buckets
/// (at most 8), each one anchor or two (indices into `anchors`).
///
/// The searcher sorts patterns into 8 buckets, and a bucket's masks accept,
/// at each of the 3 positions, every byte whose low and high nibbles occur
/// there among its patterns. Two anchors in one bucket therefore also
/// accept their crossings (`bcp` and `osq` accept `bsp` and `ocq`): two rare
/// anchors whose crossings are rare share a bucket cheaply, while `pas` and
/// `con` together would wake the check at every `pon` and `cas`. The plan
/// pairs anchors, cheapest pair first (by [`trigram_rate`] of what the pair
/// adds), and takes the number of passes for which passes and candidates
/// cost least. At most two anchors share a bucket, so that a pass of 16
/// anchors in all their cases stays within the searcher's 128 patterns.
fn plan(anchors: &[String]) -> Vec<Vec<Vec<usize>>> {
    let n = anchors.len();
    let singles =
        |idx: Vec<usize>| -> Vec<Vec<usize>> { idx.into_iter().map(|i| vec![i]).collect() };
    // a shorter anchor (a short keyword) makes a shorter mask, which the
    // costs do not model: one anchor per bucket
    if n <= 8 || anchors.iter().any(|a| a.len() != 3) {
        return split(singles((0..n).collect()));
    }
    let alone: Vec<u64> = anchors
        .iter()
        .map(|a| bucket_cost(&[a.as_bytes()]))
        .collect();
    // every pair, by what sharing a bucket adds
    let mut pairs: Vec<(u64, usize, usize)> = Vec::new();
    for i in 0..n {
        for j in i + 1..n {
            let both = bucket_cost(&[anchors[i].as_bytes(), anchors[j].as_bytes()]);
            pairs.push((both.saturating_sub(alone[i] + alone[j]), i, j));
        }
    }
    pairs.sort();
    let mut best: Option<(u64, Vec<Vec<usize>>)> = None;
    for passes in n.div_ceil(16)..=n.div_ceil(8) {
        // this many anchors must share a bucket with another
        let shared = n.saturating_sub(8 * passes);
        let mut taken = vec![false; n];
        let mut buckets: Vec<Vec<usize>> = Vec::new();
        let mut added = 0u64;
        for &(c, i, j) in &pairs {
            if buckets.len() == shared {
                break;
            }
            if !taken[i] && !taken[j] {
                taken[i] = true;
                taken[j] = true;
                added += c;
                buckets.push(vec![i, j]);
            }
        }
        if buckets.len() < shared {
            continue;
        }
        buckets.extend(singles((0..n).filter(|&i| !taken[i]).collect()));
        let total = passes as u64 * PASS_COST + added;
        if best.as_ref().is_none_or(|(c, _)| total < *c) {
            best = Some((total, buckets));
        }
    }
    split(best.map_or_else(|| singles((0..n).collect()), |(_, b)| b))
}

/// `buckets` in passes of at most 8, as even as can be (no pass of one
/// bucket where another has 8).
fn split(buckets: Vec<Vec<usize>>) -> Vec<Vec<Vec<usize>>> {
    let passes = buckets.len().div_ceil(8).max(1);
    let per = buckets.len().div_ceil(passes).max(1);
    buckets.chunks(per).map(<[Vec<usize>]>::to_vec).collect()
}

/// The expected candidates per MB of a bucket holding `members` (3-byte
/// anchors, lower case, in all their cases): the rates of every trigram
/// its masks accept.
fn bucket_cost(members: &[&[u8]]) -> u64 {
    // per position, the lower-cased bytes the masks accept
    let accepted = [0, 1, 2].map(|j| {
        let (mut lo, mut hi) = (0u16, 0u16);
        for m in members {
            for b in [m[j], m[j].to_ascii_uppercase()] {
                lo |= 1 << (b & 15);
                hi |= 1 << (b >> 4);
            }
        }
        let mut seen = [0u64; 4];
        let mut v: Vec<u8> = Vec::new();
        for h in bits(hi) {
            for l in bits(lo) {
                let b = ((h << 4) | l).to_ascii_lowercase();
                let (w, bit) = (usize::from(b / 64), 1u64 << (b % 64));
                if seen[w] & bit == 0 {
                    seen[w] |= bit;
                    v.push(b);
                }
            }
        }
        v
    });
    let mut total = 0u64;
    for &a in &accepted[0] {
        for &b in &accepted[1] {
            for &c in &accepted[2] {
                total += trigram_rate(&[a, b, c]);
            }
        }
    }
    total
}

/// The positions of the set bits of `m`.
fn bits(mut m: u16) -> impl Iterator<Item = u8> {
    std::iter::from_fn(move || {
        let i = m.trailing_zeros();
        (m != 0).then(|| {
            m &= m - 1;
            i as u8
        })
    })
}

/// The patterns of one pass: every case of every anchor, ordered so that
/// the searcher gives each planned bucket its own bucket. It numbers a
/// pattern whose low nibbles it has not met yet into bucket `7 - id % 8`,
/// and one whose low nibbles it has met into that pattern's bucket (so the
/// cases of an anchor follow it anywhere): the first anchors of the
/// buckets take ids 0 to 7, and a bucket's next anchor takes an id that
/// leads to the same bucket, cases filling the ids between.
fn pass_patterns(anchors: &[String], pass: &[Vec<usize>]) -> Vec<Vec<u8>> {
    let mut out: Vec<Vec<u8>> = Vec::new();
    // the other cases of the anchors placed so far: wherever they go, they
    // join their anchor's bucket
    let mut fillers: Vec<Vec<u8>> = Vec::new();
    let rounds = pass.iter().map(Vec::len).max().unwrap_or(0);
    for r in 0..rounds {
        for (k, b) in pass.iter().enumerate() {
            let Some(&i) = b.get(r) else { continue };
            // ids that lead to bucket k: k, k + 8, ...
            while out.len() % 8 != k % 8 {
                match fillers.pop() {
                    Some(f) => out.push(f),
                    None => break,
                }
            }
            out.push(anchors[i].as_bytes().to_vec());
            fillers.extend(cases(anchors[i].as_bytes()).into_iter().skip(1));
        }
    }
    out.extend(fillers);
    out
}

/// Whether `hay` holds `k` (lower case) at `at`, in any ASCII case.
#[inline]
fn bytes_at(hay: &[u8], at: usize, k: &[u8]) -> bool {
    hay.get(at..at + k.len())
        .is_some_and(|w| w.iter().zip(k).all(|(a, b)| a.to_ascii_lowercase() == *b))
}

/// How many ASCII cases `a` (lower case) has, when it has at most 128.
fn case_count(a: &[u8]) -> Option<usize> {
    let letters = a.iter().filter(|b| b.is_ascii_lowercase()).count();
    (letters <= 7).then(|| 1 << letters)
}

/// Every ASCII case of `a` (lower case), `a` itself first. Only for an
/// anchor of at most 7 letters (see [`case_count`]).
fn cases(a: &[u8]) -> Vec<Vec<u8>> {
    let letters: Vec<usize> = (0..a.len())
        .filter(|&i| a[i].is_ascii_lowercase())
        .collect();
    (0..1usize << letters.len())
        .map(|bits| {
            let mut v = a.to_vec();
            for (j, &i) in letters.iter().enumerate() {
                if bits & (1 << j) != 0 {
                    v[i] = v[i].to_ascii_uppercase();
                }
            }
            v
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::RuleSet;

    #[test]
    fn anchors_cover_every_keyword_with_rare_trigrams() {
        let set = RuleSet::builtin().unwrap();
        let all: Vec<&str> = set.keywords.iter().map(String::as_str).collect();
        let anchors = anchors_for(&all);
        assert!(anchors.len() < all.len(), "{anchors:?}");
        for k in &all {
            assert!(
                anchors.iter().any(|a| k.contains(a.as_str())),
                "{k} not covered"
            );
        }
        for a in &anchors {
            assert_eq!(a.len(), 3, "{a}");
        }
        assert_eq!(anchors_for(&["password", "passwd", "_pass"]), ["pas"]);
        assert_eq!(anchors_for(&["://", "pwd"]), ["://", "pwd"]);
        // short keywords are their own anchors
        assert_eq!(anchors_for(&["ab", "x"]), ["ab", "x"]);
        // not the common `con` of `connect`, `conn`, `config`
        let a = anchors_for(&["mysql_connect", "pg_connect"]);
        assert!(!a.contains(&"con".to_string()), "{a:?}");
        assert!(a
            .iter()
            .all(|t| trigram_rate(t.as_bytes()) < trigram_rate(b"con")));
    }

    /// A user rule set with thousands of keywords: every one covered (the
    /// windows are indexed, not compared with every other).
    #[test]
    fn thousands_of_keywords_are_covered() {
        let words: Vec<String> = (0..3_000)
            .map(|i| format!("acme_{i}_dbpass{}", i % 7))
            .collect();
        let refs: Vec<&str> = words.iter().map(String::as_str).collect();
        let anchors = anchors_for(&refs);
        for k in &refs {
            assert!(anchors.iter().any(|a| k.contains(a.as_str())), "{k}");
        }
        assert!(anchors.len() < 50, "{}", anchors.len());
    }

    #[test]
    fn trigram_rates_come_from_the_table() {
        assert!(trigram_rate(b"con") > 1000, "one of the most common");
        assert!(trigram_rate(b"pas") > trigram_rate(b"pwd"));
        assert_eq!(trigram_rate(b"q;z"), RARE_TRIGRAM);
        assert_eq!(trigram_rate(b"ab"), RARE_TRIGRAM);
        // every line of the table parses
        assert_eq!(TRIGRAMS.lines().count(), 4096);
        for l in TRIGRAMS.lines() {
            let (t, n) = l.split_at_checked(3).unwrap();
            assert!(n.trim().parse::<u64>().unwrap() > 0, "{l}");
            assert!(t.bytes().all(|b| b.is_ascii_graphic()), "{l}");
        }
    }

    /// A pseudo-random text of the given pieces.
    fn text_of(pieces: &[&str], n: usize) -> Vec<u8> {
        let mut state = 0x2545_f491_4f6c_dd1du64;
        let mut text = Vec::new();
        for _ in 0..n {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            text.extend_from_slice(pieces[(state % pieces.len() as u64) as usize].as_bytes());
        }
        text
    }

    /// Every occurrence of every keyword, as a plain search finds them.
    fn naive(keywords: &[(usize, &str)], text: &[u8]) -> Vec<(usize, usize, usize)> {
        let mut out = Vec::new();
        for &(id, k) in keywords {
            for i in 0..text.len() {
                if text[i..].starts_with(k.as_bytes()) {
                    out.push((id, i, i + k.len()));
                }
            }
        }
        out.sort_unstable_by_key(|&(id, s, e)| (s, e, id));
        out
    }

    /// Every keyword occurrence is found, whatever the number of passes and
    /// however the anchors overlap one another (`pas`/`ass`, `pwd`,
    /// one-byte keywords, a keyword that is its own anchor).
    #[test]
    fn every_keyword_occurrence_is_found() {
        let words = [
            "password",
            "passwd",
            "_pass",
            "pwd",
            "://",
            "mysql",
            "mysql_connect",
            "pg_connect",
            "identified",
            "secret",
            "tress",
            "ostress",
            "define",
            "jdbc:",
            "odbc_connect",
            "ass",
            "class",
            "@",
            "x=",
            "pässwort",
            "sqlcmd",
            "sqlplus",
            "pragma",
            "accountkey",
            "uth",
            "_auth",
            "->auth(",
            "cosmosclient",
        ];
        let keywords: Vec<(usize, &str)> = words.iter().copied().enumerate().collect();
        let anchors = anchors_for(&words);
        let searcher = Anchors::new(&anchors, &keywords).unwrap();
        assert!(searcher.passes.len() >= 3, "{anchors:?}");
        let pieces = [
            "pa", "s", "pwd", ":/", "/", "ysql", "my", "ie", "d", "tr", "e", "x", " ", "passwd",
            "_c", "onnect", "pg", "_", "cl", "ass", "@", "x=", "pä", "sswort", "=", "auth", "->",
            "(", "o", "stress", "sqlcmd", "de", "fine",
        ];
        let text = text_of(&pieces, 30_000);
        let mut got = Vec::new();
        searcher.keywords_into(&text, 0, text.len(), text.len(), &mut got);
        got.sort_unstable_by_key(|&(id, s, e)| (s, e, id));
        got.dedup();
        let want = naive(&keywords, &text);
        assert!(want.len() > 5_000, "{}", want.len());
        assert_eq!(got.len(), want.len());
        assert_eq!(got, want);
        // a search limited to a span reports only keywords around anchors
        // that start in it
        let mut some = Vec::new();
        searcher.keywords_into(&text, 100, text.len(), 5_000, &mut some);
        assert!(!some.is_empty());
        assert!(some.iter().all(|&(_, s, _)| s < 5_000));
    }

    /// The bucket the SIMD searcher gives each pattern, by its documented
    /// rule: patterns with the low nibbles of a pattern met before go to
    /// its bucket, others to bucket `7 - id % 8`.
    fn searcher_buckets(pats: &[Vec<u8>]) -> Vec<usize> {
        let mut seen: HashMap<Vec<u8>, usize> = HashMap::new();
        pats.iter()
            .enumerate()
            .map(|(id, p)| {
                let low: Vec<u8> = p.iter().take(3).map(|b| b & 15).collect();
                *seen.entry(low).or_insert(7 - id % 8)
            })
            .collect()
    }

    /// The anchors of a C# file: two passes of at most 8 buckets, common
    /// anchors alone, rare ones paired; and the patterns of each pass put
    /// every planned bucket, in all its cases, in one bucket of its own.
    #[test]
    fn anchors_are_paired_by_what_their_crossings_cost() {
        let set = RuleSet::builtin().unwrap();
        let applies = set.applicable("src/Data/Context.cs");
        let words: Vec<&str> = set
            .keywords
            .iter()
            .zip(&set.keyword_rules)
            .filter(|(_, rs)| rs.iter().any(|&r| applies.contains(r)))
            .map(|(k, _)| k.as_str())
            .collect();
        let anchors = anchors_for(&words);
        assert!(anchors.len() > 16, "{anchors:?}");
        let plan = plan(&anchors);
        assert_eq!(plan.len(), 2, "{plan:?}");
        let mut all: Vec<usize> = plan.iter().flatten().flatten().copied().collect();
        all.sort();
        assert_eq!(all, (0..anchors.len()).collect::<Vec<_>>());
        for pass in &plan {
            assert!(pass.len() <= 8);
            for b in pass {
                assert!(b.len() <= 2);
                if b.len() == 2 {
                    // a pair adds less than a pass would cost
                    let (x, y) = (anchors[b[0]].as_bytes(), anchors[b[1]].as_bytes());
                    let added = bucket_cost(&[x, y]) - bucket_cost(&[x]) - bucket_cost(&[y]);
                    assert!(added < PASS_COST, "{x:?} {y:?} {added}");
                    // and no common anchor shares
                    assert!(trigram_rate(x) < 300 && trigram_rate(y) < 300, "{b:?}");
                }
            }
            let pats = pass_patterns(&anchors, pass);
            assert!(pats.len() <= 128, "{}", pats.len());
            // every case of every anchor of the pass, once
            let mut want: Vec<Vec<u8>> = pass
                .iter()
                .flatten()
                .flat_map(|&i| cases(anchors[i].as_bytes()))
                .collect();
            want.sort();
            let mut got = pats.clone();
            got.sort();
            assert_eq!(got, want);
            let buckets = searcher_buckets(&pats);
            let bucket_of = |a: &[u8]| buckets[pats.iter().position(|p| p == a).unwrap()];
            let mut used = Vec::new();
            for b in pass {
                let first = bucket_of(anchors[b[0]].as_bytes());
                for &i in b {
                    for c in cases(anchors[i].as_bytes()) {
                        assert_eq!(bucket_of(&c), first, "{:?}", anchors[i]);
                    }
                }
                used.push(first);
            }
            used.sort();
            used.dedup();
            assert_eq!(used.len(), pass.len(), "{pass:?}");
        }
        // a pair after single buckets still shares one searcher bucket
        let some: Vec<String> = ["bcp", "osq", "pas", "pwd", "ysq", "lcm"]
            .map(String::from)
            .to_vec();
        let pass = vec![vec![2], vec![3], vec![0, 1], vec![5], vec![4]];
        let pats = pass_patterns(&some, &pass);
        let buckets = searcher_buckets(&pats);
        let bucket_of = |a: &[u8]| buckets[pats.iter().position(|p| p == a).unwrap()];
        assert_eq!(bucket_of(b"bcp"), bucket_of(b"OSQ"));
        assert_ne!(bucket_of(b"bcp"), bucket_of(b"pas"));
        assert_ne!(bucket_of(b"bcp"), bucket_of(b"lcm"));
        // the plan's cost model: a pair's crossings are what it adds
        assert!(
            bucket_cost(&[b"pas", b"con"])
                > bucket_cost(&[b"pas"]) + bucket_cost(&[b"con"]) + 1_000
        );
        assert_eq!(cases(b"a:b").len(), 4);
        assert!(cases(b"a:b").contains(&b"A:b".to_vec()));
    }

    /// With paired buckets, in any case: every keyword occurrence is found.
    #[test]
    fn an_anchor_of_many_letters_is_searched_without_listing_its_cases() {
        // letters between 4-byte characters: no 3-byte window on character
        // boundaries, so the whole keyword is its anchor (66 letters: 2^66
        // cases); it must neither be listed nor lose a case
        let long: String = (0..33)
            .map(|i| {
                format!(
                    "{}{}\u{1F600}",
                    (b'a' + i % 26) as char,
                    (b'z' - i % 26) as char
                )
            })
            .collect();
        let long = long.as_str();
        let words = ["password", long];
        let keywords: Vec<(usize, &str)> = words.iter().copied().enumerate().collect();
        let anchors = anchors_for(&words);
        assert!(anchors.iter().any(|a| a == long), "{anchors:?}");
        assert_eq!(case_count(long.as_bytes()), None);
        assert_eq!(case_count(b"pas"), Some(8));
        let searcher = Anchors::new(&anchors, &keywords).unwrap();
        let text = format!("x {} y PassWord z {long}", long.to_ascii_uppercase());
        let mut got = Vec::new();
        searcher.keywords_into(text.as_bytes(), 0, text.len(), text.len(), &mut got);
        got.sort_unstable_by_key(|&(id, s, e)| (s, e, id));
        got.dedup();
        assert_eq!(
            got,
            naive(&keywords, &text.to_ascii_lowercase().into_bytes())
        );
        assert_eq!(got.len(), 3, "{got:?}");
    }

    #[test]
    fn every_keyword_occurrence_is_found_in_any_case_with_paired_buckets() {
        let words = [
            "password",
            "pwd",
            "sqlcmd",
            "bcp",
            "osql",
            "mysql",
            "mariadb",
            "sqlplus",
            "pragma",
            "accountkey",
            "identified",
            "define",
            "secret",
            "jdbc:",
            "odbc_",
            "_auth",
            "://",
            "@tcp(",
            "@unix(",
            "cosmosclient",
            "pg_connect",
            "pdo",
            "requirepass",
        ];
        let keywords: Vec<(usize, &str)> = words.iter().copied().enumerate().collect();
        let anchors = anchors_for(&words);
        let plan = plan(&anchors);
        assert!(plan.iter().flatten().any(|b| b.len() == 2), "{plan:?}");
        let searcher = Anchors::new(&anchors, &keywords).unwrap();
        let pieces = [
            "Pass", "WORD", "pw", "D", "sq", "LCmd", "bC", "p", "OSql", "My", "sQl", "MARIA", "db",
            "plus", "PRAGMA", "account", "Key", "identi", "FIED", "de", "Fine", "SeCrEt", "JDBC:",
            "odbc", "_", "auth", ":/", "/", "@", "tcp(", "unix(", "Cosmos", "client", "pg", "Con",
            "nect", "PDO", "require", "pass", " ", "\n", "x", "bsp", "ocq",
        ];
        let text = text_of(&pieces, 40_000);
        let mut got = Vec::new();
        searcher.keywords_into(&text, 0, text.len(), text.len(), &mut got);
        got.sort_unstable_by_key(|&(id, s, e)| (s, e, id));
        got.dedup();
        let want = naive(&keywords, &text.to_ascii_lowercase());
        assert!(want.len() > 5_000, "{}", want.len());
        assert_eq!(got, want);
    }
}
