//! Security: which schemes each operation's requirements name, how each scheme's credential is
//! sent (read once per document), the constants that name the schemes in a module's `security`
//! module, and the table of distinct requirement lists operations point into.

use std::collections::BTreeMap;

use openapiv3::{APIKeyLocation, Operation as OaOperation, SecurityScheme};

use super::Lowerer;
use super::operations::SkipReason;
use crate::error::pointer_push;
use crate::ir::{ApiKeyLocation, Operation, SchemeKind, SchemeUse, SecurityRequirement};
use crate::load::Document;
use crate::naming::{Scope, snake_name};
use crate::reserved;

/// What lowering knows of the document's security schemes.
pub(super) struct Security {
    /// The constants of the module's `security` module, by scheme name.
    consts: BTreeMap<String, String>,
    const_names: Scope,
    /// Each declared scheme once read.
    read: BTreeMap<String, SchemeLookup>,
    /// How each usable scheme is sent, and its description, by name.
    definitions: BTreeMap<String, (SchemeKind, Option<String>)>,
}

impl Security {
    /// Names the constant of every scheme `document` declares, in its order, so a constant's
    /// name never depends on which operations are generated.
    pub(super) fn new(document: &Document) -> Self {
        let mut security = Security {
            consts: BTreeMap::new(),
            const_names: Scope::variants(),
            read: BTreeMap::new(),
            definitions: BTreeMap::new(),
        };
        for name in declared_schemes(document) {
            security.const_for(name);
        }
        security
    }

    /// The constant naming the scheme `name` in the module's `security` module.
    pub(super) fn const_for(&mut self, name: &str) -> String {
        if let Some(existing) = self.consts.get(name) {
            return existing.clone();
        }
        let claimed = self.const_names.claim(&const_name(name));
        self.consts.insert(name.to_owned(), claimed.clone());
        claimed
    }

    /// The constant of the table of requirement lists, named after every scheme's.
    pub(super) fn claim_table_name(&mut self) -> String {
        self.const_names.claim(reserved::REQUIREMENTS_TABLE)
    }

    /// How the declared scheme `name` is sent, once read.
    fn known(&self, name: &str) -> Option<SchemeLookup> {
        self.read.get(name).cloned()
    }

    /// Keeps how the declared scheme `name` is sent, and its description when it is usable.
    fn remember(&mut self, name: &str, lookup: &SchemeLookup, description: Option<String>) {
        if let SchemeLookup::Usable(kind) = lookup {
            self.definitions
                .insert(name.to_owned(), (kind.clone(), description));
        }
        self.read.insert(name.to_owned(), lookup.clone());
    }

    /// Records a name requirements use that the document does not define: sent as a bearer
    /// token. Not kept as read, so each place that names it is warned about.
    fn define_undeclared(&mut self, name: &str) {
        self.definitions
            .insert(name.to_owned(), (SchemeKind::Undeclared, None));
    }

    /// The schemes the generated operations use: the document's, in its order, then the
    /// names it does not define, in the order operations first name them.
    pub(super) fn used(
        &self,
        operations: &[Operation],
        document: &Document,
    ) -> Vec<crate::ir::SecurityScheme> {
        let mut used: Vec<&str> = Vec::new();
        for operation in operations {
            for requirement in &operation.security {
                for scheme in &requirement.schemes {
                    if !used.contains(&scheme.name.as_str()) {
                        used.push(&scheme.name);
                    }
                }
            }
        }
        let declared = declared_schemes(document);
        let (mut ordered, undeclared): (Vec<&str>, Vec<&str>) =
            used.into_iter().partition(|name| declared.contains(name));
        ordered.sort_by_key(|name| declared.iter().position(|declared| declared == name));
        ordered
            .into_iter()
            .chain(undeclared)
            .filter_map(|name| {
                let (kind, description) = self.definitions.get(name)?;
                Some(crate::ir::SecurityScheme {
                    name: name.to_owned(),
                    const_name: self.consts.get(name)?.clone(),
                    kind: kind.clone(),
                    description: description.clone(),
                })
            })
            .collect()
    }
}

/// The names of the schemes `components.securitySchemes` declares, in the document's order.
fn declared_schemes(document: &Document) -> Vec<&str> {
    document
        .openapi
        .components
        .as_ref()
        .map(|components| {
            components
                .security_schemes
                .keys()
                .map(String::as_str)
                .collect()
        })
        .unwrap_or_default()
}

/// The distinct security requirement lists of the authenticated operations, each once in the
/// order operations first use them; each operation gets the index of its own.
pub(super) fn number_security_lists(operations: &mut [Operation]) -> Vec<Vec<SecurityRequirement>> {
    let mut lists: Vec<Vec<SecurityRequirement>> = Vec::new();
    for operation in operations
        .iter_mut()
        .filter(|operation| operation.authenticated())
    {
        let index = match lists.iter().position(|list| *list == operation.security) {
            Some(index) => index,
            None => {
                lists.push(operation.security.clone());
                lists.len() - 1
            }
        };
        operation.security_entry = Some(index);
    }
    lists
}

/// What a security requirement's scheme name stands for.
#[derive(Debug, Clone)]
pub(super) enum SchemeLookup {
    /// A scheme the client can send.
    Usable(SchemeKind),
    /// A scheme the client cannot send, and why.
    Unsupported(String),
    /// A reference that leads nowhere (reported where it was found).
    Unreadable,
}

/// An HTTP authentication scheme: basic and bearer, and any other whose whole `Authorization`
/// value a caller can give; not those that need a challenge from the server or a handshake.
fn http_scheme(scheme: &str) -> SchemeLookup {
    let lower = scheme.trim().to_ascii_lowercase();
    match lower.as_str() {
        "basic" => SchemeLookup::Usable(SchemeKind::HttpBasic),
        "bearer" => SchemeLookup::Usable(SchemeKind::HttpBearer),
        "digest" | "hoba" | "mutual" | "negotiate" | "ntlm" | "scram-sha-1" | "scram-sha-256"
        | "vapid" => SchemeLookup::Unsupported(format!(
            "HTTP {scheme}, whose `Authorization` value is computed from a challenge the server sends"
        )),
        _ if http::HeaderValue::from_str(&format!("{} x", scheme.trim())).is_err()
            || scheme.trim().is_empty()
            || scheme.trim().contains(' ') =>
        {
            SchemeLookup::Unsupported(format!("HTTP `{scheme}`, which is no scheme name"))
        }
        _ => SchemeLookup::Usable(SchemeKind::Http {
            scheme: scheme.trim().to_owned(),
        }),
    }
}

/// The constant's name for a scheme: `userAuth` is `USER_AUTH`.
fn const_name(scheme: &str) -> String {
    let name = snake_name(scheme)
        .trim_end_matches('_')
        .to_ascii_uppercase();
    if name.starts_with(|ch: char| ch.is_ascii_digit()) {
        format!("_{name}")
    } else {
        name
    }
}

impl SchemeKind {
    /// Whether the credential travels in the `Authorization` header.
    fn uses_authorization(&self) -> bool {
        match self {
            SchemeKind::ApiKey { location, name } => {
                *location == ApiKeyLocation::Header && name.eq_ignore_ascii_case("authorization")
            }
            _ => true,
        }
    }
}

/// How a declared scheme is sent, when the client can send it, and its description.
fn scheme_lookup(scheme: &SecurityScheme) -> (SchemeLookup, &Option<String>) {
    match scheme {
        SecurityScheme::HTTP {
            scheme,
            description,
            ..
        } => (http_scheme(scheme), description),
        SecurityScheme::APIKey {
            location,
            name: key_name,
            description,
            ..
        } => {
            let location = match location {
                APIKeyLocation::Header => ApiKeyLocation::Header,
                APIKeyLocation::Query => ApiKeyLocation::Query,
                APIKeyLocation::Cookie => ApiKeyLocation::Cookie,
            };
            let valid = match location {
                ApiKeyLocation::Header => http::HeaderName::from_bytes(key_name.as_bytes()).is_ok(),
                ApiKeyLocation::Query => !key_name.is_empty(),
                ApiKeyLocation::Cookie => {
                    !key_name.is_empty()
                        && key_name.bytes().all(|byte| {
                            byte.is_ascii_graphic() && !b"()<>@,;:\\\"/[]?={}".contains(&byte)
                        })
                }
            };
            let lookup = if valid {
                SchemeLookup::Usable(SchemeKind::ApiKey {
                    location,
                    name: key_name.clone(),
                })
            } else {
                SchemeLookup::Unsupported(format!(
                    "an API key whose name `{key_name}` cannot be a {} name",
                    match location {
                        ApiKeyLocation::Header => "header",
                        ApiKeyLocation::Query => "query parameter",
                        ApiKeyLocation::Cookie => "cookie",
                    }
                ))
            };
            (lookup, description)
        }
        SecurityScheme::OAuth2 {
            flows, description, ..
        } => (
            SchemeLookup::Usable(SchemeKind::OAuth2 {
                token_url: flows
                    .client_credentials
                    .as_ref()
                    .map(|flow| flow.token_url.clone()),
            }),
            description,
        ),
        SecurityScheme::OpenIDConnect { description, .. } => {
            (SchemeLookup::Usable(SchemeKind::OpenIdConnect), description)
        }
    }
}

impl<'a> Lowerer<'a> {
    /// The requirements the call may meet, in the spec's order. A requirement naming a scheme
    /// the client cannot send is dropped with a warning; the operation is skipped only when
    /// every requirement is dropped (an anonymous `{}` is never dropped).
    pub(super) fn authentication(
        &mut self,
        operation: &'a OaOperation,
        pointer: &str,
    ) -> Result<Vec<SecurityRequirement>, SkipReason> {
        let (requirements, requirements_pointer) = match &operation.security {
            Some(requirements) => (requirements, pointer_push(pointer, "security")),
            None => match &self.document.openapi.security {
                Some(requirements) => (requirements, "/security".to_owned()),
                None => return Ok(Vec::new()),
            },
        };
        let mut kept = Vec::new();
        let mut dropped: Vec<(usize, Vec<String>)> = Vec::new();
        for (index, requirement) in requirements.iter().enumerate() {
            let requirement_pointer = pointer_push(&requirements_pointer, &index.to_string());
            let mut schemes = Vec::new();
            let mut unusable = Vec::new();
            let mut in_authorization = Vec::new();
            for (name, scopes) in requirement {
                let at = pointer_push(&requirement_pointer, name);
                match self.security_scheme(name, &at) {
                    SchemeLookup::Usable(kind) => {
                        if kind.uses_authorization() {
                            in_authorization.push(format!("`{name}`"));
                        }
                        schemes.push(SchemeUse {
                            name: name.clone(),
                            const_name: self.security.const_for(name),
                            scopes: scopes.clone(),
                        });
                    }
                    SchemeLookup::Unsupported(why) => unusable.push(format!("`{name}` ({why})")),
                    SchemeLookup::Unreadable => unusable.push(format!("`{name}`")),
                }
            }
            if in_authorization.len() > 1 {
                unusable.push(format!(
                    "{} together (all in the `Authorization` header)",
                    in_authorization.join(" and ")
                ));
            }
            if unusable.is_empty() {
                kept.push(SecurityRequirement { schemes });
            } else {
                dropped.push((index, unusable));
            }
        }
        if kept.is_empty() && !dropped.is_empty() {
            let needs: Vec<String> = dropped
                .into_iter()
                .map(|(_, unusable)| unusable.join(" with "))
                .collect();
            return Err(SkipReason {
                pointer: requirements_pointer,
                reason: format!(
                    "it can only be called with {}, which the client cannot send",
                    needs.join(" or ")
                ),
            });
        }
        for (index, unusable) in dropped {
            self.findings.warn(
                &pointer_push(&requirements_pointer, &index.to_string()),
                format!(
                    "this requirement needs {}, which the client cannot send; the operation is generated with its other requirements",
                    unusable.join(" with ")
                ),
            );
        }
        Ok(kept)
    }

    /// How the scheme `name` is sent, read once per document.
    fn security_scheme(&mut self, name: &str, at: &str) -> SchemeLookup {
        if let Some(known) = self.security.known(name) {
            return known;
        }
        let declared = self
            .document
            .openapi
            .components
            .as_ref()
            .and_then(|components| components.security_schemes.get(name));
        let Some(declared) = declared else {
            // SailPoint's per-resource documents name the schemes of the root document they
            // were split from; the client sends a bearer token, as for any OAuth 2 scheme.
            self.findings.warn(
                at,
                format!("the security requirement names `{name}`, which `components.securitySchemes` does not define; the operation sends the client's bearer token"),
            );
            self.security.define_undeclared(name);
            return SchemeLookup::Usable(SchemeKind::Undeclared);
        };
        let Some((scheme, _)) =
            self.resolve(declared, at, "securitySchemes", |c| &c.security_schemes)
        else {
            // Reported by `resolve`: it costs the operation that uses it, not the document.
            return SchemeLookup::Unreadable;
        };
        let (lookup, description) = scheme_lookup(scheme);
        self.security.remember(name, &lookup, description.clone());
        lookup
    }
}
