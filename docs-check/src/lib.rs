//! Compiles every Rust block of `README.md` and `docs/*.md` in `cargo test`: each file is the
//! documentation of an item that exists only while doctests are collected, so rustdoc compiles
//! (and, unless marked `no_run`, runs) its blocks against `sailpoint-client` with every module
//! and the test doubles. A block that is not Rust names its language (`sh`, `toml`, `text`, ...).

/// `README.md`.
#[cfg(doctest)]
#[doc = include_str!("../../README.md")]
pub struct Readme;

/// `docs/design.md`.
#[cfg(doctest)]
#[doc = include_str!("../../docs/design.md")]
pub struct Design;

/// `docs/generator.md`.
#[cfg(doctest)]
#[doc = include_str!("../../docs/generator.md")]
pub struct Generator;

/// `docs/layout.md`.
#[cfg(doctest)]
#[doc = include_str!("../../docs/layout.md")]
pub struct Layout;

/// `docs/maintaining.md`.
#[cfg(doctest)]
#[doc = include_str!("../../docs/maintaining.md")]
pub struct Maintaining;

/// `docs/sailpoint.md`.
#[cfg(doctest)]
#[doc = include_str!("../../docs/sailpoint.md")]
pub struct Sailpoint;

/// `docs/testing.md`.
#[cfg(doctest)]
#[doc = include_str!("../../docs/testing.md")]
pub struct Testing;

#[cfg(test)]
mod tests {
    use std::path::Path;

    /// A Markdown file added under `docs/` is compiled only once this crate includes it.
    #[test]
    fn every_markdown_file_of_docs_is_included() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let included = include_str!("lib.rs");
        let mut files: Vec<String> = std::fs::read_dir(root.join("../docs"))
            .map_err(|error| format!("docs/ cannot be read: {error}"))
            .unwrap_or_else(|error| panic!("{error}"))
            .filter_map(|entry| entry.ok()?.file_name().into_string().ok())
            .filter(|name| name.ends_with(".md"))
            .collect();
        files.sort();
        assert!(!files.is_empty(), "docs/ holds no Markdown");
        let missing: Vec<&String> = files
            .iter()
            .filter(|name| !included.contains(&format!("include_str!(\"../../docs/{name}\")")))
            .collect();
        assert!(
            missing.is_empty(),
            "docs-check/src/lib.rs does not compile the blocks of docs/{missing:?}: add a \
             #[cfg(doctest)] item including each"
        );
    }
}
