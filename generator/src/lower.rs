//! Lowers an `openapiv3` document into the IR: resolves references, merges `allOf`,
//! names every inline shape, and reports problems with the JSON pointer of their place.
//! This is the only module that knows `openapiv3`.

use std::collections::{BTreeMap, BTreeSet, HashMap};

use openapiv3::{
    AdditionalProperties, AnySchema, IntegerFormat, NumberFormat, Operation as OaOperation,
    Parameter as OaParameter, ParameterSchemaOrContent, PathItem, QueryStyle, ReferenceOr,
    RequestBody as OaRequestBody, Response, Schema, SchemaKind, StatusCode, StringFormat, Type,
    VariantOrUnknownOrEmpty,
};
use serde_json::Value as Json;

use crate::error::{Diagnostic, pointer_push};
use crate::ir::{
    Api, EnumVariant, Field, HttpMethod, Model, ModelKind, OneOfVariant, Operation, Pagination,
    Parameter, ParameterLocation, PathPart, RequestBody, ResponseCase, Server, StatusMatch,
    Success, TypeRef,
};
use crate::load::Document;
use crate::naming::{Scope, camel_name, snake_name, status_variant, type_name};

/// How deep a chain of `$ref`s to `$ref`s may go before it is treated as a cycle.
const MAX_REF_CHAIN: usize = 32;

/// Lowers one document into the module named `module`.
pub fn lower(document: &Document, module: &str) -> Result<Api, Vec<Diagnostic>> {
    let mut lowerer = Lowerer::new(document);
    lowerer.claim_component_names();
    lowerer.lower_components();
    let operations = lowerer.lower_operations();
    let server = lowerer.server();
    let handle_type = lowerer.types.claim("Api");
    let mut models = std::mem::take(&mut lowerer.models);
    finish_models(&mut models, &mut lowerer.diagnostics, document);
    if !lowerer.diagnostics.is_empty() {
        return Err(lowerer.diagnostics);
    }
    let info = &document.openapi.info;
    Ok(Api {
        module: module.to_owned(),
        handle_type,
        handle_method: module.to_owned(),
        source: document.file.clone(),
        title: info.title.clone(),
        version: info.version.clone(),
        description: info.description.clone(),
        server,
        operations,
        models,
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
}

/// A property collected for a struct before its Rust name and optionality are decided.
struct FieldDraft {
    name: String,
    lowered: Lowered,
    read_only: bool,
    description: Option<String>,
    default: Option<Json>,
    deprecated: bool,
    pointer: String,
}

#[derive(Default)]
struct FieldSet {
    fields: Vec<FieldDraft>,
    required: BTreeSet<String>,
}

/// An operation lowered except for the names that depend on every model being known.
struct OperationDraft {
    operation: Operation,
    success_cases: Vec<ResponseCase>,
}

struct Lowerer<'a> {
    document: &'a Document,
    types: Scope,
    component_types: BTreeMap<String, String>,
    models: Vec<Model>,
    inline_types: HashMap<String, Lowered>,
    diagnostics: Vec<Diagnostic>,
    /// Component schemas whose fields are being collected, to catch `allOf` cycles.
    merging: Vec<String>,
}

impl<'a> Lowerer<'a> {
    fn new(document: &'a Document) -> Self {
        Lowerer {
            document,
            types: Scope::types(),
            component_types: BTreeMap::new(),
            models: Vec::new(),
            inline_types: HashMap::new(),
            diagnostics: Vec::new(),
            merging: Vec::new(),
        }
    }

    fn report(&mut self, pointer: &str, message: impl Into<String>) {
        self.diagnostics
            .push(self.document.diagnostic(pointer, message));
    }

    fn schemas(&self) -> Option<&'a indexmap::IndexMap<String, ReferenceOr<Schema>>> {
        self.document
            .openapi
            .components
            .as_ref()
            .map(|components| &components.schemas)
    }

    // ----- servers -----

    fn server(&mut self) -> Server {
        let Some(server) = self.document.openapi.servers.first() else {
            return Server {
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
        Server {
            default_base_url: base.trim_end_matches('/').to_owned(),
            path_prefix: path.trim_end_matches('/').to_owned(),
        }
    }

    // ----- references -----

    /// The key of a local reference `#/components/{section}/{key}`, or a diagnostic.
    fn component_key(&mut self, reference: &str, section: &str, pointer: &str) -> Option<String> {
        let Some(local) = reference.strip_prefix('#') else {
            self.report(
                pointer,
                format!("external reference `{reference}` is not supported; bundle the spec into one file first"),
            );
            return None;
        };
        let prefix = format!("/components/{section}/");
        match local.strip_prefix(&prefix) {
            Some(key) if !key.is_empty() && !key.contains('/') => {
                Some(key.replace("~1", "/").replace("~0", "~"))
            }
            _ => {
                self.report(
                    pointer,
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
                                &current_pointer,
                                format!("reference `{reference}` points to nothing"),
                            );
                            return None;
                        }
                    }
                }
            }
        }
        self.report(
            pointer,
            "this reference goes round in a cycle of references",
        );
        None
    }

    /// The raw YAML keys beside a `$ref` at `pointer`, which `openapiv3` drops.
    fn ref_siblings(&self, pointer: &str) -> RefSiblings {
        let raw = self.document.raw_at(pointer);
        let get = |key: &str| raw.and_then(|value| value.get(key));
        RefSiblings {
            description: get("description")
                .and_then(|value| value.as_str())
                .map(str::to_owned),
            nullable: get("nullable")
                .and_then(|value| value.as_bool())
                .unwrap_or(false),
            read_only: get("readOnly")
                .and_then(|value| value.as_bool())
                .unwrap_or(false),
            deprecated: get("deprecated")
                .and_then(|value| value.as_bool())
                .unwrap_or(false),
            default: get("default").and_then(|value| serde_json::to_value(value).ok()),
        }
    }

    // ----- schemas -----

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
            match schema {
                ReferenceOr::Reference { .. } => {
                    let lowered = self.schema_type(schema, &pointer, &name);
                    let description = self.ref_siblings(&pointer).description;
                    self.push_model(
                        name,
                        description,
                        ModelKind::Alias { ty: lowered.ty },
                        pointer,
                    );
                }
                ReferenceOr::Item(schema) => self.define_model(name, schema, &pointer),
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
            pointer,
        });
    }

    /// The type of a schema that may be a reference; `hint` names inline shapes.
    fn schema_type(
        &mut self,
        schema: &'a ReferenceOr<Schema>,
        pointer: &str,
        hint: &str,
    ) -> Lowered {
        match schema {
            ReferenceOr::Reference { reference } => self.reference_type(reference, pointer),
            ReferenceOr::Item(schema) => self.inline_type(schema, pointer, hint),
        }
    }

    fn boxed_schema_type(
        &mut self,
        schema: &'a ReferenceOr<Box<Schema>>,
        pointer: &str,
        hint: &str,
    ) -> Lowered {
        match schema {
            ReferenceOr::Reference { reference } => self.reference_type(reference, pointer),
            ReferenceOr::Item(schema) => self.inline_type(schema, pointer, hint),
        }
    }

    fn reference_type(&mut self, reference: &str, pointer: &str) -> Lowered {
        let Some(key) = self.component_key(reference, "schemas", pointer) else {
            return Lowered::plain(TypeRef::Json);
        };
        let Some(name) = self.component_types.get(&key).cloned() else {
            self.report(
                pointer,
                format!("reference `{reference}` points to nothing"),
            );
            return Lowered::plain(TypeRef::Json);
        };
        Lowered {
            ty: TypeRef::Named(name),
            nullable: self.component_nullable(&key),
        }
    }

    /// Whether `null` is a value of the component schema `key`, following aliases.
    fn component_nullable(&self, key: &str) -> bool {
        let mut current = key.to_owned();
        for _ in 0..MAX_REF_CHAIN {
            match self.schemas().and_then(|schemas| schemas.get(&current)) {
                Some(ReferenceOr::Item(schema)) => return schema_allows_null(schema),
                Some(ReferenceOr::Reference { reference }) => {
                    match reference.strip_prefix("#/components/schemas/") {
                        Some(next) => current = next.to_owned(),
                        None => return false,
                    }
                }
                None => return false,
            }
        }
        false
    }

    fn inline_type(&mut self, schema: &'a Schema, pointer: &str, hint: &str) -> Lowered {
        let nullable = schema_allows_null(schema);
        let ty = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string)) => {
                if string.enumeration.iter().any(Option::is_some) {
                    self.named_inline(schema, pointer, hint)
                } else {
                    match &string.format {
                        VariantOrUnknownOrEmpty::Item(StringFormat::DateTime) => TypeRef::DateTime,
                        VariantOrUnknownOrEmpty::Item(StringFormat::Date) => TypeRef::Date,
                        _ => TypeRef::String,
                    }
                }
            }
            SchemaKind::Type(Type::Integer(integer)) => match &integer.format {
                VariantOrUnknownOrEmpty::Item(IntegerFormat::Int32) => TypeRef::I32,
                _ => TypeRef::I64,
            },
            SchemaKind::Type(Type::Number(number)) => match &number.format {
                VariantOrUnknownOrEmpty::Item(NumberFormat::Float) => TypeRef::F32,
                _ => TypeRef::F64,
            },
            SchemaKind::Type(Type::Boolean(_)) => TypeRef::Bool,
            SchemaKind::Type(Type::Object(object)) => {
                if object.properties.is_empty() {
                    self.map_type(object.additional_properties.as_ref(), pointer, hint)
                } else {
                    self.named_inline(schema, pointer, hint)
                }
            }
            SchemaKind::Type(Type::Array(array)) => {
                let items = match &array.items {
                    Some(items) => self
                        .boxed_schema_type(
                            items,
                            &pointer_push(pointer, "items"),
                            &format!("{hint}Item"),
                        )
                        .ty_with_null(),
                    None => TypeRef::Json,
                };
                TypeRef::Vec(Box::new(items))
            }
            SchemaKind::OneOf {
                one_of: alternatives,
            }
            | SchemaKind::AnyOf {
                any_of: alternatives,
            } => {
                if alternatives.len() == 1 {
                    let key = if matches!(schema.schema_kind, SchemaKind::OneOf { .. }) {
                        "oneOf"
                    } else {
                        "anyOf"
                    };
                    let only = self.schema_type(
                        &alternatives[0],
                        &pointer_push(&pointer_push(pointer, key), "0"),
                        hint,
                    );
                    return Lowered {
                        ty: only.ty,
                        nullable: nullable || only.nullable,
                    };
                }
                self.named_inline(schema, pointer, hint)
            }
            SchemaKind::AllOf { all_of } => {
                if let [single @ ReferenceOr::Reference { .. }] = all_of.as_slice() {
                    let only = self.schema_type(
                        single,
                        &pointer_push(&pointer_push(pointer, "allOf"), "0"),
                        hint,
                    );
                    return Lowered {
                        ty: only.ty,
                        nullable: nullable || only.nullable,
                    };
                }
                self.named_inline(schema, pointer, hint)
            }
            SchemaKind::Not { .. } => TypeRef::Json,
            SchemaKind::Any(any) => return self.any_type(schema, any, pointer, hint),
        };
        Lowered { ty, nullable }
    }

    /// `openapiv3` puts schemas without a `type`, or with unusual key combinations, here.
    fn any_type(
        &mut self,
        schema: &'a Schema,
        any: &'a AnySchema,
        pointer: &str,
        hint: &str,
    ) -> Lowered {
        let nullable = schema_allows_null(schema);
        let ty = if !any.properties.is_empty()
            || !any.all_of.is_empty()
            || !any.one_of.is_empty()
            || !any.any_of.is_empty()
        {
            self.named_inline(schema, pointer, hint)
        } else if any.items.is_some() || any.typ.as_deref() == Some("array") {
            let items = match &any.items {
                Some(items) => self
                    .boxed_schema_type(
                        items,
                        &pointer_push(pointer, "items"),
                        &format!("{hint}Item"),
                    )
                    .ty_with_null(),
                None => TypeRef::Json,
            };
            TypeRef::Vec(Box::new(items))
        } else if any.typ.as_deref() == Some("object") || any.additional_properties.is_some() {
            self.map_type(any.additional_properties.as_ref(), pointer, hint)
        } else if string_enum_values(any).is_some() {
            self.named_inline(schema, pointer, hint)
        } else {
            match any.typ.as_deref() {
                Some("string") => TypeRef::String,
                Some("integer") => TypeRef::I64,
                Some("number") => TypeRef::F64,
                Some("boolean") => TypeRef::Bool,
                _ => TypeRef::Json,
            }
        };
        Lowered { ty, nullable }
    }

    fn map_type(
        &mut self,
        additional: Option<&'a AdditionalProperties>,
        pointer: &str,
        hint: &str,
    ) -> TypeRef {
        match additional {
            Some(AdditionalProperties::Schema(values)) => {
                let value = self.schema_type(
                    values,
                    &pointer_push(pointer, "additionalProperties"),
                    &format!("{hint}Value"),
                );
                if value.ty == TypeRef::Json {
                    TypeRef::JsonObject
                } else {
                    TypeRef::Map(Box::new(value.ty_with_null()))
                }
            }
            _ => TypeRef::JsonObject,
        }
    }

    /// A named model for an inline shape, made once per place in the document.
    fn named_inline(&mut self, schema: &'a Schema, pointer: &str, hint: &str) -> TypeRef {
        if let Some(existing) = self.inline_types.get(pointer) {
            return existing.ty.clone();
        }
        let name = self.types.claim(&type_name(hint));
        let ty = TypeRef::Named(name.clone());
        self.inline_types
            .insert(pointer.to_owned(), Lowered::plain(ty.clone()));
        self.define_model(name, schema, pointer);
        ty
    }

    /// Defines the model `name` for `schema`.
    fn define_model(&mut self, name: String, schema: &'a Schema, pointer: &str) {
        let description = schema
            .schema_data
            .description
            .clone()
            .or_else(|| schema.schema_data.title.clone());
        let kind = match &schema.schema_kind {
            SchemaKind::Type(Type::String(string))
                if string.enumeration.iter().any(Option::is_some) =>
            {
                let values: Vec<String> = string.enumeration.iter().flatten().cloned().collect();
                string_enum_kind(&values)
            }
            SchemaKind::Type(Type::Object(object)) if !object.properties.is_empty() => {
                self.struct_kind(&name, schema, pointer)
            }
            SchemaKind::AllOf { .. } => self.struct_kind(&name, schema, pointer),
            SchemaKind::OneOf {
                one_of: alternatives,
            } => self.one_of_kind(&name, schema, alternatives, &pointer_push(pointer, "oneOf")),
            SchemaKind::AnyOf {
                any_of: alternatives,
            } => self.one_of_kind(&name, schema, alternatives, &pointer_push(pointer, "anyOf")),
            SchemaKind::Any(any) if !any.one_of.is_empty() && any.properties.is_empty() => {
                self.one_of_kind(&name, schema, &any.one_of, &pointer_push(pointer, "oneOf"))
            }
            SchemaKind::Any(any) if !any.any_of.is_empty() && any.properties.is_empty() => {
                self.one_of_kind(&name, schema, &any.any_of, &pointer_push(pointer, "anyOf"))
            }
            SchemaKind::Any(any) if !any.properties.is_empty() || !any.all_of.is_empty() => {
                self.struct_kind(&name, schema, pointer)
            }
            SchemaKind::Any(any)
                if any.properties.is_empty() && string_enum_values(any).is_some() =>
            {
                string_enum_kind(&string_enum_values(any).unwrap_or_default())
            }
            _ => {
                let lowered = self.inline_type(schema, pointer, &name);
                ModelKind::Alias { ty: lowered.ty }
            }
        };
        self.push_model(name, description, kind, pointer.to_owned());
    }

    fn struct_kind(&mut self, owner: &str, schema: &'a Schema, pointer: &str) -> ModelKind {
        let mut set = FieldSet::default();
        self.collect_fields(owner, schema, pointer, &mut set);
        let mut names = Scope::snake();
        let fields = set
            .fields
            .into_iter()
            .map(|draft| {
                let required = set.required.contains(&draft.name);
                let optional = !required || draft.lowered.nullable || draft.read_only;
                let ty = if optional {
                    draft.lowered.ty.optional()
                } else {
                    draft.lowered.ty
                };
                Field {
                    rust_name: names.claim(&snake_name(&draft.name)),
                    name: draft.name,
                    ty,
                    required,
                    read_only: draft.read_only,
                    description: draft.description,
                    default: draft.default,
                    deprecated: draft.deprecated,
                }
            })
            .collect();
        ModelKind::Struct { fields }
    }

    /// Gathers the properties of an object schema, merging every `allOf` part into one set.
    fn collect_fields(
        &mut self,
        owner: &str,
        schema: &'a Schema,
        pointer: &str,
        set: &mut FieldSet,
    ) {
        match &schema.schema_kind {
            SchemaKind::Type(Type::Object(object)) => {
                self.add_properties(owner, &object.properties, &object.required, pointer, set);
            }
            SchemaKind::AllOf { all_of } => self.collect_all_of(owner, all_of, pointer, set),
            SchemaKind::Any(any) => {
                self.add_properties(owner, &any.properties, &any.required, pointer, set);
                self.collect_all_of(owner, &any.all_of, pointer, set);
                if !any.one_of.is_empty() || !any.any_of.is_empty() {
                    self.report(pointer, "an object with properties and `oneOf`/`anyOf` beside them is not supported yet");
                }
            }
            _ => self.report(
                pointer,
                "an `allOf` part must be an object schema or a reference to one",
            ),
        }
    }

    fn collect_all_of(
        &mut self,
        owner: &str,
        parts: &'a [ReferenceOr<Schema>],
        pointer: &str,
        set: &mut FieldSet,
    ) {
        for (index, part) in parts.iter().enumerate() {
            let part_pointer = pointer_push(&pointer_push(pointer, "allOf"), &index.to_string());
            match part {
                ReferenceOr::Item(part_schema) => {
                    self.collect_fields(owner, part_schema, &part_pointer, set)
                }
                ReferenceOr::Reference { reference } => {
                    let Some(key) = self.component_key(reference, "schemas", &part_pointer) else {
                        continue;
                    };
                    if self.merging.contains(&key) {
                        self.report(
                            &part_pointer,
                            format!("`allOf` includes `{reference}` inside itself"),
                        );
                        continue;
                    }
                    let Some((target, target_pointer)) =
                        self.resolve(part, &part_pointer, "schemas", |c| &c.schemas)
                    else {
                        continue;
                    };
                    let target_owner = self
                        .component_types
                        .get(&key)
                        .cloned()
                        .unwrap_or_else(|| owner.to_owned());
                    self.merging.push(key);
                    self.collect_fields(&target_owner, target, &target_pointer, set);
                    self.merging.pop();
                }
            }
        }
    }

    fn add_properties(
        &mut self,
        owner: &str,
        properties: &'a indexmap::IndexMap<String, ReferenceOr<Box<Schema>>>,
        required: &[String],
        pointer: &str,
        set: &mut FieldSet,
    ) {
        set.required.extend(required.iter().cloned());
        let properties_pointer = pointer_push(pointer, "properties");
        for (name, property) in properties {
            let property_pointer = pointer_push(&properties_pointer, name);
            let hint = format!("{owner}{}", camel_name(name, "Field"));
            let lowered = self.boxed_schema_type(property, &property_pointer, &hint);
            let draft = match property {
                ReferenceOr::Reference { .. } => {
                    let siblings = self.ref_siblings(&property_pointer);
                    FieldDraft {
                        name: name.clone(),
                        lowered: Lowered {
                            nullable: lowered.nullable || siblings.nullable,
                            ty: lowered.ty,
                        },
                        read_only: siblings.read_only,
                        description: siblings.description,
                        default: siblings.default,
                        deprecated: siblings.deprecated,
                        pointer: property_pointer,
                    }
                }
                ReferenceOr::Item(schema) => FieldDraft {
                    name: name.clone(),
                    lowered,
                    read_only: schema.schema_data.read_only,
                    description: schema.schema_data.description.clone(),
                    default: schema.schema_data.default.clone(),
                    deprecated: schema.schema_data.deprecated,
                    pointer: property_pointer,
                },
            };
            self.merge_field(set, draft);
        }
    }

    fn merge_field(&mut self, set: &mut FieldSet, draft: FieldDraft) {
        let Some(existing) = set.fields.iter_mut().find(|field| field.name == draft.name) else {
            set.fields.push(draft);
            return;
        };
        if existing.lowered.ty != draft.lowered.ty {
            let message = format!(
                "`allOf` defines property `{}` twice with different types: here and at {}",
                draft.name, existing.pointer
            );
            self.report(&draft.pointer, message);
            return;
        }
        existing.lowered.nullable |= draft.lowered.nullable;
        if existing.description.is_none() {
            existing.description = draft.description;
        }
    }

    fn one_of_kind(
        &mut self,
        owner: &str,
        schema: &'a Schema,
        alternatives: &'a [ReferenceOr<Schema>],
        pointer: &str,
    ) -> ModelKind {
        let mut names = Scope::variants();
        let mut variants = Vec::new();
        for (index, alternative) in alternatives.iter().enumerate() {
            let alternative_pointer = pointer_push(pointer, &index.to_string());
            let wanted = match alternative {
                ReferenceOr::Reference { reference } => reference
                    .rsplit('/')
                    .next()
                    .map(type_name)
                    .unwrap_or_default(),
                ReferenceOr::Item(inner) => match &inner.schema_data.title {
                    Some(title) => camel_name(title, "Variant"),
                    None => shape_name(inner)
                        .map(str::to_owned)
                        .unwrap_or_else(|| format!("Variant{index}")),
                },
            };
            let hint = format!("{owner}{wanted}");
            let lowered = self.schema_type(alternative, &alternative_pointer, &hint);
            variants.push(OneOfVariant {
                name: names.claim(&wanted),
                ty: lowered.ty,
                tag: None,
            });
        }
        let discriminator = schema
            .schema_data
            .discriminator
            .as_ref()
            .map(|found| found.property_name.clone());
        if discriminator.is_some() {
            self.report(
                &pointer_push(
                    pointer
                        .rsplit_once('/')
                        .map_or(pointer, |(parent, _)| parent),
                    "discriminator",
                ),
                "`discriminator` is not supported yet",
            );
        }
        ModelKind::OneOf {
            variants,
            discriminator,
        }
    }

    // ----- operations -----

    fn lower_operations(&mut self) -> Vec<Operation> {
        let mut drafts = Vec::new();
        let mut method_names = Scope::snake();
        let mut builder_names = Scope::variants();
        let mut seen_ids: BTreeMap<String, String> = BTreeMap::new();
        for (path, item) in &self.document.openapi.paths.paths {
            let path_pointer = pointer_push("/paths", path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { reference } => {
                    self.report(
                        &path_pointer,
                        format!("path item references (`{reference}`) are not supported"),
                    );
                    continue;
                }
            };
            for (method, operation) in path_item_operations(item) {
                let pointer = pointer_push(&path_pointer, &method.as_str().to_ascii_lowercase());
                let operation_id = match &operation.operation_id {
                    Some(id) => id.clone(),
                    None => derived_operation_id(method, path),
                };
                if let Some(first) = seen_ids.insert(operation_id.clone(), pointer.clone()) {
                    self.report(
                        &pointer_push(&pointer, "operationId"),
                        format!("operationId `{operation_id}` is already used at {first}"),
                    );
                    continue;
                }
                let method_name = method_names.claim(&snake_name(&operation_id));
                let builder_type = builder_names.claim(&camel_name(&operation_id, "Op"));
                if let Some(draft) = self.lower_operation(OperationContext {
                    path,
                    item,
                    method,
                    operation,
                    operation_id,
                    method_name,
                    builder_type,
                    pointer,
                }) {
                    drafts.push(draft);
                }
            }
        }
        drafts
            .into_iter()
            .map(|draft| self.finish_operation(draft))
            .collect()
    }

    fn lower_operation(&mut self, context: OperationContext<'a, '_>) -> Option<OperationDraft> {
        let OperationContext {
            path,
            item,
            method,
            operation,
            operation_id,
            method_name,
            builder_type,
            pointer,
        } = context;
        let op_name = camel_name(&operation_id, "Op");
        let parameters = self.lower_parameters(item, operation, &op_name, path, &pointer);
        let path_parts = self.path_parts(path, &parameters, &pointer);
        let body = match &operation.request_body {
            Some(body) => {
                self.lower_request_body(body, &op_name, &pointer_push(&pointer, "requestBody"))
            }
            None => None,
        };
        let (success_cases, errors) = self.lower_responses(operation, method, &op_name, &pointer);
        let authenticated = match &operation.security {
            Some(requirements) => !requirements.is_empty(),
            None => self
                .document
                .openapi
                .security
                .as_ref()
                .is_some_and(|requirements| !requirements.is_empty()),
        };
        Some(OperationDraft {
            operation: Operation {
                operation_id,
                method_name,
                builder_type,
                error_type: String::new(),
                http_method: method,
                path: path.to_owned(),
                path_parts,
                summary: operation.summary.clone(),
                description: operation.description.clone(),
                deprecated: operation.deprecated,
                parameters,
                body,
                success: Success::Single {
                    statuses: Vec::new(),
                    ty: TypeRef::Unit,
                },
                errors,
                authenticated,
                pagination: None,
                pointer,
            },
            success_cases,
        })
    }

    /// Names the operation's response types once every model has its name.
    fn finish_operation(&mut self, draft: OperationDraft) -> Operation {
        let OperationDraft {
            mut operation,
            success_cases,
        } = draft;
        let op_name = camel_name(&operation.operation_id, "Op");
        operation.error_type = self.types.claim(&format!("{op_name}Error"));
        let first_type = success_cases
            .first()
            .map(|case| case.ty.clone())
            .unwrap_or(TypeRef::Unit);
        operation.success = if success_cases.iter().all(|case| case.ty == first_type) {
            Success::Single {
                statuses: success_cases,
                ty: first_type,
            }
        } else {
            Success::ByStatus {
                type_name: self.types.claim(&format!("{op_name}Success")),
                cases: success_cases,
            }
        };
        operation.pagination = pagination(&operation);
        operation
    }

    fn lower_parameters(
        &mut self,
        item: &'a PathItem,
        operation: &'a OaOperation,
        op_name: &str,
        path: &str,
        pointer: &str,
    ) -> Vec<Parameter> {
        let path_pointer = pointer
            .rsplit_once('/')
            .map_or(pointer, |(parent, _)| parent)
            .to_owned();
        let mut resolved: Vec<(&'a OaParameter, String)> = Vec::new();
        let sources = [
            (&item.parameters, path_pointer.as_str()),
            (&operation.parameters, pointer),
        ];
        for (list, base) in sources {
            for (index, parameter) in list.iter().enumerate() {
                let parameter_pointer =
                    pointer_push(&pointer_push(base, "parameters"), &index.to_string());
                let Some((found, found_pointer)) =
                    self.resolve(parameter, &parameter_pointer, "parameters", |c| {
                        &c.parameters
                    })
                else {
                    continue;
                };
                let data = found.parameter_data_ref();
                // An operation's parameter replaces the path item's one of the same name and location.
                resolved.retain(|(existing, _)| {
                    let existing_data = existing.parameter_data_ref();
                    !(existing_data.name == data.name
                        && std::mem::discriminant(*existing) == std::mem::discriminant(found))
                });
                resolved.push((found, found_pointer));
            }
        }
        // Path parameters come first, in the order the template names them.
        let template_names = template_parameter_names(path);
        resolved.sort_by_key(|(parameter, _)| match parameter {
            OaParameter::Path { parameter_data, .. } => (
                0,
                template_names
                    .iter()
                    .position(|name| *name == parameter_data.name)
                    .unwrap_or(usize::MAX),
            ),
            _ => (1, 0),
        });
        let mut names = Scope::snake();
        // Builder fields and methods that a parameter must not take the name of.
        for taken in [
            "client", "body", "new", "send", "stream", "request", "response",
        ] {
            names.reserve(taken);
        }
        resolved
            .into_iter()
            .map(|(parameter, parameter_pointer)| {
                self.lower_parameter(parameter, &parameter_pointer, op_name, &mut names)
            })
            .collect()
    }

    fn lower_parameter(
        &mut self,
        parameter: &'a OaParameter,
        pointer: &str,
        op_name: &str,
        names: &mut Scope,
    ) -> Parameter {
        let data = parameter.parameter_data_ref();
        let (location, explode) = match parameter {
            OaParameter::Path { .. } => (ParameterLocation::Path, false),
            OaParameter::Query { style, .. } => (
                ParameterLocation::Query,
                data.explode.unwrap_or(matches!(style, QueryStyle::Form)),
            ),
            OaParameter::Header { .. } => (ParameterLocation::Header, false),
            OaParameter::Cookie { .. } => (ParameterLocation::Cookie, false),
        };
        let hint = format!("{op_name}{}", camel_name(&data.name, "Param"));
        let (lowered, default, constraints, maximum) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                let schema_pointer = pointer_push(pointer, "schema");
                let lowered = self.schema_type(schema, &schema_pointer, &hint);
                let resolved = self
                    .resolve(schema, &schema_pointer, "schemas", |c| &c.schemas)
                    .map(|(found, _)| found);
                let default = resolved.and_then(|found| found.schema_data.default.clone());
                let maximum = resolved.and_then(|found| match &found.schema_kind {
                    SchemaKind::Type(Type::Integer(integer)) => integer.maximum,
                    _ => None,
                });
                (
                    lowered,
                    default,
                    resolved.map(constraints_of).unwrap_or_default(),
                    maximum,
                )
            }
            ParameterSchemaOrContent::Content(_) => {
                self.report(
                    pointer,
                    "parameters described by `content` are not supported yet; use `schema`",
                );
                (Lowered::plain(TypeRef::String), None, Vec::new(), None)
            }
        };
        let required = data.required || location == ParameterLocation::Path;
        let ty = if let TypeRef::Option(inner) = lowered.ty {
            *inner
        } else {
            lowered.ty
        };
        Parameter {
            rust_name: names.claim(&snake_name(&data.name)),
            name: data.name.clone(),
            location,
            ty,
            required,
            default,
            description: data.description.clone(),
            constraints,
            maximum,
            explode,
            deprecated: data.deprecated.unwrap_or(false),
        }
    }

    fn path_parts(&mut self, path: &str, parameters: &[Parameter], pointer: &str) -> Vec<PathPart> {
        let mut parts = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|offset| open + offset) else {
                self.report(
                    pointer,
                    format!("path template `{path}` has an unclosed `{{`"),
                );
                return parts;
            };
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_owned()));
            }
            let name = &rest[open + 1..close];
            match parameters
                .iter()
                .find(|parameter| parameter.location == ParameterLocation::Path && parameter.name == name)
            {
                Some(parameter) => parts.push(PathPart::Parameter {
                    name: parameter.name.clone(),
                    rust_name: parameter.rust_name.clone(),
                }),
                None => self.report(pointer, format!("path template `{path}` names `{name}`, which is not a declared path parameter")),
            }
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        let named = template_parameter_names(path);
        for parameter in parameters
            .iter()
            .filter(|parameter| parameter.location == ParameterLocation::Path)
        {
            if !named.contains(&parameter.name.as_str()) {
                self.report(
                    pointer,
                    format!(
                        "path parameter `{}` does not appear in the path template `{path}`",
                        parameter.name
                    ),
                );
            }
        }
        parts
    }

    fn lower_request_body(
        &mut self,
        body: &'a ReferenceOr<OaRequestBody>,
        op_name: &str,
        pointer: &str,
    ) -> Option<RequestBody> {
        let (body, body_pointer) =
            self.resolve(body, pointer, "requestBodies", |c| &c.request_bodies)?;
        let content_pointer = pointer_push(&body_pointer, "content");
        let Some((media_type, content)) = pick_json(&body.content) else {
            let offered: Vec<&str> = body.content.keys().map(String::as_str).collect();
            self.report(
                &content_pointer,
                format!(
                    "request bodies of media type {} are not supported yet",
                    offered.join(", ")
                ),
            );
            return None;
        };
        let media_pointer = pointer_push(&content_pointer, media_type);
        let ty = match &content.schema {
            Some(schema) => self
                .schema_type(
                    schema,
                    &pointer_push(&media_pointer, "schema"),
                    &format!("{op_name}Request"),
                )
                .ty_with_null(),
            None => TypeRef::Json,
        };
        Some(RequestBody {
            media_type: media_type.to_owned(),
            ty,
            required: body.required,
            description: body.description.clone(),
        })
    }

    fn lower_responses(
        &mut self,
        operation: &'a OaOperation,
        method: HttpMethod,
        op_name: &str,
        pointer: &str,
    ) -> (Vec<ResponseCase>, Vec<ResponseCase>) {
        let responses_pointer = pointer_push(pointer, "responses");
        let mut success = Vec::new();
        let mut errors = Vec::new();
        let mut all: Vec<(StatusMatch, &'a ReferenceOr<Response>, String)> = operation
            .responses
            .responses
            .iter()
            .map(|(status, response)| {
                let status_match = match status {
                    StatusCode::Code(code) => StatusMatch::Code(*code),
                    StatusCode::Range(range) => StatusMatch::Range(*range),
                };
                (
                    status_match,
                    response,
                    pointer_push(&responses_pointer, &status.to_string()),
                )
            })
            .collect();
        if let Some(default) = &operation.responses.default {
            all.push((
                StatusMatch::Default,
                default,
                pointer_push(&responses_pointer, "default"),
            ));
        }
        all.sort_by_key(|(status, _, _)| *status);
        for (status, response, response_pointer) in all {
            let component_hint = match response {
                ReferenceOr::Reference { reference } => {
                    reference.rsplit('/').next().map(response_component_hint)
                }
                ReferenceOr::Item(_) => None,
            };
            let Some((response, resolved_pointer)) =
                self.resolve(response, &response_pointer, "responses", |c| &c.responses)
            else {
                continue;
            };
            let status_label = match status {
                StatusMatch::Code(code) => code.to_string(),
                StatusMatch::Range(range) => format!("{range}XX"),
                StatusMatch::Default => "Default".to_owned(),
            };
            let hint = component_hint.unwrap_or_else(|| format!("{op_name}{status_label}Response"));
            let (ty, media_type) = if method == HttpMethod::Head || response.content.is_empty() {
                (TypeRef::Unit, None)
            } else {
                let content_pointer = pointer_push(&resolved_pointer, "content");
                match pick_json(&response.content) {
                    Some((media_type, content)) => {
                        let ty = match &content.schema {
                            Some(schema) => self
                                .schema_type(
                                    schema,
                                    &pointer_push(
                                        &pointer_push(&content_pointer, media_type),
                                        "schema",
                                    ),
                                    &hint,
                                )
                                .ty_with_null(),
                            None => TypeRef::Json,
                        };
                        (ty, Some(media_type.to_owned()))
                    }
                    None => {
                        let offered: Vec<&str> =
                            response.content.keys().map(String::as_str).collect();
                        self.report(
                            &content_pointer,
                            format!(
                                "response bodies of media type {} are not supported yet",
                                offered.join(", ")
                            ),
                        );
                        continue;
                    }
                }
            };
            let is_success = match status {
                StatusMatch::Code(code) => (200..300).contains(&code),
                StatusMatch::Range(range) => range == 2,
                StatusMatch::Default => false,
            };
            let variant = match status {
                StatusMatch::Code(code) => status_variant(code),
                StatusMatch::Range(range) => format!("Status{range}xx"),
                StatusMatch::Default => "Default".to_owned(),
            };
            let case = ResponseCase {
                status,
                variant,
                ty,
                media_type,
                description: response.description.clone(),
            };
            if is_success {
                success.push(case)
            } else {
                errors.push(case)
            }
        }
        if success.is_empty() {
            self.report(
                &responses_pointer,
                "the operation documents no success (2XX) response",
            );
        }
        (success, errors)
    }
}

struct OperationContext<'a, 'p> {
    path: &'p str,
    item: &'a PathItem,
    method: HttpMethod,
    operation: &'a OaOperation,
    operation_id: String,
    method_name: String,
    builder_type: String,
    pointer: String,
}

struct RefSiblings {
    description: Option<String>,
    nullable: bool,
    read_only: bool,
    deprecated: bool,
    default: Option<Json>,
}

impl Lowered {
    /// The type, wrapped in `Option` when `null` is one of its values.
    fn ty_with_null(self) -> TypeRef {
        if self.nullable {
            self.ty.optional()
        } else {
            self.ty
        }
    }
}

/// Whether a schema admits `null`: `nullable: true`, or `null` among its enum values.
fn schema_allows_null(schema: &Schema) -> bool {
    if schema.schema_data.nullable {
        return true;
    }
    match &schema.schema_kind {
        SchemaKind::Type(Type::String(string)) => string.enumeration.iter().any(Option::is_none),
        SchemaKind::Type(Type::Integer(integer)) => integer.enumeration.iter().any(Option::is_none),
        SchemaKind::Type(Type::Number(number)) => number.enumeration.iter().any(Option::is_none),
        SchemaKind::Type(Type::Boolean(boolean)) => boolean.enumeration.iter().any(Option::is_none),
        SchemaKind::Any(any) => any.enumeration.iter().any(Json::is_null),
        _ => false,
    }
}

/// The string values of an untyped `enum`, when all of them are strings (or null).
fn string_enum_values(any: &AnySchema) -> Option<Vec<String>> {
    if any.enumeration.is_empty() || matches!(any.typ.as_deref(), Some(typ) if typ != "string") {
        return None;
    }
    let mut values = Vec::new();
    for value in &any.enumeration {
        match value {
            Json::String(text) => values.push(text.clone()),
            Json::Null => {}
            _ => return None,
        }
    }
    (!values.is_empty()).then_some(values)
}

fn string_enum_kind(values: &[String]) -> ModelKind {
    let mut names = Scope::variants();
    let mut variants = Vec::new();
    for value in values {
        if variants
            .iter()
            .any(|variant: &EnumVariant| variant.value == *value)
        {
            continue;
        }
        variants.push(EnumVariant {
            value: value.clone(),
            name: names.claim(&camel_name(value, "V")),
        });
    }
    let unknown_variant = if names.is_taken("Unknown") {
        names.claim("UnknownValue")
    } else {
        "Unknown".to_owned()
    };
    ModelKind::StringEnum {
        variants,
        unknown_variant,
    }
}

/// A variant name for an untitled inline alternative, from its shape.
fn shape_name(schema: &Schema) -> Option<&'static str> {
    Some(match &schema.schema_kind {
        SchemaKind::Type(Type::String(_)) => "String",
        SchemaKind::Type(Type::Integer(_)) => "Integer",
        SchemaKind::Type(Type::Number(_)) => "Number",
        SchemaKind::Type(Type::Boolean(_)) => "Boolean",
        SchemaKind::Type(Type::Object(_)) => "Object",
        SchemaKind::Type(Type::Array(_)) => "Array",
        _ => return None,
    })
}

/// Bounds and patterns of a parameter schema, for its documentation.
fn constraints_of(schema: &Schema) -> Vec<String> {
    let mut out = Vec::new();
    match &schema.schema_kind {
        SchemaKind::Type(Type::Integer(integer)) => {
            if let Some(minimum) = integer.minimum {
                out.push(format!("at least {minimum}"));
            }
            if let Some(maximum) = integer.maximum {
                out.push(format!("at most {maximum}"));
            }
        }
        SchemaKind::Type(Type::Number(number)) => {
            if let Some(minimum) = number.minimum {
                out.push(format!("at least {minimum}"));
            }
            if let Some(maximum) = number.maximum {
                out.push(format!("at most {maximum}"));
            }
        }
        SchemaKind::Type(Type::String(string)) => {
            if let Some(min) = string.min_length {
                out.push(format!("at least {min} characters"));
            }
            if let Some(max) = string.max_length {
                out.push(format!("at most {max} characters"));
            }
            if let Some(pattern) = &string.pattern {
                out.push(format!("matches `{pattern}`"));
            }
        }
        _ => {}
    }
    out
}

/// The JSON media type of a content map: `application/json` first, then any `+json`.
fn pick_json(
    content: &indexmap::IndexMap<String, openapiv3::MediaType>,
) -> Option<(&str, &openapiv3::MediaType)> {
    let is_json = |media: &str| {
        let essence = media
            .split(';')
            .next()
            .unwrap_or(media)
            .trim()
            .to_ascii_lowercase();
        essence == "application/json" || essence.ends_with("+json") || essence == "*/*"
    };
    content
        .iter()
        .find(|(media, _)| {
            media
                .split(';')
                .next()
                .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"))
        })
        .or_else(|| content.iter().find(|(media, _)| is_json(media)))
        .map(|(media, found)| (media.as_str(), found))
}

/// The name of inline types inside a response component: reason phrases for numeric keys.
fn response_component_hint(key: &str) -> String {
    let base = match key.parse::<u16>() {
        Ok(code) => status_variant(code),
        Err(_) => type_name(key),
    };
    format!("{base}Response")
}

fn template_parameter_names(path: &str) -> Vec<&str> {
    path.split('{')
        .skip(1)
        .filter_map(|piece| piece.split_once('}').map(|(name, _)| name))
        .collect()
}

fn path_item_operations(item: &PathItem) -> Vec<(HttpMethod, &OaOperation)> {
    [
        (HttpMethod::Get, &item.get),
        (HttpMethod::Put, &item.put),
        (HttpMethod::Post, &item.post),
        (HttpMethod::Delete, &item.delete),
        (HttpMethod::Options, &item.options),
        (HttpMethod::Head, &item.head),
        (HttpMethod::Patch, &item.patch),
        (HttpMethod::Trace, &item.trace),
    ]
    .into_iter()
    .filter_map(|(method, operation)| operation.as_ref().map(|operation| (method, operation)))
    .collect()
}

/// A stable name for an operation without an `operationId`: `get /a/{id}/b` is `getAByIdB`.
fn derived_operation_id(method: HttpMethod, path: &str) -> String {
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

/// Recognises list operations paged by optional `limit` and `offset` query parameters that
/// return an array.
fn pagination(operation: &Operation) -> Option<Pagination> {
    let find = |name: &str| {
        operation.parameters.iter().find(|parameter| {
            parameter.location == ParameterLocation::Query
                && parameter.name == name
                && !parameter.required
                && matches!(parameter.ty, TypeRef::I32 | TypeRef::I64)
        })
    };
    let limit = find("limit")?;
    let offset = find("offset")?;
    let item = operation
        .success
        .cases()
        .iter()
        .find_map(|case| match &case.ty {
            TypeRef::Vec(item) => Some((**item).clone()),
            _ => None,
        })?;
    Some(Pagination {
        item,
        limit_param: limit.rust_name.clone(),
        limit_name: limit.name.clone(),
        offset_param: offset.rust_name.clone(),
        offset_name: offset.name.clone(),
        max_page_size: limit
            .maximum
            .and_then(|maximum| u64::try_from(maximum).ok())
            .filter(|maximum| *maximum > 0),
    })
}

/// Decides what the models need once all of them exist: boxes that break cycles of
/// types, and which derives (`Default`, `Eq`) each can have.
fn finish_models(models: &mut [Model], diagnostics: &mut Vec<Diagnostic>, document: &Document) {
    models.sort_by(|a, b| a.name.cmp(&b.name));
    let index: HashMap<String, usize> = models
        .iter()
        .enumerate()
        .map(|(position, model)| (model.name.clone(), position))
        .collect();

    // Direct containment: a model holds another inline (not behind a Vec or map).
    let direct: Vec<Vec<usize>> = models
        .iter()
        .map(|model| {
            let mut out = Vec::new();
            for ty in model_types(&model.kind) {
                direct_names(ty, &mut |name| {
                    if let Some(&target) = index.get(name) {
                        out.push(target);
                    }
                });
            }
            out
        })
        .collect();
    let reaches = |from: usize, to: usize| -> bool {
        let mut seen = vec![false; direct.len()];
        let mut stack = vec![from];
        while let Some(node) = stack.pop() {
            if node == to {
                return true;
            }
            if std::mem::replace(&mut seen[node], true) {
                continue;
            }
            stack.extend(direct[node].iter().copied());
        }
        false
    };
    let mut to_box: Vec<(usize, String)> = Vec::new();
    for (position, model) in models.iter().enumerate() {
        for ty in model_types(&model.kind) {
            direct_names(ty, &mut |name| {
                if let Some(&target) = index.get(name)
                    && reaches(target, position)
                {
                    to_box.push((position, name.to_owned()));
                }
            });
        }
    }
    for (position, name) in to_box {
        let model = &mut models[position];
        if let ModelKind::Alias { .. } = model.kind {
            diagnostics.push(document.diagnostic(
                &model.pointer,
                format!("`{}` is defined in terms of itself with nothing in between, which no type can represent", model.name),
            ));
            continue;
        }
        for ty in model_types_mut(&mut model.kind) {
            box_named(ty, &name);
        }
    }

    // Derives, to a fixed point: a model qualifies only if everything it holds does.
    let mut default = vec![true; models.len()];
    let mut eq = vec![true; models.len()];
    loop {
        let mut changed = false;
        for position in 0..models.len() {
            let model = &models[position];
            let new_default = default[position]
                && match &model.kind {
                    ModelKind::Struct { fields } => fields
                        .iter()
                        .all(|field| type_has(&field.ty, &index, &default, true)),
                    ModelKind::Alias { ty } => type_has(ty, &index, &default, true),
                    ModelKind::StringEnum { .. } | ModelKind::OneOf { .. } => false,
                };
            let new_eq = eq[position]
                && model_types(&model.kind)
                    .into_iter()
                    .all(|ty| type_has(ty, &index, &eq, false));
            changed |= new_default != default[position] || new_eq != eq[position];
            default[position] = new_default;
            eq[position] = new_eq;
        }
        if !changed {
            break;
        }
    }
    for (position, model) in models.iter_mut().enumerate() {
        model.derive_default = default[position];
        model.derive_eq = eq[position];
    }
}

fn model_types(kind: &ModelKind) -> Vec<&TypeRef> {
    match kind {
        ModelKind::Struct { fields } => fields.iter().map(|field| &field.ty).collect(),
        ModelKind::OneOf { variants, .. } => variants.iter().map(|variant| &variant.ty).collect(),
        ModelKind::Alias { ty } => vec![ty],
        ModelKind::StringEnum { .. } => Vec::new(),
    }
}

fn model_types_mut(kind: &mut ModelKind) -> Vec<&mut TypeRef> {
    match kind {
        ModelKind::Struct { fields } => fields.iter_mut().map(|field| &mut field.ty).collect(),
        ModelKind::OneOf { variants, .. } => {
            variants.iter_mut().map(|variant| &mut variant.ty).collect()
        }
        ModelKind::Alias { ty } => vec![ty],
        ModelKind::StringEnum { .. } => Vec::new(),
    }
}

/// Calls `visit` for every model a value of `ty` holds without indirection.
fn direct_names(ty: &TypeRef, visit: &mut impl FnMut(&str)) {
    match ty {
        TypeRef::Named(name) => visit(name),
        TypeRef::Option(inner) => direct_names(inner, visit),
        _ => {}
    }
}

fn box_named(ty: &mut TypeRef, name: &str) {
    match ty {
        TypeRef::Named(found) if found == name => {
            *ty = TypeRef::Box(Box::new(TypeRef::Named(name.to_owned())));
        }
        TypeRef::Option(inner) => box_named(inner, name),
        _ => {}
    }
}

/// Whether a type has `Default` (`for_default`) or `Eq` (otherwise), given what is known of models.
fn type_has(
    ty: &TypeRef,
    index: &HashMap<String, usize>,
    known: &[bool],
    for_default: bool,
) -> bool {
    match ty {
        TypeRef::Unit | TypeRef::String | TypeRef::Bool | TypeRef::I32 | TypeRef::I64 => true,
        TypeRef::F32 | TypeRef::F64 => for_default,
        TypeRef::Json | TypeRef::JsonObject => true,
        TypeRef::DateTime | TypeRef::Date => !for_default,
        TypeRef::Option(inner) => for_default || type_has(inner, index, known, for_default),
        TypeRef::Vec(inner) | TypeRef::Map(inner) => {
            for_default || type_has(inner, index, known, for_default)
        }
        TypeRef::Box(inner) => type_has(inner, index, known, for_default),
        TypeRef::Named(name) => index.get(name).is_some_and(|&position| known[position]),
    }
}
