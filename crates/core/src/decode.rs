//! Bytes in, text out: BOM handling, UTF-16 decoding and binary detection;
//! and text back to the bytes of its original encoding, for edits.
//!
//! Scanning works on bytes, so UTF-8 (valid or not) is used as it is; only
//! UTF-16 is converted. Positions reported for a UTF-16 file are those of
//! the decoded text.

use crate::model::Encoding;
use std::borrow::Cow;

pub enum Decoded<'a> {
    Text {
        bytes: Cow<'a, [u8]>,
        /// `None` for plain UTF-8 (or anything ASCII-compatible)
        encoding: Option<Encoding>,
    },
    Binary,
}

/// How many leading bytes decide the encoding.
pub const SNIFF: usize = 8 * 1024;

/// What the first bytes of a file say about the whole of it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Sniff {
    /// UTF-8 or anything ASCII-compatible, used as it is after `skip` bytes
    /// (a BOM)
    Utf8 {
        skip: usize,
        encoding: Option<Encoding>,
    },
    /// UTF-16 after `skip` bytes
    Utf16 {
        le: bool,
        skip: usize,
        encoding: Encoding,
    },
    Binary,
}

/// Decide the encoding from the head of a file (its first [`SNIFF`] bytes
/// are enough; more are ignored).
pub fn sniff(bytes: &[u8]) -> Sniff {
    if bytes.starts_with(b"\xEF\xBB\xBF") {
        return Sniff::Utf8 {
            skip: 3,
            encoding: Some(Encoding::Utf8Bom),
        };
    }
    if bytes.starts_with(b"\xFF\xFE") {
        return Sniff::Utf16 {
            le: true,
            skip: 2,
            encoding: Encoding::Utf16Le,
        };
    }
    if bytes.starts_with(b"\xFE\xFF") {
        return Sniff::Utf16 {
            le: false,
            skip: 2,
            encoding: Encoding::Utf16Be,
        };
    }
    let head = &bytes[..bytes.len().min(SNIFF)];
    if memchr::memchr(0, head).is_none() {
        return Sniff::Utf8 {
            skip: 0,
            encoding: None,
        };
    }
    // UTF-16 without a BOM: mostly-ASCII text has a zero in every other byte.
    let pairs = head.len() / 2;
    if pairs >= 2 {
        // one pass, which stops once neither byte order can reach the 70 %
        // below: a binary file is known after about a third of its head
        let need = (pairs * 7).div_ceil(10);
        let (mut zero_odd, mut zero_even) = (0, 0);
        for (i, p) in head.chunks_exact(2).enumerate() {
            zero_odd += usize::from(p[1] == 0 && p[0] != 0);
            zero_even += usize::from(p[0] == 0 && p[1] != 0);
            let left = pairs - i - 1;
            if zero_odd + left < need && zero_even + left < need {
                return Sniff::Binary;
            }
        }
        if zero_odd * 10 >= pairs * 7 && zero_even * 20 <= pairs {
            return Sniff::Utf16 {
                le: true,
                skip: 0,
                encoding: Encoding::Utf16Le,
            };
        }
        if zero_even * 10 >= pairs * 7 && zero_odd * 20 <= pairs {
            return Sniff::Utf16 {
                le: false,
                skip: 0,
                encoding: Encoding::Utf16Be,
            };
        }
    }
    Sniff::Binary
}

pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    match sniff(bytes) {
        Sniff::Utf8 { skip, encoding } => Decoded::Text {
            bytes: Cow::Borrowed(&bytes[skip..]),
            encoding,
        },
        Sniff::Utf16 { le, skip, encoding } => {
            let mut out = Vec::with_capacity(bytes.len());
            let mut dec = Utf16Decoder::new(le);
            dec.push(&bytes[skip..], &mut out);
            dec.finish(&mut out);
            Decoded::Text {
                bytes: Cow::Owned(out),
                encoding: Some(encoding),
            }
        }
        Sniff::Binary => Decoded::Binary,
    }
}

/// UTF-16 to UTF-8, fed in pieces of any length (a file read in chunks):
/// an odd byte or a high surrogate at the end of a piece waits for the next.
/// Unpaired surrogates become U+FFFD; a last odd byte is dropped.
pub struct Utf16Decoder {
    le: bool,
    odd: Option<u8>,
    high: Option<u16>,
}

impl Utf16Decoder {
    pub fn new(le: bool) -> Self {
        Utf16Decoder {
            le,
            odd: None,
            high: None,
        }
    }

    pub fn push(&mut self, mut b: &[u8], out: &mut Vec<u8>) {
        if let Some(o) = self.odd.take() {
            match b.split_first() {
                Some((&n, rest)) => {
                    self.unit([o, n], out);
                    b = rest;
                }
                None => {
                    self.odd = Some(o);
                    return;
                }
            }
        }
        let mut pairs = b.chunks_exact(2);
        out.reserve(pairs.len());
        for p in &mut pairs {
            let u = if self.le {
                u16::from_le_bytes([p[0], p[1]])
            } else {
                u16::from_be_bytes([p[0], p[1]])
            };
            // ASCII, nearly all of a source file: one byte, no surrogate
            // pending
            if u < 0x80 && self.high.is_none() {
                out.push(u as u8);
            } else {
                self.unit([p[0], p[1]], out);
            }
        }
        if let [o] = pairs.remainder() {
            self.odd = Some(*o);
        }
    }

    fn unit(&mut self, p: [u8; 2], out: &mut Vec<u8>) {
        let u = if self.le {
            u16::from_le_bytes(p)
        } else {
            u16::from_be_bytes(p)
        };
        let mut buf = [0u8; 4];
        if let Some(h) = self.high.take() {
            if (0xDC00..0xE000).contains(&u) {
                let c = 0x10000 + ((u32::from(h) - 0xD800) << 10) + (u32::from(u) - 0xDC00);
                let c = char::from_u32(c).unwrap_or(char::REPLACEMENT_CHARACTER);
                out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                return;
            }
            out.extend_from_slice(char::REPLACEMENT_CHARACTER.encode_utf8(&mut buf).as_bytes());
        }
        if (0xD800..0xDC00).contains(&u) {
            self.high = Some(u);
            return;
        }
        let c = char::from_u32(u32::from(u)).unwrap_or(char::REPLACEMENT_CHARACTER);
        out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
    }

    /// The end of the input: a pending high surrogate is unpaired.
    pub fn finish(&mut self, out: &mut Vec<u8>) {
        if self.high.take().is_some() {
            let mut buf = [0u8; 4];
            out.extend_from_slice(char::REPLACEMENT_CHARACTER.encode_utf8(&mut buf).as_bytes());
        }
        self.odd = None;
    }
}

/// Text back to the bytes of the original encoding (BOM included when the
/// original had one).
pub fn encode(text: &str, encoding: Option<Encoding>, original: &[u8]) -> Vec<u8> {
    match encoding {
        Some(e @ (Encoding::Utf16Le | Encoding::Utf16Be)) => {
            let le = e == Encoding::Utf16Le;
            let mut out = Vec::with_capacity(text.len() * 2 + 2);
            if original.starts_with(e.bom()) {
                out.extend_from_slice(e.bom());
            }
            for u in text.encode_utf16() {
                out.extend_from_slice(&if le { u.to_le_bytes() } else { u.to_be_bytes() });
            }
            // an odd trailing byte cannot be UTF-16: keep it as it was
            if original.len() % 2 == 1 {
                out.push(original[original.len() - 1]);
            }
            out
        }
        Some(Encoding::Utf8Bom) => {
            let mut out = Encoding::Utf8Bom.bom().to_vec();
            out.extend_from_slice(text.as_bytes());
            out
        }
        None => text.as_bytes().to_vec(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The UTF-16 test as first written (two full counts), which the
    /// early-stopping pass must agree with.
    fn sniff_two_counts(head: &[u8]) -> Sniff {
        let pairs = head.len() / 2;
        let odd = head
            .chunks_exact(2)
            .filter(|p| p[1] == 0 && p[0] != 0)
            .count();
        let even = head
            .chunks_exact(2)
            .filter(|p| p[0] == 0 && p[1] != 0)
            .count();
        if odd * 10 >= pairs * 7 && even * 20 <= pairs {
            return Sniff::Utf16 {
                le: true,
                skip: 0,
                encoding: Encoding::Utf16Le,
            };
        }
        if even * 10 >= pairs * 7 && odd * 20 <= pairs {
            return Sniff::Utf16 {
                le: false,
                skip: 0,
                encoding: Encoding::Utf16Be,
            };
        }
        Sniff::Binary
    }

    /// Heads around the 70 % and 5 % thresholds, in both byte orders, with
    /// a zero somewhere: the one-pass answer equals the two counts'.
    #[test]
    fn early_stop_agrees_with_full_counts() {
        let mut seed = 0x2545_f491_4f6c_dd1du64;
        let mut next = move || {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed
        };
        let mut seen = [0usize; 3];
        for round in 0..4000 {
            let pairs = 2 + (next() % 300) as usize;
            // the share of pairs shaped like UTF-16 (a zero in one half)
            let utf16 = (next() % 101) as usize;
            let be = round % 2 == 1;
            let mut head = Vec::with_capacity(pairs * 2);
            for _ in 0..pairs {
                let c = 1 + (next() % 255) as u8;
                let pair = match next() % 100 {
                    r if (r as usize) < utf16 => [c, 0],
                    r if r % 7 == 0 => [0, c],
                    r if r % 11 == 0 => [0, 0],
                    _ => [c, 1 + (next() % 255) as u8],
                };
                head.extend(if be { [pair[1], pair[0]] } else { pair });
            }
            head[0] = b'x'; // no BOM
            if !head.contains(&0) {
                continue;
            }
            let want = sniff_two_counts(&head);
            assert_eq!(sniff(&head), want, "{head:?}");
            seen[match want {
                Sniff::Utf16 { le: true, .. } => 0,
                Sniff::Utf16 { le: false, .. } => 1,
                _ => 2,
            }] += 1;
        }
        // every outcome came up, many times
        assert!(seen.iter().all(|&n| n > 100), "{seen:?}");
    }

    fn text(d: Decoded<'_>) -> (String, Option<Encoding>) {
        match d {
            Decoded::Text { bytes, encoding } => {
                (String::from_utf8_lossy(&bytes).into_owned(), encoding)
            }
            Decoded::Binary => panic!("binary"),
        }
    }

    fn le(s: &str, bom: bool) -> Vec<u8> {
        let mut v = if bom { vec![0xFF, 0xFE] } else { vec![] };
        for u in s.encode_utf16() {
            v.extend_from_slice(&u.to_le_bytes());
        }
        v
    }

    #[test]
    fn boms_and_utf16() {
        assert_eq!(
            text(decode(b"\xEF\xBB\xBFab")),
            ("ab".into(), Some(Encoding::Utf8Bom))
        );
        assert_eq!(
            text(decode(&le("Pwd=x\r\n", true))),
            ("Pwd=x\r\n".into(), Some(Encoding::Utf16Le))
        );
        assert_eq!(
            text(decode(&le("Password=abc;Server=x", false))).1,
            Some(Encoding::Utf16Le)
        );
        let mut be = vec![0xFE, 0xFF];
        for u in "é=1".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(text(decode(&be)), ("é=1".into(), Some(Encoding::Utf16Be)));
    }

    /// The incremental decoder agrees with the standard library's decoder,
    /// however the input is cut.
    #[test]
    fn utf16_in_pieces_matches_whole_decoding() {
        let mut raw = le("a\u{1F600}b\u{e9}", false);
        raw.extend_from_slice(&[0x00, 0xD8, 0x41, 0x00]); // unpaired high surrogate
        raw.extend_from_slice(&[0x00, 0xDC]); // unpaired low surrogate
        raw.push(0x41); // odd trailing byte
        let units = raw
            .chunks_exact(2)
            .map(|p| u16::from_le_bytes([p[0], p[1]]));
        let want: String = char::decode_utf16(units)
            .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
            .collect();
        for cut in 0..raw.len() {
            for cut2 in cut..raw.len() {
                let mut d = Utf16Decoder::new(true);
                let mut out = Vec::new();
                d.push(&raw[..cut], &mut out);
                d.push(&raw[cut..cut2], &mut out);
                d.push(&raw[cut2..], &mut out);
                d.finish(&mut out);
                assert_eq!(String::from_utf8(out).unwrap(), want, "cut at {cut},{cut2}");
            }
        }
    }

    #[test]
    fn binary_and_odd_inputs() {
        assert!(matches!(
            decode(b"\x7fELF\x00\x01\x02\x00\x00\x00"),
            Decoded::Binary
        ));
        assert!(matches!(decode(b""), Decoded::Text { .. }));
        assert!(matches!(decode(b"\xFF\xFE\x41"), Decoded::Text { .. })); // odd length
        assert!(matches!(
            decode(b"\xff\xfe\xfd not utf8 \xc3"),
            Decoded::Text { .. }
        ));
    }

    #[test]
    fn encodings_round_trip() {
        let text = "a=b\r\nc=d\n";
        let mut le = b"\xFF\xFE".to_vec();
        for u in text.encode_utf16() {
            le.extend_from_slice(&u.to_le_bytes());
        }
        assert_eq!(encode(text, Some(Encoding::Utf16Le), &le), le);
        let be: Vec<u8> = text.encode_utf16().flat_map(|u| u.to_be_bytes()).collect();
        assert_eq!(encode(text, Some(Encoding::Utf16Be), &be), be);
        let bom = [&b"\xEF\xBB\xBF"[..], text.as_bytes()].concat();
        assert_eq!(encode(text, Some(Encoding::Utf8Bom), &bom), bom);
        assert_eq!(encode(text, None, text.as_bytes()), text.as_bytes());
    }
}
