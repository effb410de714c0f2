//! Reading JSON that serde_json refuses as a whole for a fault in one value: a string that is
//! not Unicode text (invalid UTF-8, a lone surrogate escape), a number no `f64` holds (`1e400`,
//! `NaN`), a value nested too deeply, or a property given twice. Each such value is read as far
//! as it can be and marked, with its JSON pointer, for the tolerant walk to repair or report; the
//! rest of the body reads as serde_json reads it. Only text that is not JSON at all (cut short,
//! unbalanced, stray characters) is refused, since no item or value can be told apart in it.
//!
//! It is the slow path: spec-valid bodies never reach it.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::ops::Range;

use serde_json::{Map, Number, Value};

/// How deeply values may nest, as in serde_json: deeper values are marked, not followed.
const DEEPEST: usize = 128;

/// A body read as far as it could be, and what in it could not be read as sent.
pub struct Parsed {
    pub value: Value,
    pub marks: Marks,
}

/// What the reader found wrong in one value of a body, by JSON pointer.
#[derive(Default)]
pub struct Marks {
    by_pointer: BTreeMap<String, Vec<Mark>>,
}

/// One fault of one value.
#[derive(Debug, Clone)]
pub enum Mark {
    /// The value cannot be used as sent: `found` is what the tree holds in its place (the text
    /// with U+FFFD for what was not Unicode, or the number's text), `why` says what was wrong.
    Unreadable { found: Value, why: String },
    /// The key of this entry is not Unicode text; the tree holds it with U+FFFD.
    UnreadableKey { why: String },
    /// The property came more than once in its object: this is a value set aside for a later
    /// one, which the tree holds.
    Duplicate { earlier: Value },
}

impl Marks {
    pub fn is_empty(&self) -> bool {
        self.by_pointer.is_empty()
    }

    fn add(&mut self, pointer: &str, mark: Mark) {
        self.by_pointer
            .entry(pointer.to_owned())
            .or_default()
            .push(mark);
    }

    /// Takes the marks of the value at `pointer`.
    pub fn take(&mut self, pointer: &str) -> Vec<Mark> {
        if self.by_pointer.is_empty() {
            return Vec::new();
        }
        self.by_pointer.remove(pointer).unwrap_or_default()
    }

    /// Takes the marks of the value at `pointer` and of every value inside it, each with its
    /// pointer, in document order of the pointers.
    pub fn take_within(&mut self, pointer: &str) -> Vec<(String, Mark)> {
        if self.by_pointer.is_empty() {
            return Vec::new();
        }
        let inside = format!("{pointer}/");
        let keys: Vec<String> = self
            .by_pointer
            .range(pointer.to_owned()..)
            .map(|(key, _)| key)
            .take_while(|key| *key == pointer || key.starts_with(&inside))
            .cloned()
            .collect();
        let mut taken = Vec::new();
        for key in keys {
            if let Some(marks) = self.by_pointer.remove(&key) {
                taken.extend(marks.into_iter().map(|mark| (key.clone(), mark)));
            }
        }
        taken
    }
}

/// Text that is not JSON: where reading stopped and why.
pub struct SyntaxError {
    pub offset: usize,
    pub message: String,
}

impl SyntaxError {
    pub fn into_serde(self) -> serde_json::Error {
        serde::de::Error::custom(format!(
            "{} at byte {} of the body",
            self.message, self.offset
        ))
    }
}

/// Reads `bytes` as one JSON value, its pointers starting at `base` (the pointer of the value in
/// the whole body).
pub fn parse(bytes: &[u8], base: &str) -> Result<Parsed, SyntaxError> {
    let mut reader = Reader {
        bytes,
        at: 0,
        depth: 0,
        pointer: base.to_owned(),
        marks: Marks::default(),
    };
    reader.skip_space();
    let value = reader.value()?;
    reader.skip_space();
    if reader.at < bytes.len() {
        return Err(reader.error("trailing characters after the JSON value"));
    }
    Ok(Parsed {
        value,
        marks: reader.marks,
    })
}

/// Where each item of a JSON array lies in `bytes`, found without reading the items; `None`
/// when `bytes` is not an array, or not JSON as far as this look can tell.
pub fn items(bytes: &[u8]) -> Option<Vec<Range<usize>>> {
    let mut scanner = Reader {
        bytes,
        at: 0,
        depth: 0,
        pointer: String::new(),
        marks: Marks::default(),
    };
    scanner.skip_space();
    if scanner.peek() != Some(b'[') {
        return None;
    }
    scanner.at += 1;
    let mut spans = Vec::new();
    scanner.skip_space();
    if scanner.peek() == Some(b']') {
        scanner.at += 1;
    } else {
        loop {
            scanner.skip_space();
            let start = scanner.at;
            scanner.skip_value().ok()?;
            spans.push(start..scanner.at);
            scanner.skip_space();
            match scanner.next() {
                Some(b',') => continue,
                Some(b']') => break,
                _ => return None,
            }
        }
    }
    scanner.skip_space();
    (scanner.at == bytes.len()).then_some(spans)
}

struct Reader<'a> {
    bytes: &'a [u8],
    at: usize,
    depth: usize,
    /// The pointer of the value being read.
    pointer: String,
    marks: Marks,
}

impl Reader<'_> {
    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.at).copied()
    }

    fn next(&mut self) -> Option<u8> {
        let byte = self.peek()?;
        self.at += 1;
        Some(byte)
    }

    fn error(&self, message: &str) -> SyntaxError {
        SyntaxError {
            offset: self.at,
            message: message.to_owned(),
        }
    }

    fn skip_space(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.at += 1;
        }
    }

    fn expect(&mut self, byte: u8, message: &str) -> Result<(), SyntaxError> {
        self.skip_space();
        match self.next() {
            Some(found) if found == byte => Ok(()),
            _ => Err(self.error(message)),
        }
    }

    fn value(&mut self) -> Result<Value, SyntaxError> {
        if self.depth >= DEEPEST && matches!(self.peek(), Some(b'[' | b'{')) {
            self.skip_value()?;
            let why = format!("the value nests deeper than {DEEPEST} levels");
            self.mark_unreadable(Value::Null, why);
            return Ok(Value::Null);
        }
        match self.peek() {
            Some(b'{') => self.object(),
            Some(b'[') => self.array(),
            Some(b'"') => {
                let (text, fault) = self.string()?;
                let value = Value::String(text);
                if let Some(why) = fault {
                    self.mark_unreadable(value.clone(), why);
                }
                Ok(value)
            }
            Some(b't') => self.literal("true", Value::Bool(true)),
            Some(b'f') => self.literal("false", Value::Bool(false)),
            Some(b'n') => self.literal("null", Value::Null),
            Some(b'-' | b'0'..=b'9' | b'N' | b'I') => self.number(),
            Some(_) => Err(self.error("expected a JSON value")),
            None => Err(self.error("the body ends where a value should start")),
        }
    }

    fn mark_unreadable(&mut self, found: Value, why: String) {
        self.marks
            .add(&self.pointer, Mark::Unreadable { found, why });
    }

    fn literal(&mut self, word: &str, value: Value) -> Result<Value, SyntaxError> {
        if self.bytes[self.at..].starts_with(word.as_bytes()) {
            self.at += word.len();
            Ok(value)
        } else {
            Err(self.error("expected a JSON value"))
        }
    }

    /// Appends a key to the pointer, escaped as RFC 6901 says; returns the length to truncate
    /// back to.
    fn enter_key(&mut self, key: &str) -> usize {
        let length = self.pointer.len();
        self.pointer.push('/');
        if key.bytes().any(|byte| byte == b'~' || byte == b'/') {
            self.pointer
                .push_str(&key.replace('~', "~0").replace('/', "~1"));
        } else {
            self.pointer.push_str(key);
        }
        length
    }

    /// Appends an index to the pointer; returns the length to truncate back to.
    fn enter_index(&mut self, index: usize) -> usize {
        let length = self.pointer.len();
        let _ = write!(self.pointer, "/{index}");
        length
    }

    fn object(&mut self) -> Result<Value, SyntaxError> {
        self.at += 1;
        self.depth += 1;
        let mut map = Map::new();
        self.skip_space();
        if self.peek() == Some(b'}') {
            self.at += 1;
            self.depth -= 1;
            return Ok(Value::Object(map));
        }
        loop {
            self.skip_space();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a property name"));
            }
            let (key, fault) = self.string()?;
            self.expect(b':', "expected `:` after a property name")?;
            self.skip_space();
            let length = self.enter_key(&key);
            let value = self.value()?;
            if let Some(why) = fault {
                self.marks.add(&self.pointer, Mark::UnreadableKey { why });
            }
            if let Some(earlier) = map.insert(key, value) {
                self.marks.add(&self.pointer, Mark::Duplicate { earlier });
            }
            self.pointer.truncate(length);
            self.skip_space();
            match self.next() {
                Some(b',') => continue,
                Some(b'}') => break,
                _ => return Err(self.error("expected `,` or `}` in an object")),
            }
        }
        self.depth -= 1;
        Ok(Value::Object(map))
    }

    fn array(&mut self) -> Result<Value, SyntaxError> {
        self.at += 1;
        self.depth += 1;
        let mut items = Vec::new();
        self.skip_space();
        if self.peek() == Some(b']') {
            self.at += 1;
            self.depth -= 1;
            return Ok(Value::Array(items));
        }
        loop {
            self.skip_space();
            let length = self.enter_index(items.len());
            items.push(self.value()?);
            self.pointer.truncate(length);
            self.skip_space();
            match self.next() {
                Some(b',') => continue,
                Some(b']') => break,
                _ => return Err(self.error("expected `,` or `]` in an array")),
            }
        }
        self.depth -= 1;
        Ok(Value::Array(items))
    }

    /// A string, and what made it not Unicode text if anything did (the text then holds U+FFFD
    /// in its place). Control characters sent raw are kept: their meaning is plain.
    fn string(&mut self) -> Result<(String, Option<String>), SyntaxError> {
        self.at += 1;
        let mut text = String::new();
        let mut fault: Option<String> = None;
        // The first fault names the string's; later ones change nothing.
        let note = |fault: &mut Option<String>, why: String| {
            fault.get_or_insert(why);
        };
        loop {
            let run_start = self.at;
            while let Some(byte) = self.peek() {
                if byte == b'"' || byte == b'\\' {
                    break;
                }
                self.at += 1;
            }
            let run = &self.bytes[run_start..self.at];
            match std::str::from_utf8(run) {
                Ok(run) => text.push_str(run),
                Err(error) => {
                    let bad = run.get(error.valid_up_to()).copied().unwrap_or_default();
                    note(
                        &mut fault,
                        format!("the string is not valid UTF-8 (byte 0x{bad:02X})"),
                    );
                    text.push_str(&String::from_utf8_lossy(run));
                }
            }
            match self.next() {
                Some(b'"') => return Ok((text, fault)),
                Some(b'\\') => {}
                _ => return Err(self.error("the body ends inside a string")),
            }
            match self.next() {
                Some(b'"') => text.push('"'),
                Some(b'\\') => text.push('\\'),
                Some(b'/') => text.push('/'),
                Some(b'b') => text.push('\u{8}'),
                Some(b'f') => text.push('\u{c}'),
                Some(b'n') => text.push('\n'),
                Some(b'r') => text.push('\r'),
                Some(b't') => text.push('\t'),
                Some(b'u') => {
                    let unit = self.hex4()?;
                    match unit {
                        0xD800..=0xDBFF => {
                            let low = match self.bytes.get(self.at..self.at + 2) {
                                Some(b"\\u") => {
                                    let saved = self.at;
                                    self.at += 2;
                                    let low = self.hex4()?;
                                    if (0xDC00..=0xDFFF).contains(&low) {
                                        Some(low)
                                    } else {
                                        self.at = saved;
                                        None
                                    }
                                }
                                _ => None,
                            };
                            match low {
                                Some(low) => {
                                    let code = 0x10000
                                        + ((u32::from(unit) - 0xD800) << 10)
                                        + (u32::from(low) - 0xDC00);
                                    text.push(char::from_u32(code).unwrap_or('\u{FFFD}'));
                                }
                                None => {
                                    note(
                                        &mut fault,
                                        format!("a lone surrogate escape (\\u{unit:04x})"),
                                    );
                                    text.push('\u{FFFD}');
                                }
                            }
                        }
                        0xDC00..=0xDFFF => {
                            note(
                                &mut fault,
                                format!("a lone surrogate escape (\\u{unit:04x})"),
                            );
                            text.push('\u{FFFD}');
                        }
                        _ => text.push(char::from_u32(u32::from(unit)).unwrap_or('\u{FFFD}')),
                    }
                }
                Some(other) => {
                    note(
                        &mut fault,
                        format!("an escape JSON does not have (\\{})", char::from(other)),
                    );
                    text.push('\u{FFFD}');
                }
                None => return Err(self.error("the body ends inside a string")),
            }
        }
    }

    fn hex4(&mut self) -> Result<u16, SyntaxError> {
        let digits = self
            .bytes
            .get(self.at..self.at + 4)
            .and_then(|digits| std::str::from_utf8(digits).ok())
            .and_then(|digits| u16::from_str_radix(digits, 16).ok())
            .ok_or_else(|| self.error("expected four hex digits after \\u"))?;
        self.at += 4;
        Ok(digits)
    }

    /// A number, read as serde_json reads it (so the same text gives the same `f64`); one no
    /// `f64` holds, and `NaN` or `Infinity` as some serializers write, is marked.
    fn number(&mut self) -> Result<Value, SyntaxError> {
        let start = self.at;
        for word in ["NaN", "Infinity", "-Infinity"] {
            if self.bytes[start..].starts_with(word.as_bytes()) {
                self.at += word.len();
                let why = format!("{word} is not a JSON number");
                self.mark_unreadable(Value::String(word.to_owned()), why);
                return Ok(Value::Null);
            }
        }
        if self.peek() == Some(b'-') {
            self.at += 1;
        }
        let digits = |reader: &mut Self| {
            let from = reader.at;
            while matches!(reader.peek(), Some(b'0'..=b'9')) {
                reader.at += 1;
            }
            reader.at > from
        };
        if !digits(self) {
            return Err(self.error("expected a digit"));
        }
        if self.peek() == Some(b'.') {
            self.at += 1;
            if !digits(self) {
                return Err(self.error("expected a digit after `.`"));
            }
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.at += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.at += 1;
            }
            if !digits(self) {
                return Err(self.error("expected a digit in the exponent"));
            }
        }
        let text = &self.bytes[start..self.at];
        match serde_json::from_slice::<Number>(text) {
            Ok(number) => Ok(Value::Number(number)),
            Err(error) => {
                let text = String::from_utf8_lossy(text).into_owned();
                let why = match error.classify() {
                    serde_json::error::Category::Data => {
                        format!("{text} is outside the range of a 64-bit float")
                    }
                    _ => format!("{text} is not a JSON number"),
                };
                self.mark_unreadable(Value::String(text), why);
                Ok(Value::Null)
            }
        }
    }

    /// Steps over one value without reading it: strings to their closing quote, arrays and
    /// objects to their closing bracket, anything else to the next delimiter.
    fn skip_value(&mut self) -> Result<(), SyntaxError> {
        let mut open: usize = 0;
        loop {
            self.skip_space();
            match self.next() {
                Some(b'"') => self.skip_string()?,
                Some(b'[' | b'{') => open += 1,
                Some(b']' | b'}') => {
                    open = open
                        .checked_sub(1)
                        .ok_or_else(|| self.error("a closing bracket without its opening"))?;
                }
                Some(b',' | b':') if open > 0 => {}
                Some(_) => {
                    while let Some(byte) = self.peek() {
                        if matches!(byte, b',' | b']' | b'}' | b' ' | b'\t' | b'\n' | b'\r') {
                            break;
                        }
                        self.at += 1;
                    }
                }
                None => return Err(self.error("the body ends inside a value")),
            }
            if open == 0 {
                return Ok(());
            }
        }
    }

    fn skip_string(&mut self) -> Result<(), SyntaxError> {
        loop {
            match self.next() {
                Some(b'"') => return Ok(()),
                Some(b'\\') => {
                    self.at += 1;
                }
                Some(_) => {}
                None => return Err(self.error("the body ends inside a string")),
            }
        }
    }
}

/// The JSON pointer, under `value`, of the innermost value whose text covers byte `offset` of
/// `value` as `serde_json::to_vec` writes it (compact): where an error serde_json reports at
/// that offset of the written text lies in the tree.
pub fn pointer_at(value: &Value, offset: usize) -> String {
    let mut pointer = String::new();
    let mut value = value;
    let mut offset = offset;
    loop {
        // Past the opening bracket: each entry is its key and a colon (objects), its value,
        // and a comma.
        let mut start = 1;
        let next = match value {
            Value::Object(object) => object.iter().find_map(|(key, entry)| {
                let key_length = written_length(&Value::String(key.clone())) + 1;
                let entry_start = start + key_length;
                let entry_end = entry_start + written_length(entry);
                start = entry_end + 1;
                (offset >= entry_start && offset < entry_end)
                    .then(|| (crate::decode::escape(key).into_owned(), entry, entry_start))
            }),
            Value::Array(items) => items.iter().enumerate().find_map(|(index, item)| {
                let item_start = start;
                let item_end = item_start + written_length(item);
                start = item_end + 1;
                (offset >= item_start && offset < item_end)
                    .then(|| (index.to_string(), item, item_start))
            }),
            _ => None,
        };
        let Some((segment, inner, inner_start)) = next else {
            return pointer;
        };
        pointer.push('/');
        pointer.push_str(&segment);
        value = inner;
        offset -= inner_start;
    }
}

/// The length of `value` as `serde_json::to_vec` writes it.
fn written_length(value: &Value) -> usize {
    serde_json::to_vec(value).map_or(0, |text| text.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_pointer_at_an_offset_is_the_innermost_value_written_there() {
        let value: Value =
            serde_json::from_str(r#"{"a":1,"b/c":[true,{"d":"x"}],"e":null}"#).unwrap();
        let text = String::from_utf8(serde_json::to_vec(&value).unwrap()).unwrap();
        let at = |needle: &str| pointer_at(&value, text.find(needle).unwrap());
        assert_eq!(at("1"), "/a");
        assert_eq!(at("true"), "/b~1c/0");
        assert_eq!(at("\"x\""), "/b~1c/1/d");
        assert_eq!(at("{\"d\""), "/b~1c/1");
        assert_eq!(at("null"), "/e");
        // A key, a comma or the brackets of the root belong to the value around them.
        assert_eq!(at("\"e\""), "");
        assert_eq!(pointer_at(&value, 0), "");
        assert_eq!(pointer_at(&value, text.len() + 10), "");
    }

    fn marks(text: &[u8]) -> Vec<(String, String)> {
        let Ok(mut parsed) = parse(text, "") else {
            panic!("not JSON: {}", String::from_utf8_lossy(text));
        };
        parsed
            .marks
            .take_within("")
            .into_iter()
            .map(|(pointer, mark)| (pointer, format!("{mark:?}")))
            .collect()
    }

    #[test]
    fn reads_what_serde_json_reads_and_marks_nothing() {
        let text =
            br#"{"a": [1, -2, 3.5, 1e2, -0, "x\u00e9\ud83d\ude00\"", true, null], "b/~": {}}"#;
        let Ok(parsed) = parse(text, "") else {
            panic!("valid JSON");
        };
        let expected: Value = serde_json::from_slice(text).unwrap_or_default();
        assert_eq!(parsed.value, expected);
        assert!(parsed.marks.is_empty());
    }

    #[test]
    fn marks_each_fault_at_its_pointer() {
        let found = marks(b"{\"a\": [\"x\xff\", \"\\ud83d\", 1e400, NaN], \"k~/\": {\"a\": 1, \"a\": 2}, \"\xc3\": 0}");
        let pointers: Vec<&str> = found.iter().map(|(pointer, _)| pointer.as_str()).collect();
        assert_eq!(
            pointers,
            ["/a/0", "/a/1", "/a/2", "/a/3", "/k~0~1/a", "/\u{FFFD}"]
        );
        assert!(
            found[0].1.contains("not valid UTF-8 (byte 0xFF)"),
            "{found:?}"
        );
        assert!(
            found[1].1.contains("lone surrogate escape (\\\\ud83d)"),
            "{found:?}"
        );
        assert!(
            found[4].1.contains("Duplicate { earlier: Number(1) }"),
            "{found:?}"
        );
        assert!(found[5].1.contains("UnreadableKey"), "{found:?}");
    }

    #[test]
    fn marks_values_nested_too_deeply_without_following_them() {
        let text = ["{\"a\": ", &"[".repeat(200), "1", &"]".repeat(200), "}"].concat();
        let found = marks(text.as_bytes());
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0.matches('/').count(), DEEPEST);
    }

    #[test]
    fn refuses_text_that_is_not_json() {
        for text in [
            &b"[1, 2"[..],
            b"{\"a\" 1}",
            b"[1,]",
            b"",
            b"[1] x",
            b"\"abc",
        ] {
            assert!(
                parse(text, "").is_err(),
                "{}",
                String::from_utf8_lossy(text)
            );
        }
    }

    #[test]
    fn finds_the_items_of_a_list_without_reading_them() {
        let text = b" [ {\"a\": \"]\\\"\"}, [1, [2]], \"\xff\" , 3 ] ";
        let spans = items(text).unwrap_or_default();
        let items: Vec<&[u8]> = spans.iter().map(|span| &text[span.clone()]).collect();
        assert_eq!(
            items,
            [&b"{\"a\": \"]\\\"\"}"[..], b"[1, [2]]", b"\"\xff\"", b"3"]
        );
        assert_eq!(super::items(b"[]"), Some(Vec::new()));
        assert_eq!(super::items(b"{}"), None);
        assert_eq!(super::items(b"[1, 2"), None);
    }
}
