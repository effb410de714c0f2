//! Lowers an `openapiv3` document into the IR: resolves references, merges `allOf`,
//! names every inline shape, and reports problems with the JSON pointer of their place.
//! Past this module nothing knows `openapiv3`: `load` reads text into it, and everything after
//! lowering (diff, render, report) reads only the IR.
//!
//! Three kinds of finding come out of it: errors (the document is wrong, nothing is
//! generated), skipped operations (valid, but something the client cannot send, named in the
//! report with the reason) and warnings (repaired or approximated, also in the report).

mod examples;
mod findings;
mod finish;
mod mocks;
mod models;
mod module;
mod names;
mod operations;
mod pagination;
mod schemas;
mod security;

pub use module::module_name;

use openapiv3::{ReferenceOr, Schema};
use serde_json::Value as Json;

use crate::error::{Diagnostic, READ_AS_ANY_JSON, percent_decode, pointer_push, pointer_token};
use crate::ir::{Api, ModelKind, SecurityTable, TypeRef};
use crate::load::Document;
use crate::reserved;
use findings::Findings;
use models::Models;
use names::Names;
use security::Security;

/// How deep a chain of `$ref`s to `$ref`s may go before it is treated as a cycle.
const MAX_REF_CHAIN: usize = 32;

/// Lowers one document into the module named `module` (see [`module_name`]).
pub fn lower(document: &Document, module: &str) -> Result<Api, Vec<Diagnostic>> {
    let mut lowerer = Lowerer::new(document);
    lowerer.lower_components();
    let mut operations = lowerer.lower_operations();
    operations.iter_mut().for_each(mocks::choose_statuses);
    let server = lowerer.server();
    let Lowerer {
        names,
        mut findings,
        models,
        mut security,
        ..
    } = lowerer;
    let security_schemes = security.used(&operations, document);
    let security_table = SecurityTable {
        const_name: security.claim_table_name(),
        entries: security::number_security_lists(&mut operations),
    };
    let (mut types, redirect_type) = names.finish();
    let handle_type = types.claim(reserved::HANDLE_TYPE);
    // The test doubles' handle lives in the `mock` submodule beside a test double per
    // operation, named like its request builder, so it yields to those names too.
    let mut mocks_type = types.claim(&format!("{handle_type}{}", reserved::MOCKS_SUFFIX));
    while operations
        .iter()
        .any(|operation| operation.builder_type == mocks_type)
    {
        mocks_type = types.claim(&format!("{handle_type}{}", reserved::MOCKS_SUFFIX));
    }
    findings.warn_unused_dangling();
    let mut models = models.into_vec();
    let type_nesting = finish::finish_models(&mut models, &mut findings, document);
    finish::name_required_fields(&mut models, &mut types);
    let (warnings, skipped) = findings.finish()?;
    pagination::identify_items(&mut operations, &models);
    let info = &document.openapi.info;
    let examples = examples::examples(module, &operations, &models);
    Ok(Api {
        module: module.to_owned(),
        handle_type,
        mocks_type,
        handle_method: module.to_owned(),
        source: document.file.clone(),
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        server,
        operations,
        models,
        skipped,
        warnings,
        redirect_type,
        security_schemes,
        security_table,
        type_nesting,
        examples,
    })
}

/// A type as lowered, with whether `null` is one of its values.
#[derive(Debug, Clone)]
struct Lowered {
    ty: TypeRef,
    nullable: bool,
}

impl Lowered {
    fn plain(ty: TypeRef) -> Self {
        Lowered {
            ty,
            nullable: false,
        }
    }

    /// The type, wrapped in `Option` when `null` is one of its values.
    fn ty_with_null(self) -> TypeRef {
        if self.nullable {
            self.ty.optional()
        } else {
            self.ty
        }
    }
}

/// The keys OpenAPI 3.0 ignores beside a `$ref` but real documents rely on.
#[derive(Debug, Default)]
struct RefSiblings {
    description: Option<String>,
    nullable: bool,
    read_only: bool,
    deprecated: bool,
    default: Option<Json>,
}

/// Lowers one document. Its state is in four parts, each with the methods that touch only
/// it: the type names decided ([`Names`]), what is reported ([`Findings`]), the models made so
/// far ([`Models`]) and the security schemes ([`Security`]). Its own methods are the steps of
/// lowering, which read the document and use several parts at once.
struct Lowerer<'a> {
    document: &'a Document,
    names: Names,
    findings: Findings<'a>,
    models: Models,
    security: Security,
}

impl<'a> Lowerer<'a> {
    fn new(document: &'a Document) -> Self {
        let mut names = Names::new();
        if let Some(components) = &document.openapi.components {
            names.claim_components(components.schemas.keys());
        }
        Lowerer {
            document,
            names,
            findings: Findings::new(document),
            models: Models::default(),
            security: Security::new(document),
        }
    }

    fn schemas(&self) -> Option<&'a indexmap::IndexMap<String, ReferenceOr<Schema>>> {
        self.document
            .openapi
            .components
            .as_ref()
            .map(|components| &components.schemas)
    }

    // ----- servers -----

    fn server(&mut self) -> crate::ir::Server {
        let Some(server) = self.document.openapi.servers.first() else {
            return crate::ir::Server {
                default_base_url: String::new(),
                path_prefix: String::new(),
            };
        };
        let mut url = server.url.clone();
        for (name, variable) in server.variables.iter().flatten() {
            url = url.replace(&format!("{{{name}}}"), &variable.default);
        }
        if url.contains('{') {
            self.findings.error(
                "/servers/0/url",
                format!("server URL `{url}` names a variable that has no default"),
            );
        }
        let (base, path) = match url.find("://") {
            Some(scheme_end) => {
                let after_scheme = scheme_end + 3;
                match url[after_scheme..].find('/') {
                    Some(slash) => url.split_at(after_scheme + slash),
                    None => (url.as_str(), ""),
                }
            }
            None => ("", url.as_str()),
        };
        crate::ir::Server {
            default_base_url: base.trim_end_matches('/').to_owned(),
            path_prefix: path.trim_end_matches('/').to_owned(),
        }
    }

    // ----- references -----

    /// The key of a local reference `#/components/{section}/{key}` held at `pointer` (the
    /// object with the `$ref`), or an error at the `$ref`.
    fn component_key(&mut self, reference: &str, section: &str, pointer: &str) -> Option<String> {
        if let Some(dangling) = self.findings.use_dangling(pointer) {
            // Found when the spec was read; it costs what is being lowered here.
            self.findings.error_at(dangling);
            return None;
        }
        let at = pointer_push(pointer, "$ref");
        let Some(local) = reference.strip_prefix('#').map(percent_decode) else {
            self.findings.error(
                &at,
                format!("reference `{reference}` to another file was not resolved when the spec was read"),
            );
            return None;
        };
        let prefix = format!("/components/{section}/");
        match local.strip_prefix(&prefix) {
            Some(key) if !key.is_empty() && !key.contains('/') => Some(pointer_token(key)),
            _ => {
                self.findings.error(
                    &at,
                    format!("reference `{reference}` should point into `#/components/{section}/`"),
                );
                None
            }
        }
    }

    /// Follows a chain of references in one components section to the item it names.
    fn resolve<T>(
        &mut self,
        start: &'a ReferenceOr<T>,
        pointer: &str,
        section: &str,
        table: impl Fn(&'a openapiv3::Components) -> &'a indexmap::IndexMap<String, ReferenceOr<T>>,
    ) -> Option<(&'a T, String)> {
        let mut current = start;
        let mut current_pointer = pointer.to_owned();
        for _ in 0..MAX_REF_CHAIN {
            match current {
                ReferenceOr::Item(item) => return Some((item, current_pointer)),
                ReferenceOr::Reference { reference } => {
                    let key = self.component_key(reference, section, &current_pointer)?;
                    let found = self
                        .document
                        .openapi
                        .components
                        .as_ref()
                        .and_then(|components| table(components).get(&key));
                    match found {
                        Some(next) => {
                            current = next;
                            current_pointer =
                                pointer_push(&pointer_push("/components", section), &key);
                        }
                        None => {
                            self.findings.error(
                                &pointer_push(&current_pointer, "$ref"),
                                format!("reference `{reference}` points to nothing"),
                            );
                            return None;
                        }
                    }
                }
            }
        }
        self.findings.error(
            &pointer_push(pointer, "$ref"),
            "this reference goes round in a cycle of references",
        );
        None
    }

    /// Follows schema references without reporting anything: the schema at the end of the
    /// chain and its pointer, or `None` for a broken or cyclic chain (reported elsewhere).
    fn peek_schema(
        &self,
        start: &'a ReferenceOr<Schema>,
        pointer: &str,
    ) -> Option<(&'a Schema, String)> {
        let mut current = start;
        let mut current_pointer = pointer.to_owned();
        for _ in 0..MAX_REF_CHAIN {
            match current {
                ReferenceOr::Item(schema) => return Some((schema, current_pointer)),
                ReferenceOr::Reference { reference } => {
                    let key = schema_key(reference)?;
                    current = self.schemas()?.get(&key)?;
                    current_pointer = pointer_push("/components/schemas", &key);
                }
            }
        }
        None
    }

    /// The raw keys beside a `$ref` at `pointer`, which `openapiv3` drops.
    fn ref_siblings(&self, pointer: &str) -> RefSiblings {
        let raw = self.document.raw_at(pointer);
        let get = |key: &str| raw.and_then(|value| value.get(key));
        RefSiblings {
            description: get("description").and_then(Json::as_str).map(str::to_owned),
            nullable: get("nullable").and_then(Json::as_bool).unwrap_or(false),
            read_only: get("readOnly").and_then(Json::as_bool).unwrap_or(false),
            deprecated: get("deprecated").and_then(Json::as_bool).unwrap_or(false),
            default: get("default").cloned(),
        }
    }

    // ----- components -----

    fn lower_components(&mut self) {
        let Some(schemas) = self.schemas() else {
            return;
        };
        for (key, schema) in schemas {
            let Some(name) = self.names.component(key).map(str::to_owned) else {
                continue;
            };
            let pointer = pointer_push("/components/schemas", key);
            let checkpoint = self.checkpoint();
            match schema {
                ReferenceOr::Reference { .. } => {
                    let lowered = self.schema_type(schema, &pointer, &name);
                    let description = self.ref_siblings(&pointer).description;
                    self.models.push(
                        name.clone(),
                        description,
                        ModelKind::Alias { ty: lowered.ty },
                        pointer.clone(),
                    );
                }
                ReferenceOr::Item(schema) => self.define_model(name.clone(), schema, &pointer),
            }
            // A schema that cannot be used costs that schema's type, not the document.
            if let Some(problem) = self.findings.problems_since(&checkpoint.findings) {
                self.roll_back(checkpoint);
                self.findings.warn_at(Diagnostic {
                    message: format!(
                        "{}; the schema `{key}` is {READ_AS_ANY_JSON}",
                        problem.message
                    ),
                    ..problem
                });
                let description = match schema {
                    ReferenceOr::Item(schema) => schema.schema_data.description.clone(),
                    ReferenceOr::Reference { .. } => None,
                };
                self.models.push(
                    name,
                    description,
                    ModelKind::Alias { ty: TypeRef::Json },
                    pointer,
                );
            }
        }
    }

    /// Where the lowering stands, to undo an item that turns out to be skipped.
    fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            findings: self.findings.mark(),
            models: self.models.count(),
        }
    }

    /// Forgets the warnings and inline models of an item that is skipped.
    fn roll_back(&mut self, checkpoint: Checkpoint) {
        self.findings.roll_back(&checkpoint.findings);
        let removed = self.models.truncate(checkpoint.models);
        if !removed.is_empty() {
            self.names.forget(&removed);
        }
    }
}

/// How far the lowering had gone before an item.
struct Checkpoint {
    findings: findings::Mark,
    models: usize,
}

/// The key of a `#/components/schemas/...` reference, unescaped.
fn schema_key(reference: &str) -> Option<String> {
    let reference = percent_decode(reference);
    let key = reference.strip_prefix("#/components/schemas/")?;
    (!key.is_empty() && !key.contains('/')).then(|| pointer_token(key))
}
