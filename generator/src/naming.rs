//! Turns names from the spec into Rust identifiers: casing with heck, Rust keywords,
//! punctuation, leading digits, and collisions between names that case the same. The names the
//! generated code reserves are listed in [`crate::reserved`]; the scopes here start with them.

use std::collections::BTreeSet;

use heck::{ToSnakeCase, ToUpperCamelCase};

use crate::reserved;

/// Replaces everything but ASCII letters and digits with word breaks, spelling out
/// punctuation that would otherwise vanish and leave nothing (such as a property named `$`).
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for ch in raw.chars() {
        if ch.is_ascii_alphanumeric() {
            out.push(ch);
        } else {
            out.push(' ');
        }
    }
    if out.trim().is_empty() {
        let spelled: Vec<&str> = raw.chars().filter_map(symbol_name).collect();
        return spelled.join(" ");
    }
    out
}

fn symbol_name(ch: char) -> Option<&'static str> {
    Some(match ch {
        '$' => "dollar",
        '@' => "at",
        '#' => "hash",
        '%' => "percent",
        '&' => "and",
        '*' => "star",
        '+' => "plus",
        '-' => "minus",
        '.' => "dot",
        '/' => "slash",
        '<' => "lt",
        '>' => "gt",
        '=' => "eq",
        '!' => "not",
        '?' => "question",
        '_' => "underscore",
        _ => return None,
    })
}

/// A `snake_case` identifier for a field, parameter, method or module.
pub fn snake_name(raw: &str) -> String {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name.push_str("value");
    }
    if name.starts_with(|ch: char| ch.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if reserved::KEYWORDS.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// An `UpperCamelCase` identifier for a type or variant; `prefix` is put in front when
/// the name would otherwise start with a digit.
pub fn camel_name(raw: &str, prefix: &str) -> String {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name.push_str("Empty");
    }
    if name.starts_with(|ch: char| ch.is_ascii_digit()) {
        name.insert_str(0, prefix);
    }
    if name == "Self" {
        name.push('_');
    }
    name
}

/// A type name for a schema or inline shape.
pub fn type_name(raw: &str) -> String {
    camel_name(raw, "Type")
}

/// The type name `stem` (a [`camel_name`]) followed by `suffix` (`GetThingError`): the `_`
/// that makes `Self` usable alone is dropped, as `Self_Error` would not be UpperCamelCase.
pub fn suffixed(stem: &str, suffix: &str) -> String {
    format!("{}{suffix}", stem.strip_suffix('_').unwrap_or(stem))
}

/// Hands out names that are unique within one scope, deterministically: the first to
/// ask for a name gets it, later ones get `2`, `3`, ... appended.
#[derive(Debug, Default)]
pub struct Scope {
    taken: BTreeSet<String>,
    separator: &'static str,
}

impl Scope {
    /// A scope for the type names of an API module's models, entry point and response enums
    /// (`Name2`), without the prelude's names and the others the module reserves.
    pub fn types() -> Self {
        let mut scope = Scope::default();
        for name in reserved::PRELUDE_NAMES
            .iter()
            .chain(reserved::MODULE_TYPE_NAMES)
        {
            scope.reserve(name);
        }
        scope
    }

    /// A scope for the type names of request builders and test doubles (`Name2`), which live in
    /// modules of their own (`builders`, `mock`) beside the prelude's names.
    pub fn builders() -> Self {
        let mut scope = Scope::default();
        for name in reserved::PRELUDE_NAMES {
            scope.reserve(name);
        }
        scope
    }

    /// A scope for the methods of an API module's handles, one per operation (`name_2`),
    /// without the methods the handles have from traits (`clone`).
    pub fn operation_methods() -> Self {
        let mut scope = Scope::snake();
        for name in reserved::trait_method_names() {
            scope.reserve(name);
        }
        scope
    }

    /// A scope for snake_case names (`name_2`).
    pub fn snake() -> Self {
        Scope {
            taken: BTreeSet::new(),
            separator: "_",
        }
    }

    /// A scope for variant names, where nothing is reserved.
    pub fn variants() -> Self {
        Scope::default()
    }

    /// Marks `name` as used without handing it out.
    pub fn reserve(&mut self, name: &str) {
        self.taken.insert(name.to_owned());
    }

    /// Whether `name` is already used.
    pub fn is_taken(&self, name: &str) -> bool {
        self.taken.contains(name)
    }

    /// Returns `wanted`, or the first free `wanted2`, `wanted3`, ...
    pub fn claim(&mut self, wanted: &str) -> String {
        let mut candidate = wanted.to_owned();
        let mut counter = 2;
        // A keyword made usable continues without its `_`: `type_` as `type_2`, not
        // `type__2`, and `Self_` as `Self2`, not `Self_2` (which is not UpperCamelCase).
        let stem = wanted.trim_end_matches('_');
        while self.taken.contains(&candidate) {
            candidate = format!("{stem}{}{counter}", self.separator);
            counter += 1;
        }
        self.taken.insert(candidate.clone());
        candidate
    }
}

/// A stable name for an operation without an `operationId`: `get /a/{id}/b` is `getAByIdB`.
pub fn derived_operation_id(method: crate::ir::HttpMethod, path: &str) -> String {
    let mut words = vec![method.as_str().to_ascii_lowercase()];
    for segment in path.split('/').filter(|segment| !segment.is_empty()) {
        match segment
            .strip_prefix('{')
            .and_then(|inner| inner.strip_suffix('}'))
        {
            Some(parameter) => {
                words.push("by".to_owned());
                words.push(parameter.to_owned());
            }
            None => words.push(segment.to_owned()),
        }
    }
    heck::ToLowerCamelCase::to_lower_camel_case(words.join(" ").as_str())
}

/// The variant name for an HTTP status: its reason phrase (`NotFound`), or `Status499`.
pub fn status_variant(code: u16) -> String {
    http::StatusCode::from_u16(code)
        .ok()
        .and_then(|status| status.canonical_reason())
        .map(|reason| camel_name(reason, "Status"))
        .unwrap_or_else(|| format!("Status{code}"))
}

/// The words of an identifier as its author separated them: at punctuation, at a lowercase
/// letter followed by an uppercase one, and before the last capital of an acronym
/// (`ErrorResponseDTOList` gives `error`, `response`, `dto`, `list`), lowercased.
pub fn identifier_words(identifier: &str) -> Vec<String> {
    let chars: Vec<char> = identifier.chars().collect();
    let mut words = Vec::new();
    let mut current = String::new();
    for (index, &ch) in chars.iter().enumerate() {
        if !ch.is_ascii_alphanumeric() {
            if !current.is_empty() {
                words.push(std::mem::take(&mut current));
            }
            continue;
        }
        let previous = index.checked_sub(1).and_then(|at| chars.get(at)).copied();
        let next = chars.get(index + 1).copied();
        let boundary = match previous {
            Some(previous) if !current.is_empty() => {
                (ch.is_ascii_uppercase() && previous.is_ascii_lowercase())
                    || (ch.is_ascii_uppercase()
                        && previous.is_ascii_uppercase()
                        && next.is_some_and(|next| next.is_ascii_lowercase()))
                    || (ch.is_ascii_digit() != previous.is_ascii_digit())
            }
            _ => false,
        };
        if boundary {
            words.push(std::mem::take(&mut current));
        }
        current.push(ch.to_ascii_lowercase());
    }
    if !current.is_empty() {
        words.push(current);
    }
    words
}

/// Splits a name written without separators (`lifecyclestate`, as in SailPoint's file names)
/// into words from `vocabulary`, the words the same document writes with separators. Runs of
/// digits are words of their own. The split with the fewest words wins; among those, the one
/// with the longest words, then the first in alphabetical order. `None` when some letters
/// belong to no known word.
pub fn split_run_together(name: &str, vocabulary: &BTreeSet<String>) -> Option<Vec<String>> {
    let lower = name.to_ascii_lowercase();
    if lower.is_empty() || !lower.chars().all(|ch| ch.is_ascii_alphanumeric()) {
        return None;
    }
    let bytes = lower.as_bytes();
    // best[end]: the best split of `lower[..end]` as (word count, minus the sum of squared
    // word lengths, the words), so the smallest tuple is the best split.
    let mut best: Vec<Option<(usize, i64, Vec<String>)>> = vec![None; bytes.len() + 1];
    best[0] = Some((0, 0, Vec::new()));
    for end in 1..=bytes.len() {
        let mut candidates = Vec::new();
        for start in 0..end {
            let Some((count, weight, words)) = &best[start] else {
                continue;
            };
            let word = &lower[start..end];
            let digits = word.bytes().all(|byte| byte.is_ascii_digit());
            let digit_run_is_whole = digits
                && (start == 0 || !bytes[start - 1].is_ascii_digit())
                && (end == bytes.len() || !bytes[end].is_ascii_digit());
            let known = !digits && vocabulary.contains(word);
            if !(known || digit_run_is_whole) {
                continue;
            }
            let length = i64::try_from(word.len()).unwrap_or(i64::MAX / 4);
            let mut next = words.clone();
            next.push(word.to_owned());
            candidates.push((count + 1, weight - length * length, next));
        }
        best[end] = candidates.into_iter().min();
    }
    best.pop().flatten().map(|(_, _, words)| words)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names_handle_dashes_keywords_digits_and_symbols() {
        assert_eq!(snake_name("identity-profile-id"), "identity_profile_id");
        assert_eq!(snake_name("getLifecycleStates"), "get_lifecycle_states");
        assert_eq!(snake_name("type"), "type_");
        assert_eq!(snake_name("self"), "self_");
        assert_eq!(snake_name("$"), "dollar");
        assert_eq!(snake_name("1st"), "_1st");
        assert_eq!(
            snake_name("X-SailPoint-Experimental"),
            "x_sail_point_experimental"
        );
        assert_eq!(snake_name(""), "value");
    }

    #[test]
    fn camel_names_handle_screaming_case_and_digits() {
        assert_eq!(camel_name("QUEUED_TASK", "V"), "QueuedTask");
        assert_eq!(camel_name("json-patch+json", "V"), "JsonPatchJson");
        assert_eq!(camel_name("2fa", "V"), "V2fa");
        assert_eq!(camel_name("", "V"), "Empty");
        assert_eq!(type_name("LifecyclestateDeleted"), "LifecyclestateDeleted");
        assert_eq!(type_name("Self"), "Self_");
    }

    /// An operation `Self` has the builder `Self_`, which once suffixed needs no `_`: rustc
    /// warns about `Self_Error` (not UpperCamelCase), which `-D warnings` makes an error.
    #[test]
    fn suffixed_names_drop_the_keyword_escape() {
        assert_eq!(suffixed(&camel_name("Self", "Op"), "Error"), "SelfError");
        assert_eq!(
            suffixed(&camel_name("getThing", "Op"), "Success"),
            "GetThingSuccess"
        );
    }

    #[test]
    fn scopes_disambiguate_in_order() {
        let mut scope = Scope::types();
        assert_eq!(scope.claim("Foo"), "Foo");
        assert_eq!(scope.claim("Foo"), "Foo2");
        assert_eq!(scope.claim("Option"), "Option2");
        assert_eq!(scope.claim("Self_"), "Self_");
        assert_eq!(scope.claim("Self_"), "Self2");
        let mut fields = Scope::snake();
        assert_eq!(fields.claim("foo_bar"), "foo_bar");
        assert_eq!(fields.claim("foo_bar"), "foo_bar_2");
        assert_eq!(fields.claim("type_"), "type_");
        assert_eq!(fields.claim("type_"), "type_2");
    }

    #[test]
    fn statuses_are_named_by_reason() {
        assert_eq!(status_variant(404), "NotFound");
        assert_eq!(status_variant(429), "TooManyRequests");
        assert_eq!(status_variant(500), "InternalServerError");
        assert_eq!(status_variant(499), "Status499");
    }

    #[test]
    fn identifiers_split_where_their_authors_separated_words() {
        assert_eq!(
            identifier_words("ErrorResponseDTOList"),
            ["error", "response", "dto", "list"]
        );
        assert_eq!(
            identifier_words("lifecycle-state-id"),
            ["lifecycle", "state", "id"]
        );
        assert_eq!(
            identifier_words("getTaskStatusV1"),
            ["get", "task", "status", "v", "1"]
        );
    }

    #[test]
    fn run_together_names_split_into_the_fewest_known_words() {
        let vocabulary: BTreeSet<String> = [
            "life",
            "cycle",
            "lifecycle",
            "state",
            "states",
            "task",
            "tasks",
            "status",
            "limit",
        ]
        .into_iter()
        .map(str::to_owned)
        .collect();
        assert_eq!(
            split_run_together("lifecyclestate", &vocabulary),
            Some(vec!["lifecycle".to_owned(), "state".to_owned()])
        );
        assert_eq!(
            split_run_together("taskstatus", &vocabulary),
            Some(vec!["task".to_owned(), "status".to_owned()])
        );
        assert_eq!(
            split_run_together("limit50", &vocabulary),
            Some(vec!["limit".to_owned(), "50".to_owned()])
        );
        assert_eq!(split_run_together("taskxstatus", &vocabulary), None);
        assert_eq!(split_run_together("", &vocabulary), None);
    }
}
