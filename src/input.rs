//! Bytes in, text out: BOM handling, UTF-16 decoding and binary detection.
//!
//! Scanning works on bytes, so UTF-8 (valid or not) is used as it is; only
//! UTF-16 is converted. Positions reported for a UTF-16 file are those of
//! the decoded text.

use std::borrow::Cow;

pub enum Decoded<'a> {
    Text {
        bytes: Cow<'a, [u8]>,
        /// `None` for plain UTF-8 (or anything ASCII-compatible)
        encoding: Option<&'static str>,
    },
    Binary,
}

const SNIFF: usize = 8 * 1024;

pub fn decode(bytes: &[u8]) -> Decoded<'_> {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return Decoded::Text {
            bytes: Cow::Borrowed(rest),
            encoding: Some("utf-8-bom"),
        };
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, true, "utf-16le");
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, false, "utf-16be");
    }
    let head = &bytes[..bytes.len().min(SNIFF)];
    if memchr::memchr(0, head).is_none() {
        return Decoded::Text {
            bytes: Cow::Borrowed(bytes),
            encoding: None,
        };
    }
    // UTF-16 without a BOM: mostly-ASCII text has a zero in every other byte.
    let pairs = head.len() / 2;
    if pairs >= 2 {
        let zero_odd = head
            .chunks_exact(2)
            .filter(|p| p[1] == 0 && p[0] != 0)
            .count();
        let zero_even = head
            .chunks_exact(2)
            .filter(|p| p[0] == 0 && p[1] != 0)
            .count();
        if zero_odd * 10 >= pairs * 7 && zero_even * 20 <= pairs {
            return utf16(bytes, true, "utf-16le");
        }
        if zero_even * 10 >= pairs * 7 && zero_odd * 20 <= pairs {
            return utf16(bytes, false, "utf-16be");
        }
    }
    Decoded::Binary
}

fn utf16(b: &[u8], le: bool, name: &'static str) -> Decoded<'static> {
    let units = b.chunks_exact(2).map(|p| {
        if le {
            u16::from_le_bytes([p[0], p[1]])
        } else {
            u16::from_be_bytes([p[0], p[1]])
        }
    });
    let text: String = char::decode_utf16(units)
        .map(|r| r.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    Decoded::Text {
        bytes: Cow::Owned(text.into_bytes()),
        encoding: Some(name),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(d: Decoded<'_>) -> (String, Option<&'static str>) {
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
            ("ab".into(), Some("utf-8-bom"))
        );
        assert_eq!(
            text(decode(&le("Pwd=x\r\n", true))),
            ("Pwd=x\r\n".into(), Some("utf-16le"))
        );
        assert_eq!(
            text(decode(&le("Password=abc;Server=x", false))).1,
            Some("utf-16le")
        );
        let mut be = vec![0xFE, 0xFF];
        for u in "é=1".encode_utf16() {
            be.extend_from_slice(&u.to_be_bytes());
        }
        assert_eq!(text(decode(&be)), ("é=1".into(), Some("utf-16be")));
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
}
