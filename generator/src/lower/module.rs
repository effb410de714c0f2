//! The name of the Rust module a document becomes: the one its input names, or one made from
//! its `info.version`, checked against the names the generated crate already uses
//! ([`crate::reserved::module_names`] and the dependencies').

use crate::error::Diagnostic;
use crate::load::Document;
use crate::naming;
use crate::reserved;

/// The module `document` is generated into: `requested`, or named after its `info.version`
/// when `None`; an error at the document when the name cannot be a module's.
pub fn module_name(
    document: &Document,
    requested: Option<&str>,
) -> Result<String, Vec<Diagnostic>> {
    let module = match requested {
        Some(module) => module.to_owned(),
        None => module_from_version(&document.openapi.info.version).ok_or_else(|| {
            vec![Diagnostic::new(
                &document.file,
                "/info/version",
                format!(
                    "cannot name a module after version `{}`; pass the spec as MODULE=PATH",
                    document.openapi.info.version
                ),
            )]
        })?,
    };
    if naming::snake_name(&module) != module
        || module.starts_with('_')
        || reserved::is_reserved_module(&module)
    {
        return Err(vec![Diagnostic::new(
            &document.file,
            "",
            format!(
                "`{module}` cannot be a module name: use lower_snake_case that is not a keyword, nor one of {}, nor the name of a dependency of the generated crate ({})",
                reserved::module_names().join(", "),
                reserved::dependency_crate_names()
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
        )]);
    }
    Ok(module)
}

/// `v2024` stays `v2024`; `3.0.0` becomes `v3`.
fn module_from_version(version: &str) -> Option<String> {
    let version = version.trim();
    if let Some(rest) = version.strip_prefix(['v', 'V'])
        && !rest.is_empty()
        && rest.chars().all(|ch| ch.is_ascii_digit())
    {
        return Some(format!("v{rest}"));
    }
    let major = version.split('.').next()?;
    (!major.is_empty() && major.chars().all(|ch| ch.is_ascii_digit())).then(|| format!("v{major}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn document(version: &str) -> Document {
        let text =
            format!("openapi: 3.0.3\ninfo: {{title: t, version: '{version}'}}\npaths: {{}}\n");
        crate::load::load("spec.yaml", &text, &crate::NoFiles).unwrap()
    }

    #[test]
    fn modules_are_named_after_the_major_version() {
        assert_eq!(module_from_version("3.0.0").as_deref(), Some("v3"));
        assert_eq!(module_from_version("v2024").as_deref(), Some("v2024"));
        assert_eq!(module_from_version("beta"), None);
        assert_eq!(module_name(&document("3.1.0"), None).unwrap(), "v3");
        let error = module_name(&document("beta"), None).unwrap_err();
        assert_eq!(error[0].pointer, "/info/version");
    }

    /// Each module is a method of `Client` and of `MockServer`: one named like a method they
    /// already have would define it twice, and the crate would not compile; one named like a
    /// method they have from a trait (`clone`) would shadow it in every `client.clone()`.
    #[test]
    fn modules_named_like_a_method_of_the_client_are_refused() {
        for taken in [
            "builder", "decoding", "new", "from_env", "uri", "verify", "clone", "into",
        ] {
            let error = module_name(&document("1"), Some(taken)).unwrap_err();
            assert!(
                error[0]
                    .message
                    .starts_with(&format!("`{taken}` cannot be a module name")),
                "{error:?}"
            );
        }
        assert_eq!(module_name(&document("1"), Some("v1")).unwrap(), "v1");
    }
}
