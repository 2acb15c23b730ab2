//! Small byte and text helpers shared by the grammars, the scanner and the
//! reports. A leaf: it imports nothing from the crate.

/// The line around byte `at`, looking no further than `lo..hi`: `(start,
/// end)`, the end at the `\n` (exclusive) or at `hi`.
pub fn line_bounds(s: &[u8], at: usize, lo: usize, hi: usize) -> (usize, usize) {
    let start = memchr::memrchr(b'\n', &s[lo..at]).map_or(lo, |i| lo + i + 1);
    let end = memchr::memchr(b'\n', &s[at..hi]).map_or(hi, |i| at + i);
    (start, end)
}

/// Move forward to the start of a UTF-8 sequence.
/// (At most three steps: further on is not UTF-8 anyway.)
pub fn ceil_char(text: &[u8], mut i: usize) -> usize {
    let stop = i + 3;
    while i < text.len() && i < stop && (text[i] & 0xC0) == 0x80 {
        i += 1;
    }
    i
}

/// Back off to the start of a UTF-8 sequence.
pub fn floor_char(text: &[u8], mut i: usize) -> usize {
    let stop = i.saturating_sub(3);
    while i > stop && i < text.len() && (text[i] & 0xC0) == 0x80 {
        i -= 1;
    }
    i
}

/// At most `n` characters of `s` from its start: a prefix that never cuts
/// a character in half (commit ids, fingerprints and other data read from
/// reports are not always ASCII).
pub fn prefix(s: &str, n: usize) -> &str {
    match s.char_indices().nth(n) {
        Some((i, _)) => &s[..i],
        None => s,
    }
}

/// File names and snippets are data: make control characters visible
/// (`\n`, `\x1b`) so they cannot move the cursor or forge output lines.
pub fn escape_control(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => out.push_str(&format!("\\x{:02x}", c as u32)),
            // bidirectional overrides can reorder what a reviewer sees
            '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}' => {
                out.push_str(&format!("\\u{{{:x}}}", c as u32))
            }
            c => out.push(c),
        }
    }
    out
}

/// The byte range of `before` lines above and `after` lines below a line.
pub fn lines_around(
    s: &[u8],
    ls: usize,
    le: usize,
    lo: usize,
    hi: usize,
    before: usize,
    after: usize,
) -> (usize, usize) {
    let mut a = ls;
    for _ in 0..before {
        if a <= lo {
            break;
        }
        a = memchr::memrchr(b'\n', &s[lo..a - 1]).map_or(lo, |i| lo + i + 1);
    }
    let mut b = le;
    for _ in 0..after {
        if b >= hi {
            break;
        }
        b = memchr::memchr(b'\n', &s[b + 1..hi]).map_or(hi, |i| b + 1 + i);
    }
    (a, b)
}

/// A parser's error message (serde, toml) without the values it quotes
/// from the input: `invalid type: string "hunter2", expected a sequence`
/// becomes `invalid type: string …, expected a sequence`. What follows
/// `expected` is the schema's own vocabulary and is kept. An error about a
/// file must never print what the file holds (a configuration that names
/// `/proc/self/environ` would print the CI job's tokens).
pub fn without_values(message: &str) -> String {
    // names a key of the schema, not of the input
    if message.starts_with("missing field `") {
        return message.to_string();
    }
    // serde: `invalid type: string "…", expected ..` and `invalid value:
    // ..`: all between the kind of value and `, expected` is the value,
    // whatever quotes and escapes it holds
    for lead in ["invalid type: ", "invalid value: ", "invalid length "] {
        if let Some(at) = message.find(lead) {
            let after = &message[at + lead.len()..];
            if let Some(end) = after.find(", expected") {
                let kind = after[..end].split(' ').next().unwrap_or("");
                return format!(
                    "{}{lead}{kind} …{}",
                    without_values(&message[..at]),
                    &after[end..]
                );
            }
        }
    }
    let (head, tail) = match message.find("expected") {
        Some(i) => message.split_at(i),
        None => (message, ""),
    };
    let mut out = String::with_capacity(message.len());
    let mut rest = head;
    while let Some(open) = rest.find(['"', '`', '\'']) {
        let q = rest[open..].chars().next().unwrap_or('"');
        out.push_str(&rest[..=open]);
        let after = &rest[open + 1..];
        // the closing quote, skipping escaped ones (`\"`)
        let close = after
            .char_indices()
            .scan(false, |escaped, (i, c)| {
                let r = Some((i, c, *escaped));
                *escaped = !*escaped && c == '\\';
                r
            })
            .find(|&(_, c, escaped)| c == q && !escaped)
            .map(|(i, _, _)| i);
        match close {
            Some(close) => {
                out.push('…');
                out.push(q);
                rest = &after[close + 1..];
            }
            None => {
                // an unclosed quote: nothing after it is kept
                out.push('…');
                rest = "";
            }
        }
    }
    out.push_str(rest);
    // a bare value (`invalid type: integer 12345, expected ..`)
    let words: Vec<&str> = out.split(' ').collect();
    let mut kept: Vec<String> = Vec::with_capacity(words.len());
    for (n, w) in words.iter().enumerate() {
        let after_kind = n > 0
            && matches!(
                words[n - 1],
                "integer" | "float" | "boolean" | "string" | "character" | "char"
            );
        if after_kind && !w.starts_with(['"', '`', '\'']) && !w.is_empty() {
            kept.push(if w.ends_with(',') {
                "…,".into()
            } else {
                "…".into()
            });
        } else {
            kept.push((*w).to_string());
        }
    }
    let mut out = kept.join(" ");
    out.push_str(tail);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_characters_are_escaped() {
        assert_eq!(
            escape_control("a\x1b[31mb\nc\u{202E}"),
            "a\\x1b[31mb\\nc\\u{202e}"
        );
        assert_eq!(escape_control("plain/päth.txt"), "plain/päth.txt");
    }

    #[test]
    fn prefixes_never_cut_a_character() {
        assert_eq!(prefix("abcdef", 3), "abc");
        assert_eq!(prefix("ab", 10), "ab");
        assert_eq!(prefix("ééééé", 2), "éé");
        assert_eq!(prefix("", 4), "");
    }

    #[test]
    fn line_bounds_stay_in_the_window() {
        let s = b"one\ntwo\nthree";
        assert_eq!(line_bounds(s, 5, 0, s.len()), (4, 7));
        assert_eq!(line_bounds(s, 5, 5, 6), (5, 6));
        assert_eq!(line_bounds(s, 9, 0, s.len()), (8, 13));
    }

    #[test]
    fn parser_messages_lose_the_values_they_quote() {
        assert_eq!(
            without_values(r#"invalid type: string "hunter2", expected a sequence"#),
            "invalid type: string …, expected a sequence"
        );
        assert_eq!(
            without_values("invalid type: integer `12345678`, expected a string"),
            "invalid type: integer …, expected a string"
        );
        assert_eq!(
            without_values("invalid type: integer 12345678, expected u32 at line 1 column 9"),
            "invalid type: integer …, expected u32 at line 1 column 9"
        );
        assert_eq!(
            without_values("unknown field `PATH=/usr/bin`, expected one of `exclude`, `allow`"),
            "unknown field `…`, expected one of `exclude`, `allow`"
        );
        // even a key: the line number says where it is
        assert_eq!(
            without_values("unknown field `fail_on`, expected one of `exclude`"),
            "unknown field `…`, expected one of `exclude`"
        );
        assert_eq!(without_values("unterminated \"abc"), "unterminated \"…");
        assert_eq!(
            without_values("missing field `title`"),
            "missing field `title`"
        );
    }
}
