//! Every identifier the templates write, read from the templates themselves: the Rust code of
//! `templates/**/*.rs` with askama's tags taken out (the runtime is a crate of its own, named by
//! absolute paths, so its items take no names from a spec). Comments, string and character literals and
//! numbers are skipped; a lifetime counts as its name (`'de` is `de`), a raw identifier as its
//! name (`r#type` is `type`), and a name a template completes with a number (`slot{{ n }}`) as
//! that name with `0`.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// Every `.rs` file under a directory (`templates/`, or the runtime's `src/`), by its path there (`/` separators), with its text.
pub fn template_files(templates: &Path) -> BTreeMap<String, String> {
    let mut files = Vec::new();
    collect_rust_files(templates, &mut files);
    files
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path)
                .unwrap_or_else(|error| panic!("{}: {error}", path.display()));
            let relative = path
                .strip_prefix(templates)
                .unwrap()
                .components()
                .map(|part| part.as_os_str().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join("/");
            (relative, text)
        })
        .collect()
}

/// The identifiers a template file writes, once askama's tags are taken out.
pub fn of_template(text: &str) -> BTreeSet<String> {
    rust_identifiers(&without_askama(text))
}

fn collect_rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    let entries =
        std::fs::read_dir(dir).unwrap_or_else(|error| panic!("{}: {error}", dir.display()));
    for entry in entries {
        let path = entry.unwrap().path();
        if path.is_dir() {
            collect_rust_files(&path, found);
        } else if path.extension().is_some_and(|ext| ext == "rs") {
            found.push(path);
        }
    }
}

/// The Rust a template writes whatever its variables hold: `{# comments #}` and `{% tags %}`
/// removed, each `{{ expression }}` a space, or `0` right after an identifier it completes.
pub fn without_askama(template: &str) -> String {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some(start) = rest.find('{') {
        let (before, from) = rest.split_at(start);
        out.push_str(before);
        let close = match from.get(1..2) {
            Some("#") => "#}",
            Some("%") => "%}",
            Some("{") => "}}",
            _ => {
                out.push('{');
                rest = &from[1..];
                continue;
            }
        };
        let Some(end) = from[2..].find(close) else {
            out.push_str(from);
            return out;
        };
        if close == "}}" {
            let glued = out
                .chars()
                .next_back()
                .is_some_and(|ch| ch.is_ascii_alphanumeric() || ch == '_');
            out.push(if glued { '0' } else { ' ' });
        } else {
            out.push(' ');
        }
        rest = &from[2 + end + close.len()..];
    }
    out.push_str(rest);
    out
}

/// The identifiers of Rust source, each once.
pub fn rust_identifiers(code: &str) -> BTreeSet<String> {
    let chars: Vec<char> = code.chars().collect();
    let mut found = BTreeSet::new();
    let mut at = 0;
    let is_start = |ch: char| ch.is_alphabetic() || ch == '_';
    let is_continue = |ch: char| ch.is_alphanumeric() || ch == '_';
    while let Some(&ch) = chars.get(at) {
        let next = chars.get(at + 1).copied();
        if ch == '/' && next == Some('/') {
            while chars.get(at).is_some_and(|&ch| ch != '\n') {
                at += 1;
            }
        } else if ch == '/' && next == Some('*') {
            let mut depth = 0usize;
            while at < chars.len() {
                if chars[at] == '/' && chars.get(at + 1) == Some(&'*') {
                    depth += 1;
                    at += 2;
                } else if chars[at] == '*' && chars.get(at + 1) == Some(&'/') {
                    depth -= 1;
                    at += 2;
                    if depth == 0 {
                        break;
                    }
                } else {
                    at += 1;
                }
            }
        } else if ch == '"' {
            at = after_string(&chars, at + 1);
        } else if ch == '\'' {
            // A character literal (`'a'`, `'\n'`, `'\u{1F600}'`) or a lifetime (`'de`).
            if next == Some('\\') {
                at += 2;
                while chars.get(at).is_some_and(|&ch| ch != '\'') {
                    at += 1;
                }
                at += 1;
            } else if chars.get(at + 2) == Some(&'\'') {
                at += 3;
            } else {
                at += 1;
            }
        } else if ch.is_ascii_digit() {
            while chars
                .get(at)
                .is_some_and(|&ch| is_continue(ch) || ch == '.')
            {
                at += 1;
            }
        } else if is_start(ch) {
            let start = at;
            while chars.get(at).is_some_and(|&ch| is_continue(ch)) {
                at += 1;
            }
            let word: String = chars[start..at].iter().collect();
            match (word.as_str(), chars.get(at)) {
                // Raw strings and byte strings: `r"..."`, `r#"..."#`, `b"..."`, `br#"..."#`.
                ("r" | "br", Some('#' | '"')) if raw_string_end(&chars, at).is_some() => {
                    at = raw_string_end(&chars, at).unwrap_or(at);
                }
                ("b", Some('"')) => at = after_string(&chars, at + 1),
                ("b", Some('\'')) => {
                    at += 1;
                    while chars.get(at).is_some_and(|&ch| ch != '\'') {
                        at += usize::from(chars[at] == '\\') + 1;
                    }
                    at += 1;
                }
                // A raw identifier: `r#type`.
                ("r", Some('#')) if chars.get(at + 1).copied().is_some_and(is_start) => {
                    at += 1;
                    let start = at;
                    while chars.get(at).is_some_and(|&ch| is_continue(ch)) {
                        at += 1;
                    }
                    found.insert(chars[start..at].iter().collect());
                }
                _ => {
                    if word != "_" {
                        found.insert(word);
                    }
                }
            }
        } else {
            at += 1;
        }
    }
    found
}

/// Where the string whose contents start at `at` ends.
fn after_string(chars: &[char], mut at: usize) -> usize {
    while let Some(&ch) = chars.get(at) {
        match ch {
            '\\' => at += 2,
            '"' => return at + 1,
            _ => at += 1,
        }
    }
    at
}

/// Where a raw string whose hashes (or opening quote) start at `at` ends, if one starts there.
fn raw_string_end(chars: &[char], at: usize) -> Option<usize> {
    let hashes = chars[at..].iter().take_while(|&&ch| ch == '#').count();
    if chars.get(at + hashes) != Some(&'"') {
        return None;
    }
    let mut position = at + hashes + 1;
    while position < chars.len() {
        if chars[position] == '"'
            && chars[position + 1..]
                .iter()
                .take(hashes)
                .filter(|&&ch| ch == '#')
                .count()
                == hashes
        {
            return Some(position + 1 + hashes);
        }
        position += 1;
    }
    Some(chars.len())
}

#[test]
fn reads_identifiers_past_comments_literals_and_askama() {
    let code = without_askama(
        "{# a comment #}{% if x %}fn visit<'de, A>(map: A) {{ ty }} -> Self { let slot{{ i }} = \"str_lit\"; 'c'; r#type; br#\"raw\"#; // trailing\n /* block /* nested */ */ 0x1f_u8; Known }",
    );
    let found: Vec<String> = rust_identifiers(&code).into_iter().collect();
    assert_eq!(
        found,
        [
            "A", "Known", "Self", "de", "fn", "let", "map", "slot0", "type", "visit"
        ]
    );
}
