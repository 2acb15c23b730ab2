//! Key=value connection strings: ADO.NET (SqlClient, Npgsql, MySqlConnector,
//! ODP.NET), OLE DB and ODBC, plus libpq's space-separated form.
//!
//! The tokenizer follows the quoting rules of `DbConnectionStringBuilder` and
//! the ODBC driver manager:
//! - pairs are separated by `;`, whitespace around keys and `=` is ignored;
//! - `==` inside a key is a literal `=`;
//! - a value may be quoted with `'` or `"`; the same quote doubled inside is
//!   a literal quote, and `;` is literal inside quotes;
//! - an ODBC value may be wrapped in `{...}`, where `}}` is a literal `}`.
//!
//! Connection strings live inside other syntaxes (a C# string, an XML
//! attribute, a JSON value), so parsing takes a `terminator`: the byte that
//! closes the surrounding literal. Inside a `"`-delimited host string a value
//! quoted with `\"` (C#/JSON escapes) or `&quot;` (XML) is understood too.

use std::ops::Range;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Pair {
    /// the key, lower-cased with inner whitespace collapsed (`user id`)
    pub key: String,
    /// byte span of the key in the input
    pub key_span: Range<usize>,
    /// the unquoted, unescaped value
    pub value: String,
    /// byte span of the value's content (inside any quotes) in the input
    pub value_span: Range<usize>,
    /// whether the value was quoted or braced
    pub quoted: bool,
    /// whether the value was in ODBC `{braces}`
    pub braced: bool,
}

#[derive(Clone, Debug, Default)]
pub struct KvString {
    pub pairs: Vec<Pair>,
    pub span: Range<usize>,
    /// `;`-separated (ADO/ODBC) or space-separated (libpq)
    pub libpq: bool,
    /// the byte that closes the literal the string sits in (`"` in C#)
    pub terminator: Option<u8>,
    /// the literal is an interpolated string (`$"..."`, `f"..."`), so
    /// `{braces}` hold expressions, not ODBC-quoted values
    pub interpolated: bool,
}

impl KvString {
    pub fn get(&self, keys: &[&str]) -> Option<&Pair> {
        self.pairs.iter().find(|p| keys.contains(&p.key.as_str()))
    }
    pub fn has(&self, keys: &[&str]) -> bool {
        self.get(keys).is_some()
    }
}

/// No real connection string has more pairs; the cap keeps a pathological
/// line (`a=;b=;...` for megabytes) linear.
pub const MAX_PAIRS: usize = 64;

fn is_key_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b' ' | b'\t' | b'_' | b'.' | b'-')
}

fn normalize_key(raw: &[u8]) -> String {
    let mut out = String::with_capacity(raw.len());
    let mut space = false;
    for &b in raw {
        if b == b' ' || b == b'\t' {
            space = !out.is_empty();
        } else {
            if space {
                out.push(' ');
                space = false;
            }
            out.push(b.to_ascii_lowercase() as char);
        }
    }
    out
}

/// Parse `;`-separated pairs starting at `start`, stopping at `end`, at a
/// newline, at `terminator`, or at the first malformed pair.
pub fn parse(s: &[u8], start: usize, end: usize, terminator: Option<u8>) -> KvString {
    let end = end.min(s.len());
    let mut pos = start;
    let mut pairs = Vec::new();
    let stop = |b: u8| b == b'\n' || b == b'\r' || Some(b) == terminator;
    while pairs.len() < MAX_PAIRS {
        while pos < end && matches!(s[pos], b' ' | b'\t' | b';') {
            pos += 1;
        }
        if pos >= end || stop(s[pos]) {
            break;
        }
        // key
        let key_start = pos;
        let mut key_bytes = Vec::new();
        let mut ok = false;
        while pos < end {
            let b = s[pos];
            if b == b'=' {
                if pos + 1 < end && s[pos + 1] == b'=' {
                    key_bytes.push(b'=');
                    pos += 2;
                    continue;
                }
                ok = true;
                break;
            }
            if !is_key_byte(b) {
                break;
            }
            key_bytes.push(b);
            pos += 1;
        }
        let key = normalize_key(&key_bytes);
        if !ok || key.is_empty() || !key.as_bytes()[0].is_ascii_alphabetic() || key.len() > 64 {
            break;
        }
        let key_end = trim_end(s, key_start, pos);
        pos += 1; // '='
        while pos < end && matches!(s[pos], b' ' | b'\t') {
            pos += 1;
        }
        let Some((value, span, quoted, next)) = value_at(s, pos, end, terminator) else {
            break;
        };
        pairs.push(Pair {
            key,
            key_span: key_start..key_end,
            braced: quoted && s.get(span.start.wrapping_sub(1)) == Some(&b'{'),
            value,
            value_span: span,
            quoted,
        });
        pos = next;
        while pos < end && matches!(s[pos], b' ' | b'\t') {
            pos += 1;
        }
        if pos < end && !stop(s[pos]) && s[pos] != b';' {
            break;
        }
    }
    let span_end = pairs.last().map(|p| p.value_span.end).unwrap_or(start);
    KvString {
        pairs,
        span: start..span_end,
        libpq: false,
        terminator,
        interpolated: false,
    }
}

fn trim_end(s: &[u8], start: usize, mut end: usize) -> usize {
    while end > start && matches!(s[end - 1], b' ' | b'\t') {
        end -= 1;
    }
    end
}

/// Returns (value, content span, quoted, position after the value).
fn value_at(
    s: &[u8],
    pos: usize,
    end: usize,
    terminator: Option<u8>,
) -> Option<(String, Range<usize>, bool, usize)> {
    if pos >= end {
        return Some((String::new(), pos..pos, false, pos));
    }
    let b = s[pos];
    // a quote of the other kind than the host literal's
    if (b == b'"' || b == b'\'') && Some(b) != terminator {
        return quoted(s, pos + 1, end, &[b], true);
    }
    if terminator == Some(b'"') && s[pos..end].starts_with(b"\\\"") {
        return quoted(s, pos + 2, end, b"\\\"", false);
    }
    if s[pos..end].starts_with(b"&quot;") {
        return quoted(s, pos + 6, end, b"&quot;", false);
    }
    if s[pos..end].starts_with(b"&apos;") {
        return quoted(s, pos + 6, end, b"&apos;", false);
    }
    if b == b'{' {
        // ODBC braces: `}}` is a literal `}`
        let mut i = pos + 1;
        let mut value = Vec::new();
        while i < end {
            if s[i] == b'}' {
                if i + 1 < end && s[i + 1] == b'}' {
                    value.push(b'}');
                    i += 2;
                    continue;
                }
                return Some((lossy(&value), pos + 1..i, true, i + 1));
            }
            if s[i] == b'\n' {
                return None;
            }
            value.push(s[i]);
            i += 1;
        }
        return None;
    }
    let mut i = pos;
    while i < end {
        let c = s[i];
        // an XML entity (`&amp;`, `&lt;`, `&#59;`) is one character, not a `;` separator
        if c == b'&' {
            if let Some(len) = xml_entity_len(&s[i..end]) {
                i += len;
                continue;
            }
        }
        if c == b';' || c == b'\n' || c == b'\r' || Some(c) == terminator {
            break;
        }
        if terminator == Some(b'"') && c == b'\\' && s.get(i + 1) == Some(&b'"') {
            break;
        }
        i += 1;
    }
    let vend = trim_end(s, pos, i);
    Some((lossy(&s[pos..vend]), pos..vend, false, i))
}

/// The length of the XML entity at the start of `s`, if there is one.
pub fn xml_entity_len(s: &[u8]) -> Option<usize> {
    for e in [&b"&amp;"[..], b"&lt;", b"&gt;", b"&quot;", b"&apos;"] {
        if s.starts_with(e) {
            return Some(e.len());
        }
    }
    if s.starts_with(b"&#") {
        let digits = s[2..]
            .iter()
            .take(8)
            .take_while(|b| b.is_ascii_alphanumeric())
            .count();
        if digits > 0 && s.get(2 + digits) == Some(&b';') {
            return Some(3 + digits);
        }
    }
    None
}

fn quoted(
    s: &[u8],
    start: usize,
    end: usize,
    quote: &[u8],
    doubled_escape: bool,
) -> Option<(String, Range<usize>, bool, usize)> {
    let mut i = start;
    let mut value = Vec::new();
    while i < end {
        if s[i..end].starts_with(quote) {
            let after = i + quote.len();
            if doubled_escape && s[after..end].starts_with(quote) {
                value.extend_from_slice(quote);
                i = after + quote.len();
                continue;
            }
            return Some((lossy(&value), start..i, true, after));
        }
        if s[i] == b'\n' {
            return None;
        }
        value.push(s[i]);
        i += 1;
    }
    None
}

fn lossy(b: &[u8]) -> String {
    String::from_utf8_lossy(b).into_owned()
}

/// libpq keywords (PostgreSQL docs, "Parameter Key Words").
const LIBPQ_KEYS: &[&str] = &[
    "host",
    "hostaddr",
    "port",
    "dbname",
    "user",
    "password",
    "passfile",
    "sslmode",
    "connect_timeout",
    "application_name",
    "options",
    "sslrootcert",
    "sslcert",
    "sslkey",
    "target_session_attrs",
    "client_encoding",
    "service",
    "require_auth",
    "channel_binding",
];

/// Parse libpq `host=h dbname=d user=u password=p`: space-separated, values
/// optionally in single quotes with backslash escapes.
pub fn parse_libpq(s: &[u8], start: usize, end: usize, terminator: Option<u8>) -> KvString {
    let end = end.min(s.len());
    let mut pos = start;
    let mut pairs = Vec::new();
    while pairs.len() < MAX_PAIRS {
        while pos < end && matches!(s[pos], b' ' | b'\t') {
            pos += 1;
        }
        if pos >= end || s[pos] == b'\n' || Some(s[pos]) == terminator {
            break;
        }
        let key_start = pos;
        while pos < end && (s[pos].is_ascii_alphanumeric() || s[pos] == b'_') {
            pos += 1;
        }
        let key = String::from_utf8_lossy(&s[key_start..pos]).to_ascii_lowercase();
        let key_end = pos;
        while pos < end && s[pos] == b' ' {
            pos += 1;
        }
        if pos >= end || s[pos] != b'=' || !LIBPQ_KEYS.contains(&key.as_str()) {
            break;
        }
        pos += 1;
        while pos < end && s[pos] == b' ' {
            pos += 1;
        }
        if pos < end && s[pos] == b'\'' && terminator != Some(b'\'') {
            let vstart = pos + 1;
            let mut i = vstart;
            let mut value = Vec::new();
            let mut closed = false;
            while i < end && s[i] != b'\n' {
                if s[i] == b'\\' && i + 1 < end {
                    value.push(s[i + 1]);
                    i += 2;
                    continue;
                }
                if s[i] == b'\'' {
                    closed = true;
                    break;
                }
                value.push(s[i]);
                i += 1;
            }
            if !closed {
                break;
            }
            pairs.push(Pair {
                key,
                key_span: key_start..key_end,
                value: lossy(&value),
                value_span: vstart..i,
                quoted: true,
                braced: false,
            });
            pos = i + 1;
        } else {
            let vstart = pos;
            while pos < end
                && !matches!(s[pos], b' ' | b'\t' | b'\n' | b'\r')
                && Some(s[pos]) != terminator
            {
                pos += 1;
            }
            // code around the string (`host=\"x\", user=...`), not libpq
            if s[vstart..pos]
                .iter()
                .any(|b| matches!(b, b'"' | b'\\' | b'(' | b')' | b','))
            {
                break;
            }
            pairs.push(Pair {
                key,
                key_span: key_start..key_end,
                value: lossy(&s[vstart..pos]),
                value_span: vstart..pos,
                quoted: false,
                braced: false,
            });
        }
    }
    let span_end = pairs.last().map(|p| p.value_span.end).unwrap_or(start);
    KvString {
        pairs,
        span: start..span_end,
        libpq: true,
        terminator,
        interpolated: false,
    }
}

/// Find the connection string that has a key starting exactly at `hit`.
///
/// The string's start is not known: it may follow a quote, a `>`, an `=` or
/// `:` of an enclosing assignment, or the start of the line. Each plausible
/// start before the hit (on the same line, within `lo`) is tried, and the
/// parse with the most pairs that contains the hit as a key wins.
pub fn find_around(s: &[u8], hit: usize, lo: usize, hi: usize) -> Option<KvString> {
    let line_start = memchr::memrchr(b'\n', &s[lo..hit]).map_or(lo, |i| lo + i + 1);
    let mut candidates: Vec<(usize, Option<u8>, bool)> = Vec::with_capacity(12);
    // where the quote open at a delimiter is needed: found in one pass below
    let mut pending: Vec<(usize, usize)> = Vec::new();
    let mut i = hit;
    while i > line_start && candidates.len() < 12 {
        i -= 1;
        let term = match s[i] {
            b'"' => Some(b'"'),
            b'\'' => Some(b'\''),
            b'`' => Some(b'`'),
            b'>' => Some(b'<'),
            // inside `"pgsql:host=x;password=y"` the string still ends at `"`
            b'=' | b':' | b'(' | b',' | b'[' => {
                pending.push((i, candidates.len()));
                None
            }
            // an XML-escaped quote opens a nested string (Entity Framework's
            // `provider connection string=&quot;...&quot;`)
            b';' if s[..=i].ends_with(b"&quot;") => Some(b'"'),
            _ => continue,
        };
        let interpolated = match s[i] {
            b'"' | b'\'' => {
                let p = |k: usize| i.checked_sub(k).map(|j| s[j]);
                matches!(p(1), Some(b'$' | b'f' | b'F'))
                    && !p(2).is_some_and(|b| b.is_ascii_alphanumeric())
                    || (p(1) == Some(b'@') && p(2) == Some(b'$'))
                    || (p(1) == Some(b'$') && p(2) == Some(b'@'))
            }
            b'`' => true,
            _ => false,
        };
        candidates.push((i + 1, term, interpolated));
    }
    // no quote is open at the start of the line
    candidates.push((line_start, None, false));
    if !pending.is_empty() {
        pending.reverse(); // in increasing order of position
        let ats: Vec<usize> = pending.iter().map(|&(at, _)| at).collect();
        for (q, &(_, c)) in enclosing_quotes(s, line_start, &ats)
            .into_iter()
            .zip(&pending)
        {
            candidates[c].1 = q;
        }
    }
    let mut best: Option<KvString> = None;
    for (start, term, interpolated) in candidates {
        // A start inside a run of key characters is not a start.
        for libpq in [false, true] {
            let mut kv = if libpq {
                parse_libpq(s, start, hi, term)
            } else {
                parse(s, start, hi, term)
            };
            kv.interpolated = interpolated;
            if !kv.pairs.iter().any(|p| p.key_span.start == hit) {
                continue;
            }
            if best.as_ref().is_none_or(|b| kv.pairs.len() > b.pairs.len()) {
                best = Some(kv);
            }
        }
    }
    best
}

/// [`enclosing_quote`] at each of `ats` (in increasing order), in one pass
/// over the line that jumps from quote to quote: a long line with many
/// keyword hits is not walked once per delimiter.
fn enclosing_quotes(s: &[u8], line_start: usize, ats: &[usize]) -> Vec<Option<u8>> {
    let mut out = Vec::with_capacity(ats.len());
    let Some(&last) = ats.last() else {
        return out;
    };
    let mut open: Option<u8> = None;
    let mut i = line_start;
    let mut next = ats.iter().peekable();
    loop {
        // the next byte that can change the state, before `last`
        let j = if i < last {
            memchr::memchr3(b'"', b'\'', b'\\', &s[i..last]).map(|k| i + k)
        } else {
            None
        };
        let until = j.unwrap_or(usize::MAX);
        while let Some(&&at) = next.peek() {
            if at > until {
                break;
            }
            out.push(open);
            next.next();
        }
        let Some(j) = j else { break };
        match (open, s[j]) {
            (Some(_), b'\\') => i = j + 2,
            (Some(q), b) if b == q => {
                open = None;
                i = j + 1;
            }
            (None, b @ (b'"' | b'\'')) => {
                open = Some(b);
                i = j + 1;
            }
            _ => i = j + 1,
        }
    }
    while out.len() < ats.len() {
        out.push(open);
    }
    out
}

/// The quote that is open at `at` on its line, if any.
#[cfg(test)]
fn enclosing_quote(s: &[u8], line_start: usize, at: usize) -> Option<u8> {
    let mut open: Option<u8> = None;
    let mut i = line_start;
    while i < at {
        match (open, s[i]) {
            (Some(_), b'\\') => i += 1,
            (Some(q), b) if b == q => open = None,
            (None, b @ (b'"' | b'\'')) => open = Some(b),
            _ => {}
        }
        i += 1;
    }
    open
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-pass version agrees with the position-by-position one.
    #[test]
    fn enclosing_quotes_in_one_pass() {
        let lines: &[&[u8]] = &[
            br#"x = "a=b;c='d'" + 'e\'f' , g("h="i"", j)"#,
            br#""a\"b"c\"d"'e'"#,
            b"no quotes = at : all , here",
            br#""unterminated = , : ( ["#,
        ];
        for s in lines {
            for start in 0..s.len() {
                let ats: Vec<usize> = (start..=s.len()).collect();
                let want: Vec<Option<u8>> =
                    ats.iter().map(|&a| enclosing_quote(s, start, a)).collect();
                assert_eq!(enclosing_quotes(s, start, &ats), want, "{start}");
                let some: Vec<usize> = ats.iter().copied().step_by(3).collect();
                let want: Vec<Option<u8>> =
                    some.iter().map(|&a| enclosing_quote(s, start, a)).collect();
                assert_eq!(enclosing_quotes(s, start, &some), want);
            }
        }
    }

    fn kv(s: &str) -> Vec<(String, String)> {
        parse(s.as_bytes(), 0, s.len(), None)
            .pairs
            .into_iter()
            .map(|p| (p.key, p.value))
            .collect()
    }

    fn pair(k: &str, v: &str) -> (String, String) {
        (k.to_string(), v.to_string())
    }

    #[test]
    fn ado_aliases_spaces_and_case() {
        assert_eq!(
            kv("Data Source = tcp:x.database.windows.net,1433 ; Initial Catalog=db;USER   ID=app;pwd= s3cr3t ;"),
            vec![
                pair("data source", "tcp:x.database.windows.net,1433"),
                pair("initial catalog", "db"),
                pair("user id", "app"),
                pair("pwd", "s3cr3t"),
            ]
        );
    }

    #[test]
    fn quoted_values_with_semicolons_and_doubled_quotes() {
        assert_eq!(
            kv(r#"Server=s;Password='a;b''c';User=u"#),
            vec![
                pair("server", "s"),
                pair("password", "a;b'c"),
                pair("user", "u")
            ]
        );
        assert_eq!(
            kv(r#"Server=s;Password="x""y;z""#),
            vec![pair("server", "s"), pair("password", "x\"y;z")]
        );
    }

    #[test]
    fn odbc_braces_with_escaped_close() {
        assert_eq!(
            kv("Driver={ODBC Driver 18 for SQL Server};PWD={p}}w;d};UID=u"),
            vec![
                pair("driver", "ODBC Driver 18 for SQL Server"),
                pair("pwd", "p}w;d"),
                pair("uid", "u"),
            ]
        );
    }

    #[test]
    fn xml_entities_are_not_separators() {
        assert_eq!(
            kv("Data Source=ETL01;Password=SSIS&lt;Etl&gt;2016;Initial Catalog=Staging"),
            vec![
                pair("data source", "ETL01"),
                pair("password", "SSIS&lt;Etl&gt;2016"),
                pair("initial catalog", "Staging")
            ]
        );
    }

    #[test]
    fn escaped_equals_in_key() {
        assert_eq!(kv("a==b=c;d=e"), vec![pair("a=b", "c"), pair("d", "e")]);
    }

    #[test]
    fn terminator_and_escaped_quotes_of_the_host_literal() {
        let s = r#"x = "Server=s;Password=\"p;q\";User=u"; y"#;
        let start = s.find("Server").unwrap();
        let got = parse(s.as_bytes(), start, s.len(), Some(b'"'));
        let vals: Vec<_> = got.pairs.iter().map(|p| p.value.as_str()).collect();
        assert_eq!(vals, ["s", "p;q", "u"]);
        let s = r#"connectionString="Server=s;Password=&quot;p;q&quot;;""#;
        let start = s.find("Server").unwrap();
        let got = parse(s.as_bytes(), start, s.len(), Some(b'"'));
        assert_eq!(got.pairs[1].value, "p;q");
    }

    #[test]
    fn value_span_points_inside_quotes() {
        let s = "Server=s;Password='abc'";
        let got = parse(s.as_bytes(), 0, s.len(), None);
        assert_eq!(&s[got.pairs[1].value_span.clone()], "abc");
    }

    #[test]
    fn malformed_stops_without_panicking() {
        for s in [
            "=",
            ";;;",
            "a",
            "a=",
            "a='unterminated",
            "a={x",
            "Password=\"",
            "é=1",
            "k=v;é",
        ] {
            let _ = parse(s.as_bytes(), 0, s.len(), None);
            let _ = parse_libpq(s.as_bytes(), 0, s.len(), None);
        }
    }

    #[test]
    fn find_around_picks_the_whole_string() {
        let s = r#"var c = new SqlConnection("Server='my;srv';Database=db;Password=Pw1!;");"#;
        let hit = s.find("Password").unwrap();
        let got = find_around(s.as_bytes(), hit, 0, s.len()).unwrap();
        let keys: Vec<_> = got.pairs.iter().map(|p| p.key.as_str()).collect();
        assert_eq!(keys, ["server", "database", "password"]);
        let s = "ConnectionStrings__Default=Server=db;User Id=sa;Password=Pw1!";
        let hit = s.find("Password").unwrap();
        let got = find_around(s.as_bytes(), hit, 0, s.len()).unwrap();
        assert_eq!(got.pairs.len(), 3);
        assert_eq!(got.pairs[0].key, "server");
    }

    #[test]
    fn strings_inside_strings_and_interpolation() {
        let s = r#"$pdo = new PDO("pgsql:host=pg.internal;dbname=archive;user=archive;password=Pg4rch!ve");"#;
        let hit = s.find("password").unwrap();
        let got = find_around(s.as_bytes(), hit, 0, s.len()).unwrap();
        assert_eq!(got.get(&["password"]).unwrap().value, "Pg4rch!ve");
        let s = r#"=> $"Host={host};Username={user};Password={_options.Password}";"#;
        let hit = s.find("Password").unwrap();
        let got = find_around(s.as_bytes(), hit, 0, s.len()).unwrap();
        assert!(got.interpolated && got.get(&["password"]).unwrap().braced);
        let s = r#"cs = "Driver={ODBC Driver 18 for SQL Server};Server=s;PWD={p;w};""#;
        let hit = s.find("PWD").unwrap();
        let got = find_around(s.as_bytes(), hit, 0, s.len()).unwrap();
        assert!(!got.interpolated && got.get(&["pwd"]).unwrap().braced);
    }

    #[test]
    fn libpq_form() {
        let s = r#"pg_connect("host=db.example.com port=5432 dbname=app user=web password='it\'s x'");"#;
        let hit = s.find("password").unwrap();
        let got = find_around(s.as_bytes(), hit, 0, s.len()).unwrap();
        assert!(got.libpq);
        assert_eq!(got.get(&["password"]).unwrap().value, "it's x");
    }
}
