//! Operations to IR: parameters (with path templates repaired where the document is
//! unambiguous), request and response bodies in whatever media type they come, documented
//! statuses (the credentials each call carries are `security`'s). An operation the client
//! cannot send is skipped with its reason rather than dropped.

use std::collections::{BTreeMap, BTreeSet};

use openapiv3::{
    MediaType, Operation as OaOperation, Parameter as OaParameter, ParameterSchemaOrContent,
    PathItem, PathStyle, QueryStyle, ReferenceOr, RequestBody as OaRequestBody, Response,
    SchemaKind, StatusCode, Type,
};
use serde_json::Value as Json;

use super::Lowerer;
use super::pagination::pagination;
use super::schemas::constraints_of;
use crate::error::pointer_push;
use crate::ir::{
    BodyFormat, HttpMethod, ModelKind, Operation, Parameter, ParameterEncoding, ParameterLocation,
    ParameterStyle, PathPart, RequestBody, ResponseCase, SkippedOperation, StatusMatch, Success,
    TypeRef,
};
use crate::naming::{
    Scope, camel_name, derived_operation_id, snake_name, status_variant, suffixed, type_name,
};
use crate::reserved;

/// An operation lowered except for the names that depend on every model being known.
struct OperationDraft {
    operation: Operation,
    success_cases: Vec<ResponseCase>,
}

struct OperationContext<'a, 'p> {
    path: &'p str,
    item: &'a PathItem,
    method: HttpMethod,
    operation: &'a OaOperation,
    operation_id: String,
    pointer: String,
}

/// How deep a parameter's value goes, and whether it is written from its serde form.
#[derive(Debug, Clone, Copy)]
struct ValueShape {
    depth: usize,
    serialized: bool,
}

/// Why an operation cannot be generated, and where.
pub(super) struct SkipReason {
    pub(super) pointer: String,
    pub(super) reason: String,
}

impl<'a> Lowerer<'a> {
    pub(super) fn lower_operations(&mut self) -> Vec<Operation> {
        let mut drafts = Vec::new();
        let mut method_names = Scope::operation_methods();
        let mut builder_names = Scope::builders();
        let mut seen_ids: BTreeMap<String, String> = BTreeMap::new();
        let written_ids = self.written_operation_ids();
        for (path, item) in &self.document.openapi.paths.paths {
            let path_pointer = pointer_push("/paths", path);
            let item = match item {
                ReferenceOr::Item(item) => item,
                ReferenceOr::Reference { .. }
                    if self.document.dangling.contains_key(&path_pointer) =>
                {
                    if let Some(problem) = self.findings.use_dangling(&path_pointer) {
                        self.findings.warn_at(crate::error::Diagnostic {
                            message: format!(
                                "{}; the path `{path}` has no operations",
                                problem.message
                            ),
                            ..problem
                        });
                    }
                    continue;
                }
                ReferenceOr::Reference { reference } => {
                    self.findings.error(
                        &pointer_push(&path_pointer, "$ref"),
                        format!("path item reference `{reference}` was not resolved when the spec was read"),
                    );
                    continue;
                }
            };
            for (method, operation) in path_item_operations(item) {
                let pointer = pointer_push(&path_pointer, &method.as_str().to_ascii_lowercase());
                let written_id = match &operation.operation_id {
                    Some(id) => id.clone(),
                    None => derived_operation_id(method, path),
                };
                // A repeated operationId is given the first `<id>2`, `<id>3`, ... that no
                // operation of the document uses, so the ones it names keep theirs.
                let renamed = seen_ids.get(&written_id).map(|first| {
                    let free = (2..=u32::MAX)
                        .map(|counter| format!("{written_id}{counter}"))
                        .find(|candidate| {
                            !written_ids.contains(candidate) && !seen_ids.contains_key(candidate)
                        });
                    (first.clone(), free)
                });
                let operation_id = match &renamed {
                    None => written_id.clone(),
                    Some((_, Some(free))) => free.clone(),
                    Some((first, None)) => {
                        let reason = self.document.diagnostic(
                            &pointer_push(&pointer, "operationId"),
                            format!("operationId `{written_id}` is already used at `{first}`, and no other name is free"),
                        );
                        self.findings.skip(SkippedOperation {
                            operation_id: written_id,
                            http_method: method,
                            path: path.clone(),
                            reason,
                        });
                        continue;
                    }
                };
                let checkpoint = self.checkpoint();
                let lowered = self.lower_operation(OperationContext {
                    path,
                    item,
                    method,
                    operation,
                    operation_id: operation_id.clone(),
                    pointer: pointer.clone(),
                });
                // A problem found inside one operation costs that operation, not the document.
                let lowered = match self.findings.problems_since(&checkpoint.findings) {
                    Some(reason) => Err(reason),
                    None => {
                        lowered.map_err(|skip| self.document.diagnostic(&skip.pointer, skip.reason))
                    }
                };
                match lowered {
                    Ok(mut draft) => {
                        // Claimed only once generated, so a skipped operation leaves its
                        // operationId (and its names) to a healthy duplicate.
                        let first = self.document.diagnostic(&pointer, String::new());
                        seen_ids.insert(
                            operation_id.clone(),
                            format!("{}#{}", first.file, first.pointer),
                        );
                        draft.operation.method_name =
                            method_names.claim(&snake_name(&operation_id));
                        draft.operation.builder_type =
                            builder_names.claim(&camel_name(&operation_id, "Op"));
                        drafts.push(draft);
                        if let Some((first, _)) = renamed {
                            let (at, named) = match operation.operation_id {
                                Some(_) => (
                                    pointer_push(&pointer, "operationId"),
                                    format!("operationId `{written_id}`"),
                                ),
                                None => (
                                    pointer.clone(),
                                    format!(
                                        "`{written_id}`, the operationId made from its method and path,"
                                    ),
                                ),
                            };
                            self.findings.warn(
                                &at,
                                format!("{named} is already used at `{first}`; this operation is generated as `{operation_id}`"),
                            );
                        }
                    }
                    Err(reason) => {
                        self.roll_back(checkpoint);
                        self.findings.skip(SkippedOperation {
                            operation_id: written_id,
                            http_method: method,
                            path: path.clone(),
                            reason,
                        });
                    }
                }
            }
        }
        drafts
            .into_iter()
            .map(|draft| self.finish_operation(draft))
            .collect()
    }

    /// Every operationId the document gives or implies (made from the method and path where
    /// none is written), so that a name given to a repeated one takes none of them.
    fn written_operation_ids(&self) -> BTreeSet<String> {
        let mut ids = BTreeSet::new();
        for (path, item) in &self.document.openapi.paths.paths {
            let ReferenceOr::Item(item) = item else {
                continue;
            };
            for (method, operation) in path_item_operations(item) {
                ids.insert(match &operation.operation_id {
                    Some(id) => id.clone(),
                    None => derived_operation_id(method, path),
                });
            }
        }
        ids
    }

    fn lower_operation(
        &mut self,
        context: OperationContext<'a, '_>,
    ) -> Result<OperationDraft, SkipReason> {
        let OperationContext {
            path,
            item,
            method,
            operation,
            operation_id,
            pointer,
        } = context;
        let op_name = camel_name(&operation_id, "Op");
        let security = self.authentication(operation, &pointer)?;
        let parameters = self.lower_parameters(item, operation, &op_name, path, &pointer)?;
        let path_parts = self.path_parts(path, &parameters, &pointer);
        let body = match &operation.request_body {
            Some(body) => {
                self.lower_request_body(body, &op_name, &pointer_push(&pointer, "requestBody"))
            }
            None => None,
        };
        let (success_cases, errors) = self.lower_responses(operation, method, &op_name, &pointer);
        let accept = accept_header(success_cases.iter().chain(&errors));
        Ok(OperationDraft {
            operation: Operation {
                operation_id,
                method_name: String::new(),
                builder_type: String::new(),
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
                security,
                security_entry: None,
                pagination: None,
                accept,
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
        operation.error_type = self.names.claim(&suffixed(&op_name, "Error"));
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
                type_name: self.names.claim(&suffixed(&op_name, "Success")),
                cases: success_cases,
            }
        };
        operation.pagination = pagination(&operation);
        let mut double_methods = Scope::snake();
        for taken in reserved::operation_member_names() {
            double_methods.reserve(taken);
        }
        for parameter in &operation.parameters {
            double_methods.reserve(&parameter.rust_name);
        }
        for case in &mut operation.errors {
            case.respond_method =
                double_methods.claim(&snake_name(&format!("respond_{}", case.variant)));
        }
        operation
    }

    // ----- parameters -----

    fn lower_parameters(
        &mut self,
        item: &'a PathItem,
        operation: &'a OaOperation,
        op_name: &str,
        path: &str,
        pointer: &str,
    ) -> Result<Vec<Parameter>, SkipReason> {
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
        let declared: Vec<&str> = resolved
            .iter()
            .filter_map(|(parameter, _)| match parameter {
                OaParameter::Path { parameter_data, .. } => Some(parameter_data.name.as_str()),
                _ => None,
            })
            .collect();
        let fit = TemplateFit::of(path, &declared);
        let mut names = Scope::snake();
        for taken in reserved::operation_member_names() {
            names.reserve(taken);
        }
        let mut parameters = Vec::new();
        for (parameter, parameter_pointer) in resolved {
            let data = parameter.parameter_data_ref();
            if matches!(parameter, OaParameter::Path { .. })
                && fit.unused.contains(&data.name.as_str())
                && fit.slot_repair().is_none()
            {
                // Nothing can send it, so it costs itself; a slot nothing fills costs the
                // operation (`path_parts`).
                self.findings.warn(
                    &parameter_pointer,
                    format!(
                        "path parameter `{}` does not appear in the path template `{path}`, so nothing can send it; it is left out, and the operation is generated without it",
                        data.name
                    ),
                );
                continue;
            }
            if let Some(source) = header_the_client_writes(parameter) {
                self.findings.warn(
                    &parameter_pointer,
                    format!(
                        "the header parameter `{}` is ignored, as OpenAPI says: the client writes that header from {source}",
                        data.name
                    ),
                );
                continue;
            }
            let required = data.required || matches!(parameter, OaParameter::Path { .. });
            let checkpoint = self.checkpoint();
            let lowered = self.lower_parameter(parameter, &parameter_pointer, op_name);
            let problems = self.findings.errors_since(&checkpoint.findings);
            match lowered {
                Ok(mut lowered) if !problems => {
                    lowered.rust_name = names.claim(&snake_name(&data.name));
                    parameters.push(lowered);
                }
                // A required parameter the client cannot send costs the operation.
                Err(skip) if required => return Err(skip),
                Ok(_) if required => {}
                // An optional one costs only itself.
                lowered => {
                    let reason = match (lowered, self.findings.problems_since(&checkpoint.findings))
                    {
                        (Err(skip), _) => skip.reason,
                        (Ok(_), Some(problem)) => format!(
                            "parameter `{}`: {} (at `{}#{}`)",
                            data.name, problem.message, problem.file, problem.pointer
                        ),
                        (Ok(_), None) => format!("parameter `{}` cannot be sent", data.name),
                    };
                    self.roll_back(checkpoint);
                    self.findings.warn(
                        &parameter_pointer,
                        format!(
                            "{reason}; it is optional, so the operation is generated without it"
                        ),
                    );
                }
            }
        }
        Ok(parameters)
    }

    /// One parameter, with every name but its Rust name (claimed once it is kept).
    fn lower_parameter(
        &mut self,
        parameter: &'a OaParameter,
        pointer: &str,
        op_name: &str,
    ) -> Result<Parameter, SkipReason> {
        let data = parameter.parameter_data_ref();
        let skip = |reason: String| SkipReason {
            pointer: pointer.to_owned(),
            reason: format!("parameter `{}`: {reason}", data.name),
        };
        let (location, style, allow_reserved) = match parameter {
            OaParameter::Path { style, .. } => (
                ParameterLocation::Path,
                match style {
                    PathStyle::Matrix => ParameterStyle::Matrix,
                    PathStyle::Label => ParameterStyle::Label,
                    PathStyle::Simple => ParameterStyle::Simple,
                },
                false,
            ),
            OaParameter::Query {
                style,
                allow_reserved,
                ..
            } => (
                ParameterLocation::Query,
                match style {
                    QueryStyle::Form => ParameterStyle::Form,
                    QueryStyle::SpaceDelimited => ParameterStyle::SpaceDelimited,
                    QueryStyle::PipeDelimited => ParameterStyle::PipeDelimited,
                    QueryStyle::DeepObject => ParameterStyle::DeepObject,
                },
                *allow_reserved,
            ),
            OaParameter::Header { .. } => {
                (ParameterLocation::Header, ParameterStyle::Simple, false)
            }
            OaParameter::Cookie { .. } => (ParameterLocation::Cookie, ParameterStyle::Form, false),
        };
        // `explode` defaults to true for `form` only; `deepObject` is defined exploded only.
        let explode = match (style, data.explode) {
            (ParameterStyle::DeepObject, Some(false)) => {
                self.findings.warn(
                    &pointer_push(pointer, "explode"),
                    format!(
                        "parameter `{}`: `deepObject` is defined with `explode: true` only, so it is sent exploded",
                        data.name
                    ),
                );
                true
            }
            (ParameterStyle::DeepObject, _) => true,
            (_, Some(explode)) => explode,
            (_, None) => style == ParameterStyle::Form,
        };
        let hint = format!("{op_name}{}", camel_name(&data.name, "Param"));
        let (schema, schema_pointer, json) = match &data.format {
            ParameterSchemaOrContent::Schema(schema) => {
                (Some(schema), pointer_push(pointer, "schema"), false)
            }
            ParameterSchemaOrContent::Content(content) => {
                let Some((media, media_type)) = content.iter().next() else {
                    return Err(skip("its `content` lists no media type".to_owned()));
                };
                if body_format(media, false) != BodyFormat::Json {
                    return Err(skip(format!(
                        "values described by `content` in `{media}` are not supported, only JSON media types; describe it with `schema`"
                    )));
                }
                let media_pointer = pointer_push(&pointer_push(pointer, "content"), media);
                (
                    media_type.schema.as_ref(),
                    pointer_push(&media_pointer, "schema"),
                    true,
                )
            }
        };
        let (lowered, mut default, constraints, maximum) = match schema {
            Some(schema) => {
                let lowered = self.schema_type(schema, &schema_pointer, &hint).ty;
                let resolved = self
                    .resolve(schema, &schema_pointer, "schemas", |c| &c.schemas)
                    .map(|(found, _)| found);
                let siblings = match schema {
                    ReferenceOr::Reference { .. } => self.ref_siblings(&schema_pointer).default,
                    ReferenceOr::Item(_) => None,
                };
                let default = siblings
                    .or_else(|| resolved.and_then(|found| found.schema_data.default.clone()));
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
            None => (TypeRef::Json, None, Vec::new(), None),
        };
        // A parameter that is not set is not sent, so `null` (as a value or a list item) adds nothing.
        let ty = match without_option(lowered) {
            TypeRef::Vec(item) => TypeRef::Vec(Box::new(without_option(*item))),
            other => other,
        };
        let encoding = if json {
            match self.value_shape(&ty, &mut Vec::new()) {
                Err(why) => return Err(skip(why)),
                Ok(_) => ParameterEncoding::Json,
            }
        } else {
            let shape = self.value_shape(&ty, &mut Vec::new()).map_err(&skip)?;
            if shape.depth > 1 && style != ParameterStyle::DeepObject {
                return Err(skip(format!(
                    "style `{}` cannot write a list or an object inside a list or an object (only `deepObject` nests); describe it with `content` and a JSON media type, or with `deepObject`",
                    style.as_str()
                )));
            }
            if shape.serialized {
                ParameterEncoding::Serialized
            } else {
                ParameterEncoding::Scalar
            }
        };
        let required = data.required || location == ParameterLocation::Path;
        if required
            && let Some(value) = &default
            && !self.default_fits(value, &ty)
        {
            self.findings.warn(
                pointer,
                format!(
                    "the default `{value}` of required parameter `{}` is not a value of its type, so callers must pass it",
                    data.name
                ),
            );
            default = None;
        }
        Ok(Parameter {
            rust_name: String::new(),
            name: data.name.clone(),
            location,
            ty,
            required,
            default,
            description: data.description.clone(),
            constraints,
            maximum,
            style,
            explode,
            allow_reserved,
            encoding,
            deprecated: data.deprecated.unwrap_or(false),
        })
    }

    /// How deep a parameter's value goes (0 for a scalar, 1 for a list or an object of scalars,
    /// more for anything nested), and whether it is written from its serde form; or why no
    /// style can write it. `seen` holds the models being looked into, so that a recursive
    /// model counts as nested rather than looping.
    fn value_shape(&self, ty: &TypeRef, seen: &mut Vec<String>) -> Result<ValueShape, String> {
        let scalar = ValueShape {
            depth: 0,
            serialized: false,
        };
        let nested = |inner: ValueShape, serialized: bool| ValueShape {
            depth: inner.depth + 1,
            serialized: serialized || inner.serialized,
        };
        match ty {
            TypeRef::String
            | TypeRef::Bool
            | TypeRef::I32
            | TypeRef::I64
            | TypeRef::F32
            | TypeRef::F64
            | TypeRef::Date
            | TypeRef::DateTime => Ok(scalar),
            // Free-form JSON: what it holds is known only when the call is made, so a value
            // nested deeper than its style can write fails that call (see the runtime).
            TypeRef::Json | TypeRef::JsonObject => Ok(ValueShape {
                depth: 1,
                serialized: true,
            }),
            TypeRef::Option(inner) | TypeRef::Box(inner) => self.value_shape(inner, seen),
            TypeRef::Vec(item) => Ok(nested(self.value_shape(item, seen)?, false)),
            TypeRef::Map(value) => Ok(nested(self.value_shape(value, seen)?, true)),
            TypeRef::Named(name) => {
                if seen.contains(name) {
                    return Ok(ValueShape {
                        depth: 2,
                        serialized: true,
                    });
                }
                let Some(model) = self.models.get(name) else {
                    return Err(format!("its type `{name}` is not known"));
                };
                seen.push(name.clone());
                let shape = match &model.kind {
                    ModelKind::StringEnum { .. } | ModelKind::IntegerEnum { .. } => Ok(scalar),
                    ModelKind::Alias { ty } => self.value_shape(ty, seen),
                    ModelKind::Struct { fields } => {
                        let mut deepest = scalar;
                        for field in fields {
                            let mut shape = self.value_shape(&field.ty, seen)?;
                            // A map of the other properties spreads its entries into the object.
                            if field.flatten {
                                shape.depth = shape.depth.saturating_sub(1);
                            }
                            deepest.depth = deepest.depth.max(shape.depth);
                        }
                        Ok(nested(deepest, true))
                    }
                    ModelKind::OneOf { variants } | ModelKind::Tagged { variants, .. } => {
                        let mut deepest = scalar;
                        for variant in variants {
                            let shape = self.value_shape(&variant.ty, seen)?;
                            deepest.depth = deepest.depth.max(shape.depth);
                        }
                        deepest.serialized = true;
                        Ok(deepest)
                    }
                    ModelKind::Form { .. } => {
                        Err(format!("its type `{name}` is a form body, which no parameter style can write"))
                    }
                };
                seen.pop();
                shape
            }
            TypeRef::Unit | TypeRef::Bytes | TypeRef::File => Err(
                "its schema is binary content, which no parameter style can write; describe it as a string".to_owned(),
            ),
        }
    }

    /// Whether a default can be written as a Rust value of `ty`.
    fn default_fits(&self, value: &Json, ty: &TypeRef) -> bool {
        match (ty, value) {
            (TypeRef::String, Json::String(_)) | (TypeRef::Bool, Json::Bool(_)) => true,
            (TypeRef::I32, Json::Number(number)) => number
                .as_i64()
                .is_some_and(|value| i32::try_from(value).is_ok()),
            (TypeRef::I64, Json::Number(number)) => number.as_i64().is_some(),
            (TypeRef::F32 | TypeRef::F64, Json::Number(_)) => true,
            (TypeRef::Named(name), Json::String(_)) => matches!(
                self.models.get(name).map(|model| &model.kind),
                Some(ModelKind::StringEnum { .. })
            ),
            (TypeRef::Named(name), _) => match self.models.get(name).map(|model| &model.kind) {
                Some(ModelKind::Alias { ty }) if !matches!(ty, TypeRef::Named(_)) => {
                    self.default_fits(value, ty)
                }
                _ => false,
            },
            _ => false,
        }
    }

    /// Splits the path template into literals and parameters. A template that names one
    /// parameter the operation does not declare, while exactly one declared path parameter is
    /// missing from it, is repaired by sending that parameter in the slot (and reported).
    fn path_parts(&mut self, path: &str, parameters: &[Parameter], pointer: &str) -> Vec<PathPart> {
        let declared: Vec<&Parameter> = parameters
            .iter()
            .filter(|parameter| parameter.location == ParameterLocation::Path)
            .collect();
        let names: Vec<&str> = declared
            .iter()
            .map(|parameter| parameter.name.as_str())
            .collect();
        let fit = TemplateFit::of(path, &names);
        let repair = fit.slot_repair();
        match repair {
            Some((slot, name)) => self.findings.warn(
                pointer,
                format!(
                    "the path template `{path}` names `{slot}`, but the operation declares the path parameter `{name}` instead; `{name}` fills that slot"
                ),
            ),
            None => {
                for name in &fit.unknown {
                    self.findings.error(
                        pointer,
                        format!("path template `{path}` names `{name}`, which is not a declared path parameter"),
                    );
                }
            }
        }
        let mut parts = Vec::new();
        let mut rest = path;
        while let Some(open) = rest.find('{') {
            let Some(close) = rest[open..].find('}').map(|offset| open + offset) else {
                self.findings.error(
                    pointer,
                    format!("path template `{path}` has an unclosed `{{`"),
                );
                return parts;
            };
            if open > 0 {
                parts.push(PathPart::Literal(rest[..open].to_owned()));
            }
            let name = &rest[open + 1..close];
            let filler = match repair {
                Some((slot, declared_name)) if slot == name => declared_name,
                _ => name,
            };
            let parameter = declared
                .iter()
                .find(|parameter| parameter.name == filler)
                .copied();
            if let Some(parameter) = parameter {
                parts.push(PathPart::Parameter {
                    name: parameter.name.clone(),
                    rust_name: parameter.rust_name.clone(),
                });
            }
            rest = &rest[close + 1..];
        }
        if !rest.is_empty() {
            parts.push(PathPart::Literal(rest.to_owned()));
        }
        parts
    }

    // ----- bodies -----

    fn lower_request_body(
        &mut self,
        body: &'a ReferenceOr<OaRequestBody>,
        op_name: &str,
        pointer: &str,
    ) -> Option<RequestBody> {
        let (resolved, body_pointer) =
            self.resolve(body, pointer, "requestBodies", |c| &c.request_bodies)?;
        let content_pointer = pointer_push(&body_pointer, "content");
        let Some((media_type, format, content)) = choose_media(&resolved.content, true) else {
            self.findings.warn(
                &content_pointer,
                "the request body lists no media type, so the operation is sent without one",
            );
            return None;
        };
        let media_pointer = pointer_push(&content_pointer, media_type);
        if !is_header_text(media_type) {
            self.findings.error(
                &media_pointer,
                format!("media type `{media_type}` cannot be sent as a `Content-Type` header"),
            );
            return None;
        }
        let schema_pointer = pointer_push(&media_pointer, "schema");
        let hint = format!("{op_name}Request");
        let ty = match format {
            BodyFormat::Json => match &content.schema {
                Some(schema) => self
                    .schema_type(schema, &schema_pointer, &hint)
                    .ty_with_null(),
                None => TypeRef::Json,
            },
            BodyFormat::Text => TypeRef::String,
            BodyFormat::Bytes | BodyFormat::Location => TypeRef::Bytes,
            BodyFormat::Multipart | BodyFormat::UrlEncoded => self.form_type(
                content.schema.as_ref(),
                &schema_pointer,
                &hint,
                format == BodyFormat::Multipart,
            ),
        };
        let description = match body {
            ReferenceOr::Reference { .. } => self
                .ref_siblings(pointer)
                .description
                .or_else(|| resolved.description.clone()),
            ReferenceOr::Item(_) => resolved.description.clone(),
        };
        let media_type = if format == BodyFormat::Json && media_type.trim() == "*/*" {
            "application/json"
        } else {
            media_type
        };
        Some(RequestBody {
            media_type: media_type.to_owned(),
            format,
            ty,
            required: resolved.required,
            description,
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
            let Some((resolved, resolved_pointer)) =
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
            let (ty, media_type, format) = if method == HttpMethod::Head {
                (TypeRef::Unit, None, None)
            } else {
                let content_pointer = pointer_push(&resolved_pointer, "content");
                match self.response_body(&resolved.content, &content_pointer, &hint) {
                    Some((ty, media, format)) => (ty, Some(media), Some(format)),
                    None => (TypeRef::Unit, None, None),
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
            let description = match response {
                ReferenceOr::Reference { .. } => self
                    .ref_siblings(&response_pointer)
                    .description
                    .unwrap_or_else(|| resolved.description.clone()),
                ReferenceOr::Item(_) => resolved.description.clone(),
            };
            let case = ResponseCase {
                status,
                respond_method: String::new(),
                mock_status: 0,
                variant,
                ty,
                media_type,
                format,
                description,
                undocumented: false,
            };
            if is_success {
                success.push(case)
            } else {
                errors.push(case)
            }
        }
        let redirects = errors.iter().any(|case| {
            matches!(
                case.status,
                StatusMatch::Code(300..=399) | StatusMatch::Range(3)
            )
        });
        if success.is_empty() && redirects {
            // Only redirects: the redirect is the success, and its value is where it points.
            let redirect_type = self.names.redirect();
            let (moved, kept): (Vec<ResponseCase>, Vec<ResponseCase>) =
                errors.into_iter().partition(|case| {
                    matches!(
                        case.status,
                        StatusMatch::Code(300..=399) | StatusMatch::Range(3)
                    )
                });
            errors = kept;
            success = moved
                .into_iter()
                .map(|case| ResponseCase {
                    ty: TypeRef::Named(redirect_type.clone()),
                    media_type: None,
                    format: Some(BodyFormat::Location),
                    ..case
                })
                .collect();
        } else if success.is_empty() {
            // Only errors, only `default`, or no responses at all (legal in 3.1): the call is
            // made all the same, so any 2XX succeeds, with its body as it came since the
            // document does not say what it is; the documented errors stay typed.
            success.push(undocumented_success(method));
        }
        (success, errors)
    }

    /// The body of one response: JSON when offered; otherwise text when every offered media
    /// type is text, or bytes (asking for any of them).
    fn response_body(
        &mut self,
        content: &'a indexmap::IndexMap<String, MediaType>,
        content_pointer: &str,
        hint: &str,
    ) -> Option<(TypeRef, String, BodyFormat)> {
        let (media_type, format, chosen) = choose_media(content, false)?;
        for media in content.keys() {
            if !is_header_text(media) {
                self.findings.error(
                    &pointer_push(content_pointer, media),
                    format!("media type `{media}` cannot be asked for in an `Accept` header"),
                );
                return None;
            }
        }
        if format == BodyFormat::Json {
            let ty = match &chosen.schema {
                Some(schema) => self
                    .schema_type(
                        schema,
                        &pointer_push(&pointer_push(content_pointer, media_type), "schema"),
                        hint,
                    )
                    .ty_with_null(),
                None => TypeRef::Json,
            };
            return Some((ty, media_type.to_owned(), format));
        }
        let every_text = content
            .keys()
            .all(|media| body_format(media, false) == BodyFormat::Text);
        let offered: Vec<&str> = content.keys().map(String::as_str).collect();
        if every_text {
            Some((TypeRef::String, offered.join(", "), BodyFormat::Text))
        } else {
            Some((TypeRef::Bytes, offered.join(", "), BodyFormat::Bytes))
        }
    }
}

/// The success of an operation whose document describes none: any 2XX, with its body as it
/// came (`bytes::Bytes`, empty when there is none), since nothing says what it holds; a HEAD
/// response has no body, so it succeeds with `()`.
fn undocumented_success(method: HttpMethod) -> ResponseCase {
    let (ty, media_type, format) = if method == HttpMethod::Head {
        (TypeRef::Unit, None, None)
    } else {
        (
            TypeRef::Bytes,
            Some("*/*".to_owned()),
            Some(BodyFormat::Bytes),
        )
    };
    ResponseCase {
        status: StatusMatch::Range(2),
        variant: "Status2xx".to_owned(),
        respond_method: String::new(),
        mock_status: 0,
        ty,
        media_type,
        format,
        description: "Any success status: the document does not describe the success, so the body is kept as it came.".to_owned(),
        undocumented: true,
    }
}

/// How a body of `media` travels: JSON, forms (requests only), text, or bytes.
fn body_format(media: &str, request: bool) -> BodyFormat {
    let essence = media
        .split(';')
        .next()
        .unwrap_or(media)
        .trim()
        .to_ascii_lowercase();
    if essence == "application/json" || essence.ends_with("+json") || essence == "*/*" {
        return BodyFormat::Json;
    }
    match essence.as_str() {
        "multipart/form-data" if request => BodyFormat::Multipart,
        "application/x-www-form-urlencoded" if request => BodyFormat::UrlEncoded,
        "application/x-www-form-urlencoded"
        | "application/xml"
        | "application/csv"
        | "application/yaml"
        | "application/x-yaml"
        | "application/javascript"
        | "application/x-ndjson" => BodyFormat::Text,
        other if other.starts_with("text/") || other.ends_with("+xml") => BodyFormat::Text,
        _ => BodyFormat::Bytes,
    }
}

/// The media type to use from a content map: `application/json` first, then any JSON, then
/// forms, text and bytes, each in document order.
fn choose_media(
    content: &indexmap::IndexMap<String, MediaType>,
    request: bool,
) -> Option<(&str, BodyFormat, &MediaType)> {
    let rank = |media: &str| {
        let exact_json = media
            .split(';')
            .next()
            .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("application/json"));
        let format = body_format(media, request);
        let format_rank = match format {
            BodyFormat::Json => 1,
            BodyFormat::Multipart => 2,
            BodyFormat::UrlEncoded => 3,
            BodyFormat::Text => 4,
            BodyFormat::Bytes | BodyFormat::Location => 5,
        };
        if exact_json { 0 } else { format_rank }
    };
    content
        .iter()
        .enumerate()
        .min_by_key(|(index, (media, _))| (rank(media), *index))
        .map(|(_, (media, found))| (media.as_str(), body_format(media, request), found))
}

/// Whether text can be a header value as written (visible ASCII and spaces).
fn is_header_text(text: &str) -> bool {
    !text.is_empty() && text.bytes().all(|byte| (b' '..=b'~').contains(&byte))
}

/// The `Accept` header: the media types of the documented bodies, each once, in order.
fn accept_header<'c>(cases: impl Iterator<Item = &'c ResponseCase>) -> Option<String> {
    let mut seen: Vec<&str> = Vec::new();
    for case in cases {
        for media in case.media_type.iter().flat_map(|media| media.split(", ")) {
            if !seen.contains(&media) {
                seen.push(media);
            }
        }
    }
    (!seen.is_empty()).then(|| seen.join(", "))
}

fn without_option(ty: TypeRef) -> TypeRef {
    match ty {
        TypeRef::Option(inner) => *inner,
        other => other,
    }
}

/// The name of inline types inside a response component: reason phrases for numeric keys.
fn response_component_hint(key: &str) -> String {
    let base = match key.parse::<u16>() {
        Ok(code) => status_variant(code),
        Err(_) => type_name(key),
    };
    format!("{base}Response")
}

/// What the client writes a header from that OpenAPI says a header parameter may not describe
/// (`Accept`, `Content-Type`, `Authorization`: the responses, the request body and the
/// security requirements do); `None` for any other parameter.
fn header_the_client_writes(parameter: &OaParameter) -> Option<&'static str> {
    let OaParameter::Header { parameter_data, .. } = parameter else {
        return None;
    };
    let name = parameter_data.name.trim();
    if name.eq_ignore_ascii_case("accept") {
        Some("the media types of the documented responses")
    } else if name.eq_ignore_ascii_case("content-type") {
        Some("the media type of the request body")
    } else if name.eq_ignore_ascii_case("authorization") {
        Some("the credentials of the operation's security requirements")
    } else {
        None
    }
}

/// How a path template and the declared path parameters fit: the slots no parameter is
/// declared for, each once, and the declared path parameters no slot names.
struct TemplateFit<'p> {
    unknown: Vec<&'p str>,
    unused: Vec<&'p str>,
}

impl<'p> TemplateFit<'p> {
    fn of(path: &'p str, declared: &[&'p str]) -> Self {
        let named = template_parameter_names(path);
        let mut unknown: Vec<&str> = Vec::new();
        for name in &named {
            if !declared.contains(name) && !unknown.contains(name) {
                unknown.push(name);
            }
        }
        let unused = declared
            .iter()
            .copied()
            .filter(|name| !named.contains(name))
            .collect();
        TemplateFit { unknown, unused }
    }

    /// The one slot no parameter is declared for and the one declared parameter no slot
    /// names, when that is all that disagrees: the document evidently means that parameter
    /// for that slot.
    fn slot_repair(&self) -> Option<(&'p str, &'p str)> {
        match (self.unknown.as_slice(), self.unused.as_slice()) {
            ([slot], [name]) => Some((slot, name)),
            _ => None,
        }
    }
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
