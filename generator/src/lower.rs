//! Lowers an `openapiv3` document into the IR: resolves references, merges `allOf`,
//! names every inline shape, and reports problems with the JSON pointer of their place.
//! Past this module nothing knows `openapiv3`: `load` reads text into it, and everything after
//! lowering (diff, render, report) reads only the IR.
//!
//! Three kinds of finding come out of it: errors (the document is wrong, nothing is
//! generated), skipped operations (valid, but something the client cannot send, named in the
//! report with the reason) and warnings (repaired or approximated, also in the report).

mod examples;
mod finish;
mod mocks;
mod module;
mod operations;
mod pagination;
mod schemas;

pub use module::module_name;

use std::collections::{BTreeMap, BTreeSet, HashMap};

use openapiv3::{ReferenceOr, Schema};
use serde_json::Value as Json;

use crate::error::{Diagnostic, READ_AS_ANY_JSON, percent_decode, pointer_push, pointer_token};
use crate::ir::{
    Api, Model, ModelKind, SecurityRequirement, SecurityTable, SkippedOperation, TypeRef,
};
use crate::load::Document;
use crate::naming::{Scope, type_name};
use crate::reserved;

/// How deep a chain of `$ref`s to `$ref`s may go before it is treated as a cycle.
const MAX_REF_CHAIN: usize = 32;

/// Lowers one document into the module named `module` (see [`module_name`]).
pub fn lower(document: &Document, module: &str) -> Result<Api, Vec<Diagnostic>> {
    let mut lowerer = Lowerer::new(document);
    lowerer.claim_component_names();
    lowerer.lower_components();
    lowerer.claim_scheme_names();
    let mut operations = lowerer.lower_operations();
    operations.iter_mut().for_each(mocks::choose_statuses);
    let security_schemes = lowerer.used_security_schemes(&operations);
    let security_table = SecurityTable {
        const_name: lowerer.scheme_names.claim(reserved::REQUIREMENTS_TABLE),
        entries: number_security_lists(&mut operations),
    };
    let server = lowerer.server();
    let handle_type = lowerer.types.claim(reserved::HANDLE_TYPE);
    // The test doubles' handle lives in the `mock` submodule beside a test double per
    // operation, named like its request builder, so it yields to those names too.
    let mut mocks_type = lowerer
        .types
        .claim(&format!("{handle_type}{}", reserved::MOCKS_SUFFIX));
    while operations
        .iter()
        .any(|operation| operation.builder_type == mocks_type)
    {
        mocks_type = lowerer
            .types
            .claim(&format!("{handle_type}{}", reserved::MOCKS_SUFFIX));
    }
    lowerer.unused_dangling();
    let mut models = std::mem::take(&mut lowerer.models);
    let type_nesting = finish::finish_models(
        &mut models,
        &mut lowerer.diagnostics,
        &mut lowerer.warnings,
        document,
    );
    finish::name_required_fields(&mut models, &mut lowerer.types);
    if !lowerer.diagnostics.is_empty() {
        return Err(lowerer.diagnostics);
    }
    pagination::identify_items(&mut operations, &models);
    let mut warnings = lowerer.warnings;
    warnings.sort();
    warnings.dedup();
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
        skipped: lowerer.skipped,
        warnings,
        redirect_type: lowerer.redirect_type,
        security_schemes,
        security_table,
        type_nesting,
        examples,
    })
}

/// The distinct security requirement lists of the authenticated operations, each once in the
/// order operations first use them; each operation gets the index of its own.
fn number_security_lists(operations: &mut [crate::ir::Operation]) -> Vec<Vec<SecurityRequirement>> {
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

struct Lowerer<'a> {
    document: &'a Document,
    types: Scope,
    component_types: BTreeMap<String, String>,
    models: Vec<Model>,
    /// Inline shapes already named, by the pointer of their place.
    inline_types: HashMap<String, Lowered>,
    /// Form models already made, by the pointer of their schema and whether multipart.
    form_types: HashMap<(String, bool), String>,
    diagnostics: Vec<Diagnostic>,
    warnings: Vec<Diagnostic>,
    skipped: Vec<SkippedOperation>,
    /// Component schemas whose fields are being collected, to catch `allOf` cycles.
    merging: Vec<String>,
    /// The references to nothing ([`Document::dangling`]) something lowered used.
    dangling_used: BTreeSet<String>,
    /// The module's redirect type, named when the first operation that needs it is lowered.
    redirect_type: Option<String>,
    /// The constants of the module's `security` module, by scheme name.
    scheme_consts: BTreeMap<String, String>,
    scheme_names: Scope,
    /// Each declared scheme once read.
    schemes_read: BTreeMap<String, operations::SchemeLookup>,
    /// How each usable scheme is sent, and its description, by name.
    security_definitions: BTreeMap<String, (crate::ir::SchemeKind, Option<String>)>,
}

impl<'a> Lowerer<'a> {
    fn new(document: &'a Document) -> Self {
        Lowerer {
            document,
            types: Scope::types(),
            component_types: BTreeMap::new(),
            models: Vec::new(),
            inline_types: HashMap::new(),
            form_types: HashMap::new(),
            diagnostics: Vec::new(),
            warnings: document.warnings.clone(),
            skipped: document.skipped.clone(),
            merging: Vec::new(),
            dangling_used: BTreeSet::new(),
            redirect_type: None,
            scheme_consts: BTreeMap::new(),
            scheme_names: Scope::variants(),
            schemes_read: BTreeMap::new(),
            security_definitions: BTreeMap::new(),
        }
    }

    /// An error: the document is wrong here, and nothing is generated.
    fn report(&mut self, pointer: &str, message: impl Into<String>) {
        self.diagnostics
            .push(self.document.diagnostic(pointer, message));
    }

    /// A warning for the report: the generator repaired or approximated something here.
    fn warn(&mut self, pointer: &str, message: impl Into<String>) {
        self.warnings
            .push(self.document.diagnostic(pointer, message));
    }

    fn schemas(&self) -> Option<&'a indexmap::IndexMap<String, ReferenceOr<Schema>>> {
        self.document
            .openapi
            .components
            .as_ref()
            .map(|components| &components.schemas)
    }

    // ----- security schemes -----

    /// Names the constant of every declared scheme in the document's order, so a constant's
    /// name never depends on which operations are generated.
    fn claim_scheme_names(&mut self) {
        let names: Vec<String> = self
            .document
            .openapi
            .components
            .as_ref()
            .map(|components| components.security_schemes.keys().cloned().collect())
            .unwrap_or_default();
        for name in names {
            self.scheme_const(&name);
        }
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
            self.report(
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

    /// A reference to nothing that nothing generated uses costs nothing but a warning.
    fn unused_dangling(&mut self) {
        for (holder, problem) in &self.document.dangling {
            if !self.dangling_used.contains(holder) {
                self.warnings.push(Diagnostic {
                    message: format!("{}; nothing generated uses it", problem.message),
                    ..problem.clone()
                });
            }
        }
    }

    /// The key of a local reference `#/components/{section}/{key}` held at `pointer` (the
    /// object with the `$ref`), or an error at the `$ref`.
    fn component_key(&mut self, reference: &str, section: &str, pointer: &str) -> Option<String> {
        if let Some(dangling) = self.document.dangling.get(pointer) {
            // Found when the spec was read; it costs what is being lowered here.
            self.diagnostics.push(dangling.clone());
            self.dangling_used.insert(pointer.to_owned());
            return None;
        }
        let at = pointer_push(pointer, "$ref");
        let Some(local) = reference.strip_prefix('#').map(percent_decode) else {
            self.report(
                &at,
                format!("reference `{reference}` to another file was not resolved when the spec was read"),
            );
            return None;
        };
        let prefix = format!("/components/{section}/");
        match local.strip_prefix(&prefix) {
            Some(key) if !key.is_empty() && !key.contains('/') => Some(pointer_token(key)),
            _ => {
                self.report(
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
                            self.report(
                                &pointer_push(&current_pointer, "$ref"),
                                format!("reference `{reference}` points to nothing"),
                            );
                            return None;
                        }
                    }
                }
            }
        }
        self.report(
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

    fn claim_component_names(&mut self) {
        let Some(schemas) = self.schemas() else {
            return;
        };
        for key in schemas.keys() {
            let name = self.types.claim(&type_name(key));
            self.component_types.insert(key.clone(), name);
        }
    }

    fn lower_components(&mut self) {
        let Some(schemas) = self.schemas() else {
            return;
        };
        for (key, schema) in schemas {
            let Some(name) = self.component_types.get(key).cloned() else {
                continue;
            };
            let pointer = pointer_push("/components/schemas", key);
            let checkpoint = self.checkpoint();
            match schema {
                ReferenceOr::Reference { .. } => {
                    let lowered = self.schema_type(schema, &pointer, &name);
                    let description = self.ref_siblings(&pointer).description;
                    self.push_model(
                        name.clone(),
                        description,
                        ModelKind::Alias { ty: lowered.ty },
                        pointer.clone(),
                    );
                }
                ReferenceOr::Item(schema) => self.define_model(name.clone(), schema, &pointer),
            }
            // A schema that cannot be used costs that schema's type, not the document.
            if let Some(problem) = self.problems_since(&checkpoint) {
                self.roll_back(checkpoint);
                self.warnings.push(Diagnostic {
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
                self.push_model(
                    name,
                    description,
                    ModelKind::Alias { ty: TypeRef::Json },
                    pointer,
                );
            }
        }
    }

    fn push_model(
        &mut self,
        name: String,
        description: Option<String>,
        kind: ModelKind,
        pointer: String,
    ) {
        self.models.push(Model {
            name,
            description,
            kind,
            derive_default: false,
            derive_eq: false,
            constructor: None,
            required_fields: None,
            pointer,
            source: String::new(),
        });
    }

    /// Where the lowering stands, to undo an operation that turns out to be skipped.
    fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            errors: self.diagnostics.len(),
            warnings: self.warnings.len(),
            models: self.models.len(),
        }
    }

    /// The problems found since `checkpoint`, taken out of the document's errors and folded
    /// into one reason, or `None` when there were none.
    fn problems_since(&mut self, checkpoint: &Checkpoint) -> Option<Diagnostic> {
        if self.diagnostics.len() <= checkpoint.errors {
            return None;
        }
        let mut problems = self.diagnostics.split_off(checkpoint.errors);
        problems.sort();
        problems.dedup();
        let mut reason = problems.remove(0);
        for other in problems {
            let place = if other.file == reason.file {
                format!("#{}", other.pointer)
            } else {
                format!("{}#{}", other.file, other.pointer)
            };
            reason.message = format!("{}; and at `{place}`: {}", reason.message, other.message);
        }
        Some(reason)
    }

    /// Forgets the warnings and inline models of an operation that is skipped.
    fn roll_back(&mut self, checkpoint: Checkpoint) {
        self.warnings.truncate(checkpoint.warnings);
        let removed: BTreeSet<String> = self
            .models
            .drain(checkpoint.models..)
            .map(|model| model.name)
            .collect();
        if removed.is_empty() {
            return;
        }
        self.inline_types
            .retain(|_, lowered| !lowered.ty.names_any(&|name| removed.contains(name)));
        self.form_types.retain(|_, name| !removed.contains(name));
    }

    /// The model named `name`, once it has been defined.
    fn model(&self, name: &str) -> Option<&Model> {
        self.models.iter().find(|model| model.name == name)
    }
}

/// How far the lowering had gone before an operation.
struct Checkpoint {
    errors: usize,
    warnings: usize,
    models: usize,
}

/// The key of a `#/components/schemas/...` reference, unescaped.
fn schema_key(reference: &str) -> Option<String> {
    let reference = percent_decode(reference);
    let key = reference.strip_prefix("#/components/schemas/")?;
    (!key.is_empty() && !key.contains('/')).then(|| pointer_token(key))
}
