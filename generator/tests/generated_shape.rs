//! `GeneratedShape::CURRENT` against what the templates write: the generator runs on a small
//! spec holding every kind of model and response, the generated files are parsed with syn, and
//! the shape they show (`#[non_exhaustive]`, constructors and `with_` setters, opaque unknown
//! values) must be the one the API change report reasons with. A template that stops writing
//! `#[non_exhaustive]` on a struct, or a constructor that takes an optional field, fails here.

#![allow(clippy::panic, reason = "a test fails by panicking")]

use sailpoint_codegen::diff::GeneratedShape;
use sailpoint_codegen::ir::{self, ModelKind, Success, TypeRef};
use sailpoint_codegen::{GeneratedFile, NoFiles, Settings, SpecInput, generate, lower_all};

/// One of each: a struct with required and optional fields, an all-optional struct, a string
/// enum, an integer enum, an untagged and a tagged `oneOf`, a map and an alias, a form body,
/// error enums, a success enum by status, and request builders with required and optional
/// parameters and bodies.
const SPEC: &str = r##"
openapi: 3.1.0
info: {title: Shape, version: '1'}
paths:
  /notes:
    get:
      operationId: listNotes
      parameters:
        - {name: owner, in: query, required: true, schema: {type: string}}
        - {name: limit, in: query, schema: {type: integer, format: int32}}
      responses:
        '200':
          description: The notes.
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Note'}}
        '404':
          description: No such owner.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Problem'}
    post:
      operationId: createNote
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Note'}
      responses:
        '200':
          description: Created at once.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Note'}
        '202':
          description: Queued.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Queued'}
        '400':
          description: Invalid.
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Problem'}
  /notes/{id}:
    patch:
      operationId: updateNote
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Preferences'}
      responses:
        '204': {description: Updated.}
        '409': {description: Conflict.}
  /notes/{id}/attachment:
    put:
      operationId: attachFile
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      requestBody:
        required: true
        content:
          multipart/form-data:
            schema:
              type: object
              required: [file]
              properties:
                file: {type: string, format: binary}
                caption: {type: string}
      responses:
        '204': {description: Attached.}
components:
  schemas:
    Note:
      type: object
      required: [id, title]
      properties:
        id: {type: string}
        title: {type: string}
        color: {$ref: '#/components/schemas/Color'}
        priority: {$ref: '#/components/schemas/Priority'}
        labels: {$ref: '#/components/schemas/Labels'}
        value: {$ref: '#/components/schemas/Value'}
        shape: {$ref: '#/components/schemas/Shape'}
        owner: {$ref: '#/components/schemas/OwnerId'}
    Reminder:
      type: object
      required: [note, at, repeat, channel]
      properties:
        note: {$ref: '#/components/schemas/Note'}
        at: {type: string, format: date-time}
        repeat: {type: boolean}
        channel: {type: string}
        snoozed: {type: boolean}
    Preferences:
      type: object
      properties:
        theme: {type: string}
        size: {type: integer, format: int32}
    Queued:
      type: object
      required: [ticket]
      properties:
        ticket: {type: string}
    Problem:
      type: object
      properties:
        message: {type: string}
    Color:
      type: string
      enum: [red, green]
    Priority:
      type: integer
      oneOf:
        - {const: 1, title: Low}
        - {const: 2, title: High}
    Labels:
      type: object
      additionalProperties: {type: string}
    OwnerId:
      type: string
      format: uuid
    Value:
      oneOf:
        - {type: string}
        - {type: integer}
    Shape:
      oneOf:
        - {$ref: '#/components/schemas/Circle'}
        - {$ref: '#/components/schemas/Square'}
      discriminator: {propertyName: kind}
    Circle:
      type: object
      required: [kind, radius]
      properties:
        kind: {type: string}
        radius: {type: number}
    Square:
      type: object
      required: [kind, side]
      properties:
        kind: {type: string}
        side: {type: number}
"##;

/// The spec's module, lowered, and the files generated from it, each parsed.
struct Written {
    api: ir::Api,
    models: syn::File,
    responses: syn::File,
    builders: syn::File,
    files: Vec<GeneratedFile>,
}

fn written() -> Written {
    let input = SpecInput::new("shape.yaml", Some("shape"), SPEC);
    let mut apis = match lower_all(std::slice::from_ref(&input), &NoFiles) {
        Ok(apis) => apis,
        Err(error) => panic!("the spec lowers: {error}"),
    };
    let generation = match generate(&[input], &Settings::default()) {
        Ok(generation) => generation,
        Err(error) => panic!("the spec generates: {error}"),
    };
    let parse = |path: &str| -> syn::File {
        let file = generation
            .files
            .iter()
            .find(|file| file.path == path)
            .unwrap_or_else(|| panic!("{path} is generated"));
        syn::parse_file(&file.contents).unwrap_or_else(|error| panic!("{path} parses: {error}"))
    };
    Written {
        api: apis.remove(0),
        models: parse("src/shape/models.rs"),
        responses: parse("src/shape/responses.rs"),
        builders: parse("src/shape/builders.rs"),
        files: generation.files,
    }
}

fn is_non_exhaustive(attrs: &[syn::Attribute]) -> bool {
    attrs
        .iter()
        .any(|attr| attr.path().is_ident("non_exhaustive"))
}

fn struct_named<'f>(file: &'f syn::File, name: &str) -> Option<&'f syn::ItemStruct> {
    file.items.iter().find_map(|item| match item {
        syn::Item::Struct(item) if item.ident == name => Some(item),
        _ => None,
    })
}

fn enum_named<'f>(file: &'f syn::File, name: &str) -> Option<&'f syn::ItemEnum> {
    file.items.iter().find_map(|item| match item {
        syn::Item::Enum(item) if item.ident == name => Some(item),
        _ => None,
    })
}

/// The public associated functions and methods of `name`'s inherent impls.
fn methods<'f>(file: &'f syn::File, name: &str) -> Vec<&'f syn::ImplItemFn> {
    file.items
        .iter()
        .filter_map(|item| match item {
            syn::Item::Impl(item) if item.trait_.is_none() => Some(item),
            _ => None,
        })
        .filter(|item| matches!(&*item.self_ty, syn::Type::Path(path) if path.path.is_ident(name)))
        .flat_map(|item| &item.items)
        .filter_map(|item| match item {
            syn::ImplItem::Fn(function) if matches!(function.vis, syn::Visibility::Public(_)) => {
                Some(function)
            }
            _ => None,
        })
        .collect()
}

/// The names of a function's arguments, `self` left out.
fn argument_names(function: &syn::ImplItemFn) -> Vec<String> {
    function
        .sig
        .inputs
        .iter()
        .filter_map(|input| match input {
            syn::FnArg::Typed(typed) => match &*typed.pat {
                syn::Pat::Ident(ident) => Some(ident.ident.to_string()),
                _ => None,
            },
            syn::FnArg::Receiver(_) => None,
        })
        .collect()
}

fn is_option(ty: &syn::Type) -> bool {
    matches!(ty, syn::Type::Path(path)
        if path.path.segments.last().is_some_and(|segment| segment.ident == "Option"))
}

/// The last segment of a type's path, such as `UnknownValue` for `crate::UnknownValue`.
fn last_segment(ty: &syn::Type) -> Option<String> {
    match ty {
        syn::Type::Path(path) => path.path.segments.last().map(|s| s.ident.to_string()),
        _ => None,
    }
}

/// A fact every item of one kind shows: `true` or `false` for all of them. Mixed, or no item
/// of the kind in the spec, is a failure naming each item.
fn uniform(fact: &str, items: &[(String, bool)]) -> bool {
    assert!(!items.is_empty(), "{fact}: the spec has no item to check");
    let holds = items[0].1;
    assert!(
        items.iter().all(|(_, value)| *value == holds),
        "{fact} holds for some items and not others: {items:?}"
    );
    holds
}

/// Whether the struct or form `model` is built as the shape says: a public constructor taking
/// exactly the fields whose type is not an `Option`, in declared order (as arguments when
/// there are one or two, else as one struct of them with public fields, not
/// `#[non_exhaustive]`), and a public `with_` setter of one argument per `Option` field; and
/// every field of the spec public.
fn built_by_constructor(written: &Written, model: &ir::Model) -> bool {
    let Some(item) = struct_named(&written.models, &model.name) else {
        panic!("`{}` is a struct in models.rs", model.name);
    };
    // Each field of the spec, with the setter lowering gave it.
    let fields: Vec<(String, Option<String>)> = match &model.kind {
        ModelKind::Struct { fields } => fields
            .iter()
            .map(|field| (field.rust_name.clone(), field.setter.clone()))
            .collect(),
        ModelKind::Form { fields } => fields
            .iter()
            .map(|field| (field.rust_name.clone(), field.setter.clone()))
            .collect(),
        _ => unreachable!("only structs and forms have constructors"),
    };
    let written_fields: Vec<(String, bool, bool)> = item
        .fields
        .iter()
        .filter_map(|field| {
            let name = field.ident.as_ref()?.to_string();
            let public = matches!(field.vis, syn::Visibility::Public(_));
            Some((name, public, is_option(&field.ty)))
        })
        .collect();
    let spec_fields_public = fields.iter().all(|(name, _)| {
        written_fields
            .iter()
            .any(|(written, public, _)| written == name && *public)
    });
    let required: Vec<String> = written_fields
        .iter()
        .filter(|(name, _, option)| !option && fields.iter().any(|(field, _)| field == name))
        .map(|(name, _, _)| name.trim_start_matches("r#").to_owned())
        .collect();
    let methods = methods(&written.models, &model.name);
    let constructor = model.constructor.as_deref().and_then(|constructor| {
        methods
            .iter()
            .find(|function| function.sig.ident == constructor && function.sig.receiver().is_none())
    });
    // One or two required fields are arguments; more go by name in the struct lowering named.
    let takes_required = match &model.required_fields {
        None => constructor.is_some_and(|function| argument_names(function) == required),
        Some(required_type) => {
            let takes_struct = constructor.is_some_and(|function| {
                let types: Vec<Option<String>> = function
                    .sig
                    .inputs
                    .iter()
                    .map(|input| match input {
                        syn::FnArg::Typed(typed) => last_segment(&typed.ty),
                        syn::FnArg::Receiver(_) => None,
                    })
                    .collect();
                types == [Some(required_type.clone())]
            });
            let by_name = struct_named(&written.models, required_type).is_some_and(|item| {
                let names: Vec<String> = item
                    .fields
                    .iter()
                    .filter(|field| matches!(field.vis, syn::Visibility::Public(_)))
                    .filter_map(|field| Some(field.ident.as_ref()?.to_string()))
                    .map(|name| name.trim_start_matches("r#").to_owned())
                    .collect();
                // A struct literal in another crate must name every field, and can.
                !is_non_exhaustive(&item.attrs) && names == required
            });
            required.len() >= 3 && takes_struct && by_name
        }
    };
    let setters = written_fields
        .iter()
        .filter(|(name, _, option)| *option && fields.iter().any(|(field, _)| field == name))
        .all(|(name, _, _)| {
            let setter = fields
                .iter()
                .find(|(field, _)| field == name)
                .and_then(|(_, setter)| setter.clone());
            setter.is_some_and(|setter| {
                setter.starts_with("with_")
                    && methods.iter().any(|function| {
                        function.sig.ident == setter
                            && function.sig.receiver().is_some()
                            && argument_names(function).len() == 1
                    })
            })
        });
    spec_fields_public && takes_required && setters
}

/// The shape the generated files show, read from them.
fn observed(written: &Written) -> GeneratedShape {
    let models = &written.api.models;
    let of_kind = |wanted: fn(&ModelKind) -> bool| -> Vec<&ir::Model> {
        models.iter().filter(|model| wanted(&model.kind)).collect()
    };
    let records = of_kind(|kind| matches!(kind, ModelKind::Struct { .. } | ModelKind::Form { .. }));
    let value_enums = of_kind(|kind| {
        matches!(
            kind,
            ModelKind::StringEnum { .. } | ModelKind::IntegerEnum { .. }
        )
    });
    let choices =
        of_kind(|kind| matches!(kind, ModelKind::OneOf { .. } | ModelKind::Tagged { .. }));
    let enum_of = |name: &str| {
        enum_named(&written.models, name).unwrap_or_else(|| panic!("`{name}` is an enum"))
    };

    let non_exhaustive_models = uniform(
        "structs and forms are #[non_exhaustive]",
        &records
            .iter()
            .map(|model| {
                let item = struct_named(&written.models, &model.name)
                    .unwrap_or_else(|| panic!("`{}` is a struct", model.name));
                (model.name.clone(), is_non_exhaustive(&item.attrs))
            })
            .collect::<Vec<_>>(),
    );
    let constructors_take_required_fields = uniform(
        "structs and forms have a constructor taking the fields that are not Options, and a with_ setter per Option",
        &records
            .iter()
            .map(|model| (model.name.clone(), built_by_constructor(written, model)))
            .collect::<Vec<_>>(),
    );
    let non_exhaustive_string_enums = uniform(
        "string and integer enums are #[non_exhaustive]",
        &value_enums
            .iter()
            .map(|model| {
                (
                    model.name.clone(),
                    is_non_exhaustive(&enum_of(&model.name).attrs),
                )
            })
            .collect::<Vec<_>>(),
    );
    let non_exhaustive_one_of_enums = uniform(
        "oneOf enums, tagged or not, are #[non_exhaustive]",
        &choices
            .iter()
            .map(|model| {
                (
                    model.name.clone(),
                    is_non_exhaustive(&enum_of(&model.name).attrs),
                )
            })
            .collect::<Vec<_>>(),
    );
    let response_enum = |name: &str| {
        enum_named(&written.responses, name)
            .unwrap_or_else(|| panic!("`{name}` is an enum in responses.rs"))
    };
    let non_exhaustive_success_enums = uniform(
        "success enums by status are #[non_exhaustive]",
        &written
            .api
            .operations
            .iter()
            .filter_map(|operation| match &operation.success {
                Success::ByStatus { type_name, .. } => Some(type_name.clone()),
                _ => None,
            })
            .map(|name| {
                let holds = is_non_exhaustive(&response_enum(&name).attrs);
                (name, holds)
            })
            .collect::<Vec<_>>(),
    );
    let non_exhaustive_error_enums = uniform(
        "error enums are #[non_exhaustive]",
        &written
            .api
            .operations
            .iter()
            .map(|operation| {
                let name = operation.error_type.clone();
                let holds = is_non_exhaustive(&response_enum(&name).attrs);
                (name, holds)
            })
            .collect::<Vec<_>>(),
    );
    // An unknown value is opaque when the variant holding it holds a struct of the runtime
    // (`UnknownValue`, `UnknownInteger`) whose fields other crates cannot name, so no pattern
    // can match a value inside it.
    let runtime_dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src");
    let runtime: Vec<syn::File> = std::fs::read_dir(&runtime_dir)
        .unwrap_or_else(|error| panic!("{}: {error}", runtime_dir.display()))
        .filter_map(|entry| entry.ok().map(|entry| entry.path()))
        .filter(|path| path.extension().is_some_and(|ext| ext == "rs"))
        .filter_map(|path| std::fs::read_to_string(path).ok())
        .filter_map(|text| syn::parse_file(&text).ok())
        .collect();
    let opaque = |name: &str| {
        runtime.iter().any(|file| {
            struct_named(file, name).is_some_and(|item| {
                matches!(item.vis, syn::Visibility::Public(_))
                    && !item.fields.is_empty()
                    && item
                        .fields
                        .iter()
                        .all(|field| matches!(field.vis, syn::Visibility::Inherited))
            })
        })
    };
    let opaque_unknown_values = uniform(
        "the unknown variant of string and integer enums holds an opaque runtime value",
        &value_enums
            .iter()
            .map(|model| {
                let unknown = match &model.kind {
                    ModelKind::StringEnum {
                        unknown_variant, ..
                    }
                    | ModelKind::IntegerEnum {
                        unknown_variant, ..
                    } => unknown_variant,
                    _ => unreachable!("value enums only"),
                };
                let holds = enum_of(&model.name).variants.iter().any(|variant| {
                    variant.ident == unknown
                        && variant.fields.len() == 1
                        && variant
                            .fields
                            .iter()
                            .all(|field| last_segment(&field.ty).is_some_and(|ty| opaque(&ty)))
                });
                (model.name.clone(), holds)
            })
            .collect::<Vec<_>>(),
    );
    GeneratedShape {
        non_exhaustive_models,
        constructors_take_required_fields,
        non_exhaustive_string_enums,
        non_exhaustive_one_of_enums,
        non_exhaustive_success_enums,
        non_exhaustive_error_enums,
        opaque_unknown_values,
    }
}

#[test]
fn the_spec_has_every_kind_the_shape_speaks_of() {
    let written = written();
    let kinds: Vec<&str> = written
        .api
        .models
        .iter()
        .map(|model| match &model.kind {
            ModelKind::Struct { fields } if fields.iter().all(|field| field.setter.is_some()) => {
                "all-optional struct"
            }
            ModelKind::Struct { .. } => "struct",
            ModelKind::StringEnum { .. } => "string enum",
            ModelKind::IntegerEnum { .. } => "integer enum",
            ModelKind::OneOf { .. } => "oneOf",
            ModelKind::Tagged { .. } => "tagged",
            ModelKind::Form { .. } => "form",
            ModelKind::Alias {
                ty: TypeRef::Map(_),
            } => "map",
            ModelKind::Alias { .. } => "alias",
        })
        .collect();
    for kind in [
        "struct",
        "all-optional struct",
        "string enum",
        "integer enum",
        "oneOf",
        "tagged",
        "form",
        "map",
        "alias",
    ] {
        assert!(kinds.contains(&kind), "no {kind} among {kinds:?}");
    }
    let mixed = written.api.models.iter().any(|model| {
        matches!(&model.kind, ModelKind::Struct { fields }
            if fields.iter().any(|field| field.setter.is_some())
                && fields.iter().any(|field| field.setter.is_none()))
    });
    assert!(mixed, "a struct has both required and optional fields");
    assert!(
        written
            .api
            .models
            .iter()
            .any(|model| model.required_fields.is_some()),
        "a struct takes its required fields by name"
    );
    assert!(
        written
            .api
            .operations
            .iter()
            .any(|operation| matches!(operation.success, Success::ByStatus { .. })),
        "an operation succeeds with an enum by status"
    );
}

#[test]
fn the_current_shape_is_what_the_templates_write() {
    let written = written();
    assert_eq!(observed(&written), GeneratedShape::CURRENT);
}

/// The request builders the report's rules for parameters and bodies speak of: a required
/// parameter is an argument of the operation's method, an optional one (and an optional body)
/// a setter of its builder.
#[test]
fn required_parameters_are_arguments_and_optional_ones_setters() {
    let written = written();
    let module = written
        .files
        .iter()
        .find(|file| file.path == "src/shape/mod.rs")
        .map(|file| syn::parse_file(&file.contents))
        .unwrap_or_else(|| panic!("src/shape/mod.rs is generated"))
        .unwrap_or_else(|error| panic!("src/shape/mod.rs parses: {error}"));
    let handle = &written.api.handle_type;
    let api_methods = methods(&module, handle);
    let method = |name: &str| {
        api_methods
            .iter()
            .find(|function| function.sig.ident == name)
            .unwrap_or_else(|| panic!("`{handle}::{name}` exists"))
    };
    let setters = |builder: &str| -> Vec<String> {
        methods(&written.builders, builder)
            .iter()
            .filter(|function| function.sig.receiver().is_some())
            .map(|function| function.sig.ident.to_string())
            .collect()
    };
    assert_eq!(argument_names(method("list_notes")), ["owner"]);
    let list = setters("ListNotes");
    assert!(list.contains(&"limit".to_owned()), "{list:?}");
    assert!(!list.contains(&"owner".to_owned()), "{list:?}");
    // A required body is an argument, an optional one a `body()` setter.
    assert_eq!(argument_names(method("create_note")), ["body"]);
    assert!(!setters("CreateNote").contains(&"body".to_owned()));
    assert_eq!(argument_names(method("update_note")), ["id"]);
    let update = setters("UpdateNote");
    assert!(update.contains(&"body".to_owned()), "{update:?}");
}
