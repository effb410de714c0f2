//! Spec prose made into rustdoc: Markdown a spec writes cleaned so rustdoc reads it as meant
//! (links, brackets, code never compiled), and the docs the generator writes around it.

use super::literals::string_literal;
use crate::ir::{Api, Operation, SchemeKind, StatusMatch, TypeRef};

/// The most path roots [`served_at`] names before it says how many more there are.
const SERVED_AT_ROOTS: usize = 3;

/// Where an API's operations are under the base URL, for its docs: the server's path and each
/// distinct start of an operation's path (its segments before the first one holding a
/// parameter, less any start another one already covers), such as
/// `` `BASE/identity-profiles/v1/...`, `BASE/identities/v1/...` ``. A server path alone says
/// nothing when it is empty, as it is for SailPoint's per-resource specs, whose paths carry the
/// version.
pub(super) fn served_at(api: &Api) -> String {
    let roots = api.operations.iter().map(|operation| {
        operation
            .path
            .trim_end_matches('/')
            .split('/')
            .skip(1)
            .take_while(|segment| !segment.contains('{'))
            .fold(String::new(), |root, segment| format!("{root}/{segment}"))
    });
    let covers = |root: &str, other: &str| {
        other == root || other.starts_with(&format!("{root}/")) || root.is_empty()
    };
    let mut kept: Vec<String> = Vec::new();
    for root in roots {
        if kept.iter().any(|earlier| covers(earlier, &root)) {
            continue;
        }
        kept.retain(|earlier| !covers(&root, earlier));
        kept.push(root);
    }
    if kept.is_empty() {
        kept.push(String::new());
    }
    let shown: Vec<String> = kept
        .iter()
        .take(SERVED_AT_ROOTS)
        .map(|root| format!("`BASE{}{root}/...`", api.server.path_prefix))
        .collect();
    let more = kept.len().saturating_sub(SERVED_AT_ROOTS);
    if more == 0 {
        shown.join(", ")
    } else {
        format!("{} and {more} more", shown.join(", "))
    }
}

/// What a scheme's constant says: the scheme, where its credential goes, which
/// `Credential` constructors it takes (see `runtime/src/schemes.rs`), then the spec's words.
pub(super) fn scheme_doc(scheme: &crate::ir::SecurityScheme) -> String {
    use crate::ir::ApiKeyLocation;
    let name = &scheme.name;
    let (what, takes) = match &scheme.kind {
        SchemeKind::HttpBasic => (
            "HTTP basic: `Authorization: Basic` with a user name and password".to_owned(),
            "[`Credential::basic`](crate::Credential::basic)",
        ),
        SchemeKind::HttpBearer => (
            "HTTP bearer: `Authorization: Bearer` with a token".to_owned(),
            "[`Credential::bearer`](crate::Credential::bearer) or [`Credential::source`](crate::Credential::source); without one, the client's own credentials",
        ),
        SchemeKind::Http { scheme } => (
            format!("HTTP `{scheme}`: an `Authorization` value the caller makes"),
            "[`Credential::authorization`](crate::Credential::authorization) or [`Credential::source`](crate::Credential::source)",
        ),
        SchemeKind::ApiKey { location, name } => (
            match location {
                ApiKeyLocation::Header => format!("an API key in the `{name}` header"),
                ApiKeyLocation::Query => format!("an API key in the `{name}` query parameter"),
                ApiKeyLocation::Cookie => format!("an API key in the `{name}` cookie"),
            },
            "[`Credential::api_key`](crate::Credential::api_key)",
        ),
        SchemeKind::OAuth2 { token_url } => (
            match token_url {
                Some(url) => format!(
                    "OAuth 2, whose client credentials flow gets tokens at `{url}`"
                ),
                None => "OAuth 2, with a token obtained elsewhere".to_owned(),
            },
            "[`Credential::client_credentials`](crate::Credential::client_credentials), [`Credential::bearer`](crate::Credential::bearer) or [`Credential::source`](crate::Credential::source); without one, the client's own credentials",
        ),
        SchemeKind::OpenIdConnect => (
            "OpenID Connect: a bearer token the caller obtains".to_owned(),
            "[`Credential::bearer`](crate::Credential::bearer) or [`Credential::source`](crate::Credential::source); without one, the client's own credentials",
        ),
        SchemeKind::Undeclared => (
            "named by the spec's requirements but not defined in `components.securitySchemes`, so sent as a bearer token".to_owned(),
            "[`Credential::bearer`](crate::Credential::bearer) or [`Credential::source`](crate::Credential::source); without one, the client's own credentials",
        ),
    };
    let mut doc = format!(
        "#[doc = {}]\n#[doc = \"\"]\n#[doc = {}]\n",
        doc_literal(&format!(" `{name}`: {what}.")),
        doc_literal(&format!(" Takes {takes}."))
    );
    if let Some(description) = scheme.description.as_deref().map(str::trim)
        && !description.is_empty()
    {
        doc.push_str("#[doc = \"\"]\n");
        doc.push_str(&doc_attributes(description, false));
    }
    doc
}

/// The string literal of a doc attribute holding `text`: a tab (which a name from the spec may
/// hold) becomes four spaces, as rustdoc shows it and clippy's `tabs_in_doc_comments` asks.
pub(super) fn doc_literal(text: &str) -> String {
    string_literal(&text.replace('\t', "    "))
}

/// Doc attributes for `text`, made safe for rustdoc.
pub fn doc_attributes(text: &str, inner: bool) -> String {
    let bang = if inner { "!" } else { "" };
    sanitize_doc(text)
        .lines()
        .map(|line| {
            let line = if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            };
            format!("#{bang}[doc = {}]\n", doc_literal(&line))
        })
        .collect()
}

/// Doc attributes for text the generator wrote itself (no spec prose in it), kept as written:
/// intra-doc links, fences and their doctests included.
pub fn raw_doc_attributes(text: &str, inner: bool) -> String {
    let bang = if inner { "!" } else { "" };
    text.lines()
        .map(|line| {
            let line = if line.is_empty() {
                String::new()
            } else {
                format!(" {line}")
            };
            format!("#{bang}[doc = {}]\n", doc_literal(&line))
        })
        .collect()
}

/// Makes prose from a spec safe as rustdoc: bare URLs become links, stray brackets and angle
/// brackets are escaped so they are not read as links or HTML, and code is never compiled.
pub fn sanitize_doc(text: &str) -> String {
    let mut out = Vec::new();
    let mut in_fence = false;
    let mut list_indent: Option<usize> = None;
    for raw_line in text.trim().lines() {
        let trimmed = raw_line.trim_start();
        if let Some(info) = trimmed.strip_prefix("```") {
            if in_fence {
                out.push("```".to_owned());
            } else {
                // Only fences labelled as Rust would be compiled as doctests; nothing from a spec is.
                let label = info.trim();
                out.push(if label.is_empty() || label.starts_with("rust") {
                    "```text".to_owned()
                } else {
                    format!("```{label}")
                });
            }
            in_fence = !in_fence;
            continue;
        }
        if in_fence {
            out.push(raw_line.trim_end().to_owned());
            continue;
        }
        // Indentation would make an indented code block, which rustdoc compiles; the one
        // indentation kept is that of a list item's continuation lines, under its text.
        let line = escape_prose(trimmed.trim_end());
        if line.is_empty() {
            list_indent = None;
            out.push(line);
        } else if let Some(marker) = list_marker_width(&line) {
            list_indent = Some(marker);
            out.push(line);
        } else if let Some(indent) = list_indent {
            out.push(format!("{}{line}", " ".repeat(indent)));
        } else {
            out.push(line);
        }
    }
    if in_fence {
        out.push("```".to_owned());
    }
    out.join("\n")
}

/// The width of a Markdown list marker (`- `, `* `, `+ `, `12. `) starting `line`.
fn list_marker_width(line: &str) -> Option<usize> {
    if line.starts_with("- ") || line.starts_with("* ") || line.starts_with("+ ") {
        return Some(2);
    }
    let digits = line.chars().take_while(char::is_ascii_digit).count();
    let after = &line[digits..];
    (digits > 0 && (after.starts_with(". ") || after.starts_with(") "))).then_some(digits + 2)
}

fn escape_prose(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    let mut rest = line;
    while let Some(ch) = rest.chars().next() {
        if let Some((link, after)) = markdown_link(rest) {
            out.push_str(link);
            rest = after;
            continue;
        }
        if rest.starts_with('`')
            && let Some(end) = rest[1..].find('`')
        {
            out.push_str(&rest[..end + 2]);
            rest = &rest[end + 2..];
            continue;
        }
        if rest.starts_with("http://") || rest.starts_with("https://") {
            let end = rest
                .find(|c: char| {
                    c.is_whitespace() || matches!(c, ')' | '>' | '"' | '\'' | '<' | ']')
                })
                .unwrap_or(rest.len());
            let url = rest[..end].trim_end_matches(['.', ',', ';', ':']);
            out.push('<');
            out.push_str(url);
            out.push('>');
            rest = &rest[url.len()..];
            continue;
        }
        match ch {
            '[' => out.push_str("\\["),
            ']' => out.push_str("\\]"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            other => out.push(other),
        }
        rest = &rest[ch.len_utf8()..];
    }
    out
}

/// A markdown link `[text](target)` at the start of `text`, and what follows it.
fn markdown_link(text: &str) -> Option<(&str, &str)> {
    if !text.starts_with('[') {
        return None;
    }
    let close = text.find("](")?;
    if text[1..close].contains(['[', ']']) {
        return None;
    }
    let end = text[close..].find(')')? + close;
    Some((&text[..=end], &text[end + 1..]))
}

/// A label for a status in docs, such as `404 Not Found` or `4XX`.
pub(super) fn status_label(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => {
            let reason = http::StatusCode::from_u16(code)
                .ok()
                .and_then(|status| status.canonical_reason());
            match reason {
                Some(reason) => format!("`{code} {reason}`"),
                None => format!("`{code}`"),
            }
        }
        StatusMatch::Range(hundred) => format!("`{hundred}XX`"),
        StatusMatch::Default => "Any other status".to_owned(),
    }
}

pub(super) fn operation_text(operation: &Operation) -> String {
    let mut parts = Vec::new();
    if let Some(summary) = operation
        .summary
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty())
    {
        parts.push(summary.trim_end_matches('.').to_owned() + ".");
    }
    if let Some(description) = operation
        .description
        .as_deref()
        .map(str::trim)
        .filter(|text| !text.is_empty())
    {
        parts.push(description.to_owned());
    }
    if parts.is_empty() {
        parts.push(format!("Calls `{}`.", operation.operation_id));
    }
    parts.push(format!(
        "`{} {}` (operation `{}`).",
        operation.http_method.as_str(),
        operation.path,
        operation.operation_id
    ));
    let statuses: Vec<String> = operation
        .success
        .cases()
        .iter()
        .chain(&operation.errors)
        .filter(|case| !case.undocumented)
        .map(|case| status_label(case.status))
        .collect();
    if !statuses.is_empty() {
        parts.push(format!("Documented responses: {}.", statuses.join(", ")));
    }
    if let Some(case) = operation
        .success
        .cases()
        .iter()
        .find(|case| case.undocumented)
    {
        parts.push(format!(
            "The document describes no success response, so any `2XX` succeeds, with {}.",
            if case.ty == TypeRef::Unit {
                "no body"
            } else {
                "its body as it came (`bytes::Bytes`, empty when there is none)"
            }
        ));
    }
    parts.join("\n\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A name from the spec may hold a tab, which clippy's `tabs_in_doc_comments` rejects in
    /// the `///` line the attribute becomes.
    #[test]
    fn tabs_in_docs_become_spaces() {
        let attributes = doc_attributes("The `a\tb` parameter.", false);
        assert_eq!(attributes, "#[doc = \" The `a    b` parameter.\"]\n");
    }

    #[test]
    fn docs_escape_what_rustdoc_would_misread() {
        assert_eq!(
            sanitize_doc(
                "See https://example.com/a. Use [x] or [the guide](https://example.com/g) and <b>bold</b>."
            ),
            "See <https://example.com/a>. Use \\[x\\] or [the guide](https://example.com/g) and &lt;b&gt;bold&lt;/b&gt;."
        );
        assert_eq!(
            sanitize_doc("Keep `a[0] <b>` as code"),
            "Keep `a[0] <b>` as code"
        );
    }

    #[test]
    fn list_items_keep_their_continuation_lines() {
        assert_eq!(
            sanitize_doc("Options:\n- first item\ncontinued here\n\nAfter.\n12. twelfth\n  wraps"),
            "Options:\n- first item\n  continued here\n\nAfter.\n12. twelfth\n    wraps"
        );
    }

    #[test]
    fn docs_never_contain_compiled_code() {
        assert_eq!(
            sanitize_doc("Example:\n\n    let x = 1;\n```\nfoo\n```"),
            "Example:\n\nlet x = 1;\n```text\nfoo\n```"
        );
        assert_eq!(sanitize_doc("```json\n{}"), "```json\n{}\n```");
    }
}
