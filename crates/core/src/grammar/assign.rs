//! Key/value assignments in code and config: `KEY=value` (.env, shell,
//! properties, INI, TOML, HCL), `key: value` (YAML, JSON, Python dicts, JS
//! objects), `'key' => 'value'` (PHP, Ruby), `<key>value</key>` and
//! `<add key="k" value="v"/>` (XML), and the name/value pair form of
//! Kubernetes, ECS and App Service settings (`- name: K` then `value: v`).
//!
//! Everything starts from a keyword hit inside the key. The key's dotted
//! path is built from the lines above with less indentation (YAML, JSON,
//! Python and PHP dict literals, HCL blocks) and from `[section]` headers
//! (INI, TOML), so `spring:`/`datasource:`/`password:` reads as
//! `spring.datasource.password`.

use crate::text::line_bounds;
use std::ops::Range;

#[derive(Clone, Debug)]
pub struct Assignment {
    /// the key as written, without quotes (`spring.datasource.password`)
    pub key: String,
    pub key_span: Range<usize>,
    pub value: String,
    pub value_span: Range<usize>,
    pub quoted: bool,
}

impl Assignment {
    /// The last segment of the key: `builder.Password` -> `Password`.
    pub fn name(&self) -> &str {
        let k = self.key.trim_start_matches(['$', '@', ':', '-']);
        k.rsplit(['.', ':']).next().unwrap_or(k)
    }
}

pub fn is_ident(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'_' | b'.' | b'-')
}

fn skip_ws(s: &[u8], mut i: usize, end: usize) -> usize {
    while i < end && matches!(s[i], b' ' | b'\t') {
        i += 1;
    }
    i
}

fn skip_ws_back(s: &[u8], mut i: usize, lo: usize) -> usize {
    while i > lo && matches!(s[i - 1], b' ' | b'\t') {
        i -= 1;
    }
    i
}

/// Parse the assignment whose key contains the keyword hit at `hit`.
///
/// `line_values`: in line-oriented config (.env, properties, YAML, INI) a
/// bare value runs to the end of the line or a ` #` comment, so `;`, `,` and
/// brackets inside it belong to the password.
pub fn at_hit(
    s: &[u8],
    hit: usize,
    lo: usize,
    hi: usize,
    line_values: LineValues,
) -> Option<Assignment> {
    let (line_start, line_end) = line_bounds(s, hit, lo, hi);
    let mut ks = hit;
    while ks > line_start && (is_ident(s[ks - 1]) || s[ks - 1] == b'$') {
        ks -= 1;
    }
    let mut ke = hit;
    while ke < line_end && is_ident(s[ke]) {
        ke += 1;
    }
    if ks == ke {
        return None;
    }
    // `${DB_PASSWORD:-x}` / `%DB_PASSWORD%` name a variable, they do not set it
    if ks > line_start && s[ks - 1] == b'{' && ks >= 2 && s[ks - 2] == b'$' {
        return None;
    }
    let key = String::from_utf8_lossy(&s[ks..ke]).into_owned();
    let before = skip_ws_back(s, ks, line_start);
    let prev = if before > line_start {
        Some(s[before - 1])
    } else {
        None
    };

    // <Password>value</Password> (the closing tag must follow: `<password>`
    // alone is a placeholder in prose)
    if prev == Some(b'<') && ke < line_end && s[ke] == b'>' {
        let vs = ke + 1;
        let close = memchr::memchr(b'<', &s[vs..line_end]).map(|i| vs + i)?;
        let closing = s[close..line_end].strip_prefix(b"</")?;
        if !closing.starts_with(&s[ks..ke]) {
            return None;
        }
        let (a, b) = trim(s, vs, close);
        return Some(Assignment {
            key,
            key_span: ks..ke,
            value: xml_unescape(&s[a..b]),
            value_span: a..b,
            quoted: false,
        });
    }

    let mut after = ke;
    let mut quoted_key = false;
    // `` `pwd`:/src `` (a shell command) and `` `DB_PASSWORD`: the password
    // used to ... `` (a Markdown description): a key in backticks is never
    // being set
    if prev == Some(b'`') && ke < line_end && s[ke] == b'`' {
        return None;
    }
    if let Some(q @ (b'"' | b'\'' | b'`')) = prev {
        if ke < line_end && s[ke] == q {
            quoted_key = true;
            after = ke + 1;
            // `name: "DB_PASSWORD"` / `key="DbPassword"`: the key is a value
            if let Some(a) =
                name_value(s, before - 1, after, line_start, line_end, hi, &key, ks..ke)
            {
                return Some(a);
            }
        }
    } else if let Some(a) = name_value(s, before, after, line_start, line_end, hi, &key, ks..ke) {
        return Some(a);
    }
    // `['PASSWORD']` subscripts
    after = skip_ws(s, after, line_end);
    if quoted_key && after < line_end && s[after] == b']' {
        after = skip_ws(s, after + 1, line_end);
    }
    // the operator
    if after >= line_end {
        return None;
    }
    let op_len = if [&b"=>"[..], b":=", b"?="]
        .iter()
        .any(|op| s[after..line_end].starts_with(op))
    {
        2
    } else if s[after] == b'=' {
        if s.get(after + 1).is_some_and(|&b| b == b'=' || b == b'~') {
            return None; // comparison
        }
        1
    } else if s[after] == b':' {
        if s.get(after + 1) == Some(&b':') {
            return None;
        }
        // `"$PWD:/data"`: a shell variable expanded, not a key being set
        if key.starts_with('$') {
            return None;
        }
        1
    } else {
        return None;
    };
    let vs = skip_ws(s, after + op_len, line_end);
    let (mut value, mut span, mut quoted) = value_at(s, vs, line_end)?;
    let to_eol = match s[after] {
        b':' => line_values.colon,
        _ => line_values.equals,
    };
    if to_eol
        && !quoted
        && !value.starts_with("${")
        && !value.is_empty()
        && s.get(vs) != Some(&b'{')
    {
        let mut e = vs;
        while e < line_end && s[e] != b'\r' {
            if matches!(s[e], b' ' | b'\t') && s.get(e + 1) == Some(&b'#') {
                break;
            }
            e += 1;
        }
        let (a, b) = trim(s, vs, e);
        value = String::from_utf8_lossy(&s[a..b]).into_owned();
        span = a..b;
    }
    if !quoted || value.starts_with("${") {
        if let Some((v, sp)) = fallback_literal(s, vs, line_end) {
            (value, span, quoted) = (v, sp, true);
        }
    }
    // ARM parameter files and templates: `"adminPassword": { "value": "x" }`
    // or `{ "type": "securestring", "defaultValue": "x" }`
    if !quoted && s.get(vs) == Some(&b'{') {
        if let Some((v, sp)) = nested_value(s, vs, hi) {
            (value, span, quoted) = (v, sp, true);
        }
    }
    Some(Assignment {
        key,
        key_span: ks..ke,
        value,
        value_span: span,
        quoted,
    })
}

/// Which operators introduce a value that runs to the end of the line.
#[derive(Clone, Copy, Debug, Default)]
pub struct LineValues {
    /// `KEY=value` in .env, .properties, INI
    pub equals: bool,
    /// `key: value` in YAML, .properties
    pub colon: bool,
}

/// A literal fallback in an expression that reads a variable:
/// `process.env.X ?? 'lit'`, `ENV['X'] || 'lit'`, `os.getenv('X') or 'lit'`,
/// `env('X', 'lit')`, `os.environ.get("X", "lit")`, `ENV.fetch('X', 'lit')`,
/// `<%= ENV['X'] || 'lit' %>`.
fn fallback_literal(s: &[u8], vs: usize, end: usize) -> Option<(String, Range<usize>)> {
    // only the expression that is the value: up to a `,`, `}` or `;` outside
    // brackets and quotes (`{ password: env.X, user: env.Y || 'app' }`)
    let end = expression_end(s, vs, end);
    let line = &s[vs..end];
    // binary fallbacks, after an expression that reads something (a call,
    // an attribute, an index), not after a word of prose
    for op in [&b"??"[..], b"||", b" or "] {
        if let Some(i) = memchr::memmem::find(line, op) {
            if !reads_something(&line[..i]) {
                continue;
            }
            let j = skip_ws(s, vs + i + op.len(), end);
            if let Some((v, sp, true)) = value_at(s, j, end) {
                return Some((v, sp));
            }
        }
    }
    // a call whose last argument is the default: env('X', 'lit')
    let open = memchr::memchr(b'(', line)?;
    let name = &line[..open];
    let lname = String::from_utf8_lossy(name).to_ascii_lowercase();
    if !(lname.ends_with("env")
        || lname.ends_with("getenv")
        || lname.ends_with(".get")
        || lname.ends_with("fetch"))
    {
        return None;
    }
    let comma = memchr::memchr(b',', &line[open..])? + open;
    let j = skip_ws(s, vs + comma + 1, end);
    match value_at(s, j, end) {
        Some((v, sp, true)) => Some((v, sp)),
        _ => None,
    }
}

/// `os.getenv('X')`, `ENV['X']`, `process.env.X`, `<%= ENV['X']`: one operand
/// (no blank outside brackets and quotes) that calls, indexes or reads an
/// attribute. A sentence (`from the object. If you use `a` or `b``) is not.
fn reads_something(operand: &[u8]) -> bool {
    let mut operand = operand.trim_ascii();
    for prefix in [&b"<%="[..], b"<%", b"${", b"#{"] {
        if let Some(rest) = operand.strip_prefix(prefix) {
            operand = rest.trim_ascii_start();
        }
    }
    if !operand.iter().any(|b| matches!(b, b'(' | b'[' | b'.')) {
        return false;
    }
    let mut depth = 0i32;
    let mut quote: Option<u8> = None;
    for &b in operand {
        match quote {
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None => match b {
                b'"' | b'\'' | b'`' => quote = Some(b),
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' => depth -= 1,
                b' ' | b'\t' if depth <= 0 => return false,
                _ => {}
            },
        }
    }
    true
}

fn expression_end(s: &[u8], start: usize, end: usize) -> usize {
    let mut depth = 0i32;
    let mut quote: Option<u8> = None;
    let mut i = start;
    while i < end {
        let b = s[i];
        match quote {
            Some(_) if b == b'\\' => i += 1,
            Some(q) if b == q => quote = None,
            Some(_) => {}
            None => match b {
                b'"' | b'\'' | b'`' => quote = Some(b),
                b'(' | b'[' | b'{' => depth += 1,
                b')' | b']' | b'}' if depth == 0 => return i,
                b')' | b']' | b'}' => depth -= 1,
                b',' | b';' if depth == 0 => return i,
                _ => {}
            },
        }
        i += 1;
    }
    end
}

/// `{ "value": "x" }` / `{ "type": "securestring", "defaultValue": "x" }`
/// on the lines after `vs` (which points at the `{`).
fn nested_value(s: &[u8], vs: usize, hi: usize) -> Option<(String, Range<usize>)> {
    let end = (vs + 400).min(hi);
    let region = &s[vs..end];
    let close = memchr::memchr(b'}', region).unwrap_or(region.len());
    let region = &region[..close];
    for key in [&b"\"value\""[..], b"\"defaultValue\""] {
        if let Some(i) = memchr::memmem::find(region, key) {
            let mut j = skip_ws(s, vs + i + key.len(), vs + close);
            if j >= vs + close || s[j] != b':' {
                continue;
            }
            j = skip_ws(s, j + 1, vs + close);
            let lend = memchr::memchr(b'\n', &s[j..vs + close]).map_or(vs + close, |k| j + k);
            if let Some((v, sp, true)) = value_at(s, j, lend) {
                return Some((v, sp));
            }
        }
    }
    None
}

/// Is the word before `at` (ignoring spaces, quotes and an operator) one of
/// `words`? Used to recognise `name: KEY` and `key="KEY"`.
fn preceded_by_word(s: &[u8], at: usize, line_start: usize, words: &[&str]) -> bool {
    let mut i = skip_ws_back(s, at, line_start);
    if i > line_start && matches!(s[i - 1], b':' | b'=') {
        i -= 1;
    } else {
        return false;
    }
    i = skip_ws_back(s, i, line_start);
    if i > line_start && matches!(s[i - 1], b'"' | b'\'') {
        i -= 1;
    }
    let end = i;
    while i > line_start && s[i - 1].is_ascii_alphanumeric() {
        i -= 1;
    }
    let w = &s[i..end];
    words.iter().any(|x| w.eq_ignore_ascii_case(x.as_bytes()))
}

#[allow(clippy::too_many_arguments)]
fn name_value(
    s: &[u8],
    key_open: usize,
    after_key: usize,
    line_start: usize,
    line_end: usize,
    hi: usize,
    key: &str,
    key_span: Range<usize>,
) -> Option<Assignment> {
    if !preceded_by_word(s, key_open, line_start, &["name", "key"]) {
        return None;
    }
    // XML: `<add key="DbPassword" value="..."/>` or `<property name="password" value="..."/>`
    let tag_open = memchr::memrchr(b'<', &s[line_start..key_open]).is_some();
    if tag_open {
        let tag_end =
            memchr::memchr(b'>', &s[after_key..line_end]).map_or(line_end, |i| after_key + i);
        let attrs = &s[after_key..tag_end];
        if let Some(v) = find_attr(attrs, b"value") {
            let a = after_key + v.start;
            let b = after_key + v.end;
            return Some(xml_value(s, key, key_span, a..b, true));
        }
        // <property name="hibernate.connection.password">x</property>
        if tag_end < line_end && s[tag_end] == b'>' && s[tag_end - 1] != b'/' {
            let a = tag_end + 1;
            if let Some(b) = memchr::memchr(b'<', &s[a..line_end]).map(|i| a + i) {
                if s[b..line_end].starts_with(b"</") && b > a {
                    let (a, b) = trim(s, a, b);
                    return Some(xml_value(s, key, key_span, a..b, true));
                }
            }
        }
        // <setting name="DbPassword"><value>x</value></setting>
        let rest_end = (tag_end + 400).min(hi);
        let rest = &s[tag_end.min(rest_end)..rest_end];
        if let Some(v) = memchr::memmem::find(rest, b"<value>") {
            let a = tag_end + v + 7;
            let b = memchr::memchr(b'<', &s[a..rest_end]).map(|i| a + i)?;
            return Some(xml_value(s, key, key_span, a..b, false));
        }
        return None;
    }
    // `- name: DB_PASSWORD` + `value: x` within the next few lines, or in the
    // same flow mapping `{name: K, value: v}`.
    let search_end = {
        let mut e = line_end;
        for _ in 0..3 {
            if e >= hi {
                break;
            }
            e = memchr::memchr(b'\n', &s[e + 1..hi]).map_or(hi, |i| e + 1 + i);
        }
        e
    };
    let region = &s[after_key..search_end];
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&region[from..], b"value") {
        let at = after_key + from + i;
        from += i + 5;
        let before_ok = at == 0 || !is_ident(s[at - 1]);
        let mut j = at + 5;
        if j < s.len() && matches!(s[j], b'"' | b'\'') {
            j += 1;
        }
        if !before_ok || j >= search_end || is_ident(s[j]) {
            continue;
        }
        // stop at the next name: entry, which belongs to another variable
        if memchr::memmem::find(&s[after_key..at], b"name").is_some() {
            return None;
        }
        let (lend_s, lend) = line_bounds(s, at, after_key.min(at), search_end);
        // `value` must be a key of the same mapping: first on its line (`  value:`,
        // `- value:`) or after a separator of a flow mapping (`, value:`); not
        // `var value = ...` in code that happens to follow
        let lead = &s[lend_s.max(after_key)..at];
        if !lead
            .iter()
            .all(|b| matches!(b, b' ' | b'\t' | b'-' | b'{' | b',' | b'"' | b'\''))
        {
            continue;
        }
        let j = skip_ws(s, j, lend);
        if j >= lend || !matches!(s[j], b':' | b'=') {
            continue;
        }
        let vs = skip_ws(s, j + 1, lend);
        let (value, span, quoted) = value_at(s, vs, lend)?;
        return Some(Assignment {
            key: key.to_string(),
            key_span,
            value,
            value_span: span,
            quoted,
        });
    }
    None
}

fn find_attr(attrs: &[u8], name: &[u8]) -> Option<Range<usize>> {
    let mut from = 0;
    while let Some(i) = memchr::memmem::find(&attrs[from..], name) {
        let at = from + i;
        from = at + name.len();
        if at > 0 && is_ident(attrs[at - 1]) {
            continue;
        }
        let mut j = skip_ws(attrs, at + name.len(), attrs.len());
        if j >= attrs.len() || attrs[j] != b'=' {
            continue;
        }
        j = skip_ws(attrs, j + 1, attrs.len());
        let q = *attrs.get(j)?;
        if q != b'"' && q != b'\'' {
            continue;
        }
        let close = memchr::memchr(q, &attrs[j + 1..])?;
        return Some(j + 1..j + 1 + close);
    }
    None
}

fn trim(s: &[u8], mut a: usize, mut b: usize) -> (usize, usize) {
    while a < b && s[a].is_ascii_whitespace() {
        a += 1;
    }
    while b > a && s[b - 1].is_ascii_whitespace() {
        b -= 1;
    }
    (a, b)
}

/// An assignment whose value is XML text or an attribute, entities decoded.
fn xml_value(
    s: &[u8],
    key: &str,
    key_span: Range<usize>,
    value: Range<usize>,
    quoted: bool,
) -> Assignment {
    Assignment {
        key: key.to_string(),
        key_span,
        value: xml_unescape(&s[value.clone()]),
        value_span: value,
        quoted,
    }
}

pub fn xml_unescape(b: &[u8]) -> String {
    let s = String::from_utf8_lossy(b);
    if !s.contains('&') {
        return s.into_owned();
    }
    s.replace("&quot;", "\"")
        .replace("&apos;", "'")
        .replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&amp;", "&")
}

/// A value after an operator: quoted (with language prefixes such as C#'s
/// `@"` or Python's `r'`), or bare up to a delimiter.
/// Returns (value, content span, quoted).
pub fn value_at(s: &[u8], mut i: usize, end: usize) -> Option<(String, Range<usize>, bool)> {
    if i >= end {
        return Some((String::new(), i..i, false));
    }
    // string prefixes: @"..", r'..', b"..", u'..', N'..'
    if i + 1 < end
        && matches!(s[i], b'@' | b'r' | b'b' | b'u' | b'N' | b'R')
        && matches!(s[i + 1], b'"' | b'\'')
    {
        i += 1;
    }
    // interpolated strings are templates, not literals: report them as such
    let interpolated =
        i + 1 < end && matches!(s[i], b'f' | b'$') && matches!(s[i + 1], b'"' | b'\'');
    if interpolated {
        i += 1;
    }
    let q = s[i];
    if matches!(q, b'"' | b'\'' | b'`') || s[i..end].starts_with(b"\\\"") {
        let (qlen, quote): (usize, &[u8]) = if q == b'\\' {
            (2, b"\\\"")
        } else {
            (1, &s[i..i + 1])
        };
        let vs = i + qlen;
        let mut j = vs;
        let mut value = Vec::new();
        while j < end {
            if s[j..end].starts_with(quote) {
                let mut v = String::from_utf8_lossy(&value).into_owned();
                if interpolated && v.contains('{') {
                    v = format!("{{{v}}}"); // make it read as a template
                }
                return Some((v, vs..j, true));
            }
            // `\\` and an escaped quote are one character in every language;
            // other escapes stay as written (`'Illuminate\Support'` in PHP,
            // `'C:\data'` in Python keep their backslash)
            if s[j] == b'\\' && qlen == 1 && j + 1 < end {
                if s[j + 1] == b'\\' || s[j + 1] == q {
                    value.push(s[j + 1]);
                } else {
                    value.extend_from_slice(&s[j..j + 2]);
                }
                j += 2;
                continue;
            }
            value.push(s[j]);
            j += 1;
        }
        return None;
    }
    if matches!(q, b'|' | b'>')
        && s[i + 1..end]
            .iter()
            .all(|b| b.is_ascii_whitespace() || b.is_ascii_digit() || *b == b'-' || *b == b'+')
    {
        return None; // YAML block scalar
    }
    let vs = i;
    // `<password>`, `<db-ip>`: a placeholder in angle brackets is the value
    if q == b'<' {
        if let Some(close) = memchr::memchr(b'>', &s[i..end]) {
            let j = i + close + 1;
            return Some((
                String::from_utf8_lossy(&s[vs..j]).into_owned(),
                vs..j,
                false,
            ));
        }
    }
    if s[i..end].starts_with(b"${") || s[i..end].starts_with(b"{env:") {
        if let Some(close) = memchr::memchr(b'}', &s[i..end]) {
            let j = i + close + 1;
            return Some((
                String::from_utf8_lossy(&s[vs..j]).into_owned(),
                vs..j,
                false,
            ));
        }
    }
    let mut j = i;
    while j < end {
        let b = s[j];
        if matches!(
            b,
            b',' | b';' | b')' | b'}' | b']' | b'<' | b'"' | b'\'' | b'`' | b'\r'
        ) {
            break;
        }
        if (b == b' ' || b == b'\t') && (j + 1 >= end || s[j + 1] == b'#' || s[j + 1] == b'/') {
            break; // trailing comment
        }
        if b == b' ' || b == b'\t' {
            break;
        }
        // `-e \"SA_PASSWORD=x\"` in a JSON string (a notebook cell): the
        // escaped quote closes the word
        if b == b'\\' && matches!(s.get(j + 1), Some(b'"' | b'\'')) && j > vs {
            break;
        }
        j += 1;
    }
    Some((
        String::from_utf8_lossy(&s[vs..j]).into_owned(),
        vs..j,
        false,
    ))
}

/// The dotted path of ancestors of the key on line `line_start`: the keys of
/// the enclosing lines with less indentation, then any `[section]` header.
pub fn ancestors(
    s: &[u8],
    line_start: usize,
    line_end: usize,
    lo: usize,
    max_lines: usize,
) -> Vec<(String, Range<usize>)> {
    let indent_of = |a: usize, b: usize| -> (usize, usize) {
        // indentation counts list markers, so `- name:` nests under its parent
        let mut i = a;
        while i < b && matches!(s[i], b' ' | b'\t' | b'-') {
            if s[i] == b'-' && !(i + 1 < b && s[i + 1] == b' ') {
                break;
            }
            i += 1;
        }
        (i - a, i)
    };
    let (mut indent, _) = indent_of(line_start, line_end);
    let mut out = Vec::new();
    let mut pos = line_start;
    let mut seen = 0;
    while pos > lo && seen < max_lines {
        let end = pos - 1; // the '\n'
        let start = memchr::memrchr(b'\n', &s[lo..end]).map_or(lo, |i| lo + i + 1);
        pos = start;
        seen += 1;
        let (ind, text_start) = indent_of(start, end);
        let text = &s[text_start..end];
        let t = text.trim_ascii();
        if t.is_empty() || t.starts_with(b"#") || t.starts_with(b"//") || t.starts_with(b"<!--") {
            continue;
        }
        if ind == 0 && t.starts_with(b"[") && t.ends_with(b"]") && !t.contains(&b',') {
            let name = String::from_utf8_lossy(&t[1..t.len() - 1])
                .trim()
                .to_string();
            out.push((name, start..end));
            break;
        }
        if ind < indent {
            indent = ind;
            if let Some(k) = leading_key(t) {
                out.push((k, start..end));
            }
            if ind == 0 {
                break;
            }
        }
    }
    out.reverse();
    out
}

/// `spring:` -> spring, `"db": {` -> db, `DATABASES = {` -> DATABASES,
/// `'mysql' => [` -> mysql, `resource "azurerm_mssql_server" "x" {` -> resource
fn leading_key(t: &[u8]) -> Option<String> {
    let mut i = 0;
    while i < t.len() && matches!(t[i], b'"' | b'\'' | b'$' | b'<') {
        i += 1;
    }
    let start = i;
    while i < t.len() && is_ident(t[i]) {
        i += 1;
    }
    (i > start).then(|| String::from_utf8_lossy(&t[start..i]).into_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(s: &str, kw: &str) -> Option<Assignment> {
        let hit = s.find(kw).unwrap();
        at_hit(s.as_bytes(), hit, 0, s.len(), LineValues::default())
    }

    #[test]
    fn line_values_keep_separators() {
        let eol = LineValues {
            equals: true,
            colon: true,
        };
        let s = "DB_PASSWORD=Kq7x;Zr9wLm!2 # rotated 2024";
        let a = at_hit(s.as_bytes(), 3, 0, s.len(), eol).unwrap();
        assert_eq!(a.value, "Kq7x;Zr9wLm!2");
        let s = "PGPASSWORD=(x7Hq)z9\r";
        assert_eq!(
            at_hit(s.as_bytes(), 2, 0, s.len(), eol).unwrap().value,
            "(x7Hq)z9"
        );
    }

    fn v(s: &str, kw: &str) -> (String, String) {
        let a = at(s, kw).unwrap_or_else(|| panic!("no assignment in {s:?}"));
        (a.key, a.value)
    }

    #[test]
    fn operators_and_quotes() {
        assert_eq!(
            v("DB_PASSWORD=Xk9#vLq2", "PASSWORD"),
            ("DB_PASSWORD".into(), "Xk9#vLq2".into())
        );
        assert_eq!(v("  password: 'p w'", "password").1, "p w");
        assert_eq!(v(r#""password": "a\"b","#, "password").1, "a\"b");
        assert_eq!(v("'PASSWORD' => 'pw1',", "PASSWORD").1, "pw1");
        assert_eq!(
            v("administrator_login_password = \"Adm1n!\"", "password").1,
            "Adm1n!"
        );
        assert_eq!(v("var p = @\"verb\";", "p").1, "verb");
        assert_eq!(v("password: hunter2 # local", "password").1, "hunter2");
        assert_eq!(
            v("DATABASES['default']['PASSWORD'] = 'x1y2'", "PASSWORD").1,
            "x1y2"
        );
        assert!(at("if password == 'x':", "password").is_none());
        assert!(at("password: |", "password").is_none());
    }

    #[test]
    fn unquoted_flag() {
        let a = at("password=os.environ['X']", "password").unwrap();
        assert!(!a.quoted);
        assert_eq!(a.value, "os.environ[");
    }

    #[test]
    fn fallbacks_and_nested_values() {
        assert_eq!(
            v(
                "password: process.env.DB_PASSWORD ?? 'ts-Fb!9',",
                "password"
            )
            .1,
            "ts-Fb!9"
        );
        assert_eq!(
            v("'password' => env('DB_PASSWORD', 'Lrv-Fb-1'),", "password").1,
            "Lrv-Fb-1"
        );
        assert_eq!(
            v(
                "password = os.environ.get(\"PGPASSWORD\", \"Py-Fb-2\")",
                "password"
            )
            .1,
            "Py-Fb-2"
        );
        assert_eq!(
            v("  password: <%= ENV['X'] || 'Erb-Fb-3' %>", "password").1,
            "Erb-Fb-3"
        );
        assert_eq!(
            v(
                "POSTGRES_PASSWORD: ${POSTGRES_PASSWORD:-an4lyt1cs}",
                "PASSWORD"
            )
            .1,
            "${POSTGRES_PASSWORD:-an4lyt1cs}"
        );
        let s = "\"administratorLoginPassword\": {\n      \"value\": \"Arm!Param#1\"\n    },";
        assert_eq!(v(s, "Password").1, "Arm!Param#1");
        let s = "\"adminPassword\": { \"type\": \"securestring\", \"defaultValue\": \"Arm-D3f!\" }";
        assert_eq!(v(s, "Password").1, "Arm-D3f!");
        assert!(at("password: process.env.DB_PASSWORD,", "password").is_some_and(|a| !a.quoted));
        // a sentence with `or` between two code spans is not a fallback
        let s = "- The root password: taken from the object. If you use `a.secret` or `helm template`, set it";
        assert!(at(s, "password").is_none_or(|a| a.value != "helm template"));
        let s = "{ password: process.env.PGPASSWORD, user: process.env.PGUSER || 'app_user' }";
        assert!(at(s, "password").is_some_and(|a| !a.quoted));
        let s = "{'PASSWORD': os.getenv('DB_PASSWORD'), 'NAME': os.getenv('DB_NAME')}";
        assert!(at(s, "PASSWORD").is_some_and(|a| !a.quoted));
    }

    #[test]
    fn xml_forms() {
        assert_eq!(
            v(
                r#"<property name="hibernate.connection.password">H1b&amp;Pw</property>"#,
                "password"
            )
            .1,
            "H1b&Pw"
        );
        assert_eq!(
            v("<Password>Xml&amp;Pw1</Password>", "Password").1,
            "Xml&Pw1"
        );
        assert_eq!(
            v(r#"<add key="DbPassword" value="Kv9!x" />"#, "Password").1,
            "Kv9!x"
        );
        assert_eq!(
            v(r#"<property name="password" value="Sp1ng!"/>"#, "password").1,
            "Sp1ng!"
        );
    }

    #[test]
    fn name_value_pairs() {
        let s = "env:\n  - name: DB_PASSWORD\n    value: \"K8sPw!1\"\n  - name: OTHER\n";
        let a = at(s, "PASSWORD").unwrap();
        assert_eq!(a.value, "K8sPw!1");
        let s = r#"{"name": "DB_PASSWORD", "value": "Js0nPw"}"#;
        assert_eq!(v(s, "PASSWORD").1, "Js0nPw");
        let s = "  - name: DB_PASSWORD\n    valueFrom:\n      secretKeyRef: {name: x}\n";
        assert!(at(s, "PASSWORD").is_none());
    }

    #[test]
    fn yaml_ancestors() {
        let s = "spring:\n  jpa:\n    x: 1\n  datasource:\n    url: u\n    password: p\n";
        let line = s.find("    password").unwrap();
        let a: Vec<_> = ancestors(s.as_bytes(), line, s.len(), 0, 50)
            .into_iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(a, ["spring", "datasource"]);
        let s = "[client]\nuser=x\npassword=y\n";
        let line = s.find("password").unwrap();
        let a: Vec<_> = ancestors(s.as_bytes(), line, s.len(), 0, 50)
            .into_iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(a, ["client"]);
        let s = "DATABASES = {\n    'default': {\n        'PASSWORD': 'x',\n";
        let line = s.find("        'PASSWORD").unwrap();
        let a: Vec<_> = ancestors(s.as_bytes(), line, s.len(), 0, 50)
            .into_iter()
            .map(|x| x.0)
            .collect();
        assert_eq!(a, ["DATABASES", "default"]);
    }
}
