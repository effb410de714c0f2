//! The specs of the names test bed, built from the identifiers of the templates: which names
//! each role is offered (see the crate docs of `tests/names.rs`), and the fixture files that
//! offer them.

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use sailpoint_codegen::naming::{camel_name, snake_name, type_name};
use serde_json::{Map, Value as Json, json};

use crate::identifiers;

/// The templates, and the names each role is offered, read from them.
pub struct Catalogue {
    /// Every template file's text, by its path under `templates/`.
    files: BTreeMap<String, String>,
    /// The identifiers each file writes itself.
    own: BTreeMap<String, BTreeSet<String>>,
    /// The runtime's sources (`runtime/src/**/*.rs`), by their path there.
    runtime: BTreeMap<String, String>,
    /// The methods of each trait the runtime declares (`pub trait Name`), by the trait's name.
    runtime_traits: BTreeMap<String, BTreeSet<String>>,
}

impl Catalogue {
    /// The templates under `templates`, and the traits of the runtime's sources under `runtime`.
    pub fn read(templates: &Path, runtime: &Path) -> Self {
        let files = identifiers::template_files(templates);
        let own = files
            .iter()
            .map(|(file, text)| (file.clone(), identifiers::of_template(text)))
            .collect();
        let runtime = identifiers::template_files(runtime);
        let runtime_traits = runtime
            .values()
            .flat_map(|text| trait_blocks(text))
            .collect();
        Catalogue {
            files,
            own,
            runtime,
            runtime_traits,
        }
    }

    /// The methods of the runtime's traits that the templates writing one of `markers`
    /// implement for the type `target` (`impl rt::PerCall for {{ operation.builder_type }}`):
    /// they share that type's namespace of methods with the names of the role.
    fn implemented_trait_methods(&self, markers: &[&str], target: &str) -> BTreeSet<&str> {
        let mut names = BTreeSet::new();
        for text in self.files.values() {
            if !markers.iter().any(|marker| writes_in_code(text, marker)) {
                continue;
            }
            for line in text.lines() {
                let Some((path, implemented_for)) = line
                    .strip_prefix("impl ")
                    .and_then(|header| header.split_once(" for "))
                else {
                    continue;
                };
                if implemented_for.trim_end_matches(" {") != target {
                    continue;
                }
                let name = path.rsplit("::").next().unwrap_or(path);
                if let Some(methods) = self.runtime_traits.get(name) {
                    names.extend(methods.iter().map(String::as_str));
                }
            }
        }
        names
    }

    /// The identifiers `file` writes, with those of the templates it includes or imports.
    fn written_by(&self, file: &str) -> BTreeSet<&str> {
        let mut names = BTreeSet::new();
        let mut pending = vec![file.to_owned()];
        let mut seen = BTreeSet::new();
        while let Some(current) = pending.pop() {
            if !seen.insert(current.clone()) {
                continue;
            }
            if let Some(own) = self.own.get(&current) {
                names.extend(own.iter().map(String::as_str));
            }
            if let Some(text) = self.files.get(&current) {
                pending.extend(included(text));
            }
        }
        names
    }

    /// The identifiers of the templates that write one of `markers`, the template expressions
    /// that hold a name of the role (`parameter.rust_name`), as code: `{{ marker }}` outside
    /// comments and string literals.
    fn role(&self, markers: &[&str]) -> BTreeSet<&str> {
        self.files
            .iter()
            .filter(|(_, text)| markers.iter().any(|marker| writes_in_code(text, marker)))
            .flat_map(|(file, _)| self.written_by(file))
            .collect()
    }

    /// Every identifier of the templates: what generated crates write, the names they import
    /// from the runtime included (the runtime is a crate of its own, named by absolute paths, so
    /// its other items take no names from a spec).
    pub fn everything(&self) -> BTreeSet<&str> {
        self.own
            .values()
            .flat_map(|names| names.iter().map(String::as_str))
            .collect()
    }

    /// Schema names: those of the templates, spelled as a type as they are.
    pub fn type_names(&self) -> Vec<&str> {
        as_spelled(self.everything(), type_name)
    }

    /// Property names: those of the templates that write a field.
    pub fn property_names(&self) -> Vec<&str> {
        as_spelled(self.role(&["field.rust_name"]), snake_name)
    }

    /// Parameter names: those of the templates that write a parameter's field or method, and
    /// the methods of the runtime's traits those templates implement for the builder or test
    /// double a parameter is a method of.
    pub fn parameter_names(&self) -> Vec<&str> {
        let markers = ["parameter.rust_name"];
        let mut names = self.role(&markers);
        names.extend(self.implemented_trait_methods(&markers, "{{ operation.builder_type }}"));
        as_spelled(names, snake_name)
    }

    /// Enum values, whose variants are named from them: those of the templates that write a
    /// variant.
    pub fn variant_names(&self) -> Vec<&str> {
        as_spelled(
            self.role(&["variant.name", "case.variant", "unknown_variant"]),
            |name| camel_name(name, "V"),
        )
    }

    /// Operation ids: those of the templates that write an operation's method, spelled as a
    /// method as they are, and those of the templates that write its request builder or test
    /// double, spelled as a type as they are; one for each pair of names.
    pub fn operation_ids(&self) -> Vec<&str> {
        let methods = as_spelled(self.role(&["operation.method_name"]), snake_name);
        let types = as_spelled(self.role(&["operation.builder_type"]), |name| {
            camel_name(name, "Op")
        });
        let mut pairs = BTreeSet::new();
        let mut ids: Vec<&str> = methods.into_iter().chain(types).collect();
        ids.sort_unstable();
        ids.retain(|name| pairs.insert((snake_name(name), camel_name(name, "Op"))));
        ids
    }

    /// Security scheme names: those of the templates that write a scheme's constant, spelled
    /// as one (upper snake case) as they are.
    pub fn scheme_names(&self) -> Vec<&str> {
        self.role(&["scheme.const_name"])
            .into_iter()
            .filter(|name| snake_name(name).trim_end_matches('_').to_ascii_uppercase() == *name)
            .collect()
    }

    /// The type names of one kind of model: those its own templates write.
    pub fn kind_names(&self, kind: &Kind) -> Vec<&str> {
        let names: BTreeSet<&str> = kind
            .templates
            .iter()
            .flat_map(|file| self.written_by(file))
            .collect();
        as_spelled(names, type_name)
    }

    /// Module names: those of the templates that write a module's name, and the public methods
    /// of the runtime's types an API module adds a method to (`Client`, `MockServer`), which the
    /// generated types of those names dereference to.
    pub fn module_candidates(&self) -> Vec<String> {
        let mut names: BTreeSet<String> = self
            .role(&["api.module", "api.handle_method"])
            .into_iter()
            .map(str::to_owned)
            .collect();
        let extended = self.extended_types();
        for text in self.runtime.values() {
            let public: String = impl_blocks_of(text, &extended)
                .lines()
                .filter(|line| line.trim_start().starts_with("pub "))
                .map(|line| format!("{line}\n"))
                .collect();
            names.extend(method_names(&public));
        }
        names
            .into_iter()
            .filter(|name| snake_name(name) == *name)
            .collect()
    }

    /// The types generated code adds methods to: those the templates open `impl crate::X` or
    /// `impl crate::path::X` blocks for.
    fn extended_types(&self) -> BTreeSet<String> {
        let mut types = BTreeSet::new();
        for text in self.files.values() {
            for line in text.lines() {
                if let Some(path) = line
                    .strip_prefix("impl crate::")
                    .and_then(|rest| rest.strip_suffix(" {"))
                {
                    types.insert(path.rsplit("::").next().unwrap_or(path).to_owned());
                }
            }
        }
        types
    }
}

/// The templates `text` includes or imports.
fn included(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for tag in text.split("{%").skip(1) {
        let tag = tag.trim_start_matches('-').trim_start();
        if let Some(rest) = tag
            .strip_prefix("include ")
            .or_else(|| tag.strip_prefix("import "))
            && let Some(name) = rest.trim_start().strip_prefix('"')
            && let Some((name, _)) = name.split_once('"')
        {
            found.push(name.to_owned());
        }
    }
    found
}

/// Whether the template `text` writes `{{ marker }}` as code: outside a comment and outside a
/// string literal of the Rust it writes.
fn writes_in_code(text: &str, marker: &str) -> bool {
    text.lines().any(|line| {
        let mut rest = line;
        let mut before = String::new();
        while let Some(start) = rest.find("{{") {
            let Some(end) = rest[start..].find("}}") else {
                break;
            };
            before.push_str(&rest[..start]);
            let expression = rest[start + 2..start + end]
                .trim_matches(|ch: char| ch == '-' || ch.is_whitespace());
            let quotes = before.matches('"').count() - before.matches("\\\"").count();
            if expression == marker && !before.contains("//") && quotes.is_multiple_of(2) {
                return true;
            }
            rest = &rest[start + end + 2..];
        }
        false
    })
}

/// A kind of model other than a record, and the templates that write it.
pub struct Kind {
    pub module: &'static str,
    pub templates: &'static [&'static str],
}

pub const KINDS: &[Kind] = &[
    Kind {
        module: "names_string_enum",
        templates: &["model/string_enum.rs"],
    },
    Kind {
        module: "names_integer_enum",
        templates: &["model/integer_enum.rs"],
    },
    Kind {
        module: "names_one_of",
        templates: &["model/one_of.rs"],
    },
    Kind {
        module: "names_tagged",
        templates: &["model/tagged.rs"],
    },
    Kind {
        module: "names_form",
        templates: &["model/form.rs"],
    },
];

/// Whether `spelled` is `name`, or `name` with the `_` that makes a keyword usable.
fn spelled_as_is(name: &str, spelled: &str) -> bool {
    spelled == name || spelled.strip_suffix('_') == Some(name)
}

fn as_spelled(names: BTreeSet<&str>, spell: impl Fn(&str) -> String) -> Vec<&str> {
    names
        .into_iter()
        .filter(|name| spelled_as_is(name, &spell(name)))
        .collect()
}

/// The traits `source` declares at its top level (`pub trait Name`), each with the names of its
/// methods, required and provided.
fn trait_blocks(source: &str) -> Vec<(String, BTreeSet<String>)> {
    let mut traits = Vec::new();
    let mut lines = source.lines();
    while let Some(line) = lines.next() {
        let Some(name) = line.strip_prefix("pub trait ").and_then(leading_identifier) else {
            continue;
        };
        let body: String = lines
            .by_ref()
            .take_while(|line| !line.starts_with('}'))
            .map(|line| format!("{line}\n"))
            .collect();
        traits.push((name.to_owned(), method_names(&body)));
    }
    traits
}

/// The names of the functions `code` defines.
fn method_names(code: &str) -> BTreeSet<String> {
    code.split("fn ")
        .skip(1)
        .filter_map(leading_identifier)
        .map(str::to_owned)
        .collect()
}

/// The identifier `text` starts with, if any.
fn leading_identifier(text: &str) -> Option<&str> {
    let end = text.find(|ch: char| !(ch.is_alphanumeric() || ch == '_'))?;
    (end > 0).then(|| &text[..end])
}

/// The text of the top-level `impl` blocks of `source` for one of `types` (inherent or of a
/// trait), from their header to the `}` that closes them at the start of a line.
fn impl_blocks_of(source: &str, types: &BTreeSet<String>) -> String {
    let mut text = String::new();
    let mut inside = false;
    for line in source.lines() {
        if line.starts_with("impl") {
            let header = line.trim_end_matches('{').trim_end();
            let target = header
                .rsplit_once(" for ")
                .map_or(header, |(_, target)| target)
                .rsplit(' ')
                .next()
                .unwrap_or_default();
            inside = types.contains(target.trim_start_matches("crate::"));
        }
        if inside {
            text.push_str(line);
            text.push('\n');
        }
        if line.starts_with('}') {
            inside = false;
        }
    }
    text
}

// ----- the fixtures -----

/// The header every names fixture starts with: how it was made and how to make it again.
const HEADER: &str = "# @generated by `cargo test -p sailpoint-codegen --test names` from the identifiers of\n\
# templates/: rebuild with `EXPECTORATE=overwrite cargo test -p sailpoint-codegen --test names`.\n";

/// The directory under `tests/fixtures/` of the specs named like a module name each, which
/// the snapshot suite generates into a module of that name.
pub const MODULE_NAMES_DIR: &str = "module_names";

/// A module name as the generator takes it: `Ok` with the module's spec, which has nothing in
/// it but its name, or `Err` with the error refusing the name.
pub fn module_spec(module: &str) -> Result<String, String> {
    let text = format!(
        "{HEADER}openapi: 3.0.3\ninfo:\n  title: Module {module}\n  version: 1.0.0\n  description: A module named like a name of the crate root, of the runtime's Client or MockServer, or of an API module's own items.\nservers:\n  - url: https://api.example.com/v1\npaths: {{}}\n"
    );
    let file = format!("tests/fixtures/{MODULE_NAMES_DIR}/{module}.yaml");
    let document = sailpoint_codegen::load::load(&file, &text, &sailpoint_codegen::NoFiles)
        .unwrap_or_else(|problems| panic!("{problems:?}"));
    match sailpoint_codegen::lower::module_name(&document, Some(module)) {
        Ok(_) => Ok(text),
        Err(problems) => Err(problems
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("; ")),
    }
}

/// Every names fixture, as (file name under `tests/fixtures/`, text): the specs of the names
/// modules, and one spec for each module name the generator takes, except those of other
/// fixtures (`taken`), which are modules already.
pub fn fixtures(catalogue: &Catalogue, taken: &BTreeSet<String>) -> Vec<(String, String)> {
    let mut files = vec![("names.yaml".to_owned(), yaml(&everything_spec(catalogue)))];
    for kind in KINDS {
        files.push((
            format!("{}.yaml", kind.module),
            yaml(&kind_spec(kind, &catalogue.kind_names(kind))),
        ));
    }
    files.push((
        "names_random.yaml".to_owned(),
        yaml(&crate::random::spec(
            crate::random::CI_SEED,
            crate::random::CI_NAMES,
        )),
    ));
    for module in catalogue.module_candidates() {
        if taken.contains(&module) {
            continue;
        }
        if let Ok(text) = module_spec(&module) {
            files.push((format!("{MODULE_NAMES_DIR}/{module}.yaml"), text));
        }
    }
    files
}

fn yaml(spec: &Json) -> String {
    format!("{HEADER}{}", serde_yaml::to_string(spec).unwrap())
}

fn info(title: &str, description: &str) -> Json {
    json!({"title": title, "version": "1.0.0", "description": description})
}

fn string() -> Json {
    json!({"type": "string"})
}

fn reference(name: &str) -> Json {
    json!({"$ref": format!("#/components/schemas/{}", pointer_token(name))})
}

/// `name` as one token of a JSON pointer.
pub fn pointer_token(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

/// A JSON response of `schema`, as an operation's `responses` entry.
fn json_response(description: &str, schema: Json) -> Json {
    json!({"description": description, "content": {"application/json": {"schema": schema}}})
}

/// A record of a required timestamp and an optional one, so that its reader uses every helper
/// a record's reader can name (both timestamp readers, the stand-ins of a required field).
pub fn record() -> Json {
    json!({
        "type": "object",
        "required": ["at"],
        "properties": {
            "at": {"type": "string", "format": "date-time"},
            "maybe": {"type": "string", "format": "date-time"},
        },
    })
}

/// Module `names`: records named like every type name, and properties, parameters in each
/// location, operations, enum values, discriminator tags and security schemes named like the
/// names of the templates that write them.
fn everything_spec(catalogue: &Catalogue) -> Json {
    let types = catalogue.type_names();
    let properties = catalogue.property_names();
    let parameters = catalogue.parameter_names();
    let mut schemas = Map::new();
    for name in &types {
        schemas.insert((*name).to_owned(), record());
    }
    let object = |required: bool| {
        let mut object = json!({
            "type": "object",
            "properties": properties.iter().map(|name| ((*name).to_owned(), string())).collect::<Map<_, _>>(),
        });
        if required {
            object["required"] = json!(properties);
        }
        object
    };
    schemas.insert("EveryNameRequired".into(), object(true));
    schemas.insert("EveryNameOptional".into(), object(false));
    schemas.insert("EveryNameInAForm".into(), object(false));
    schemas.insert(
        "EveryRecord".into(),
        json!({
            "type": "object",
            "description": "A field of every record's type, spelled in the models module.",
            "properties": types.iter().map(|name| ((*name).to_owned(), reference(name))).collect::<Map<_, _>>(),
        }),
    );
    schemas.insert(
        "EveryNameAsValue".into(),
        json!({"type": "string", "enum": catalogue.variant_names()}),
    );
    schemas.insert(
        "EveryNameAsTag".into(),
        json!({
            "oneOf": [reference("EveryNameOptional")],
            "discriminator": {
                "propertyName": "kind",
                "mapping": catalogue.variant_names().iter().map(|name| ((*name).to_owned(), json!("#/components/schemas/EveryNameOptional"))).collect::<Map<_, _>>(),
            },
        }),
    );

    let schemes = catalogue.scheme_names();
    let security_schemes: Map<String, Json> = schemes
        .iter()
        .map(|name| {
            (
                (*name).to_owned(),
                json!({"type": "apiKey", "in": "header", "name": format!("X-{name}")}),
            )
        })
        .collect();
    let security: Vec<Json> = schemes.iter().map(|name| json!({ *name: [] })).collect();

    let in_location = |location: &str| -> Vec<Json> {
        parameters
            .iter()
            .map(|name| {
                let schema = if location == "query" && ["limit", "offset"].contains(name) {
                    json!({"type": "integer", "format": "int32"})
                } else {
                    string()
                };
                json!({"name": name, "in": location, "required": location == "path", "schema": schema})
            })
            .collect()
    };
    let mut paths = Map::new();
    paths.insert(
        "/query".into(),
        json!({"get": {
            "operationId": "everyNameInTheQuery",
            "description": "Every name as a query parameter, `limit` and `offset` integers, so the builder also streams the pages; every identifier as a tag.",
            "tags": catalogue.everything(),
            "security": security,
            "parameters": in_location("query"),
            "responses": {"200": json_response("A page.", json!({"type": "array", "items": reference("EveryRecord")}))},
        }}),
    );
    let path_template: String = parameters
        .iter()
        .map(|name| format!("/{{{name}}}"))
        .collect();
    paths.insert(
        format!("/path{path_template}"),
        json!({"put": {
            "operationId": "everyNameInThePath",
            "parameters": in_location("path"),
            "requestBody": {"required": true, "content": {"application/json": {"schema": reference("EveryNameRequired")}}},
            "responses": {"200": json_response("The record.", reference("EveryNameAsTag"))},
        }}),
    );
    paths.insert(
        "/header".into(),
        json!({"post": {
            "operationId": "everyNameInTheHeaders",
            "parameters": in_location("header"),
            "requestBody": {"content": {"multipart/form-data": {"schema": reference("EveryNameInAForm")}}},
            "responses": {"200": json_response("The values.", json!({"type": "array", "items": reference("EveryNameAsValue")}))},
        }}),
    );
    paths.insert(
        "/cookie".into(),
        json!({"delete": {
            "operationId": "everyNameInTheCookies",
            "parameters": in_location("cookie"),
            "responses": {"204": {"description": "Done."}},
        }}),
    );
    for (index, operation_id) in catalogue.operation_ids().into_iter().enumerate() {
        paths.insert(
            format!("/operations/{index}"),
            json!({"get": {
                "operationId": operation_id,
                "responses": {"204": {"description": "Done."}},
            }}),
        );
    }
    json!({
        "openapi": "3.0.3",
        "info": info(
            "Names",
            "Every identifier the templates write, as the name of a record, property, parameter (in the path, query, header and cookie), operation, enum value, discriminator tag and security scheme.",
        ),
        "servers": [{"url": "https://api.example.com/v1"}],
        "paths": paths,
        "components": {"schemas": schemas, "securitySchemes": security_schemes},
    })
}

/// Module `names_<kind>`: a model of the kind named like each type name its templates write.
fn kind_spec(kind: &Kind, names: &[&str]) -> Json {
    let mut schemas = Map::new();
    let mut paths = Map::new();
    for (index, name) in names.iter().enumerate() {
        let schema = match kind.module {
            "names_string_enum" => json!({"type": "string", "enum": ["a", "b"]}),
            "names_integer_enum" => json!({"type": "integer", "oneOf": [
                {"const": 1, "title": "ONE"},
                {"const": 2, "title": "TWO"},
            ]}),
            "names_one_of" => {
                json!({"oneOf": [string(), {"type": "integer"}, reference("KindRecord")]})
            }
            "names_tagged" => json!({
                "oneOf": [reference("KindRecord"), reference("KindOther")],
                "discriminator": {"propertyName": "kind", "mapping": {
                    "record": "#/components/schemas/KindRecord",
                    "other": "#/components/schemas/KindOther",
                }},
            }),
            "names_form" => {
                paths.insert(
                    format!("/forms/{index}"),
                    json!({"post": {
                        "operationId": format!("sendForm{index}"),
                        "requestBody": {"required": true, "content": {"multipart/form-data": {"schema": reference(name)}}},
                        "responses": {"204": {"description": "Sent."}},
                    }}),
                );
                json!({"type": "object", "required": ["text"], "properties": {
                    "text": string(),
                    "file": {"type": "string", "format": "binary"},
                    "count": {"type": "integer"},
                }})
            }
            other => panic!("no model kind for module {other}"),
        };
        schemas.insert((*name).to_owned(), schema);
    }
    schemas.insert("KindRecord".into(), record());
    if kind.module == "names_tagged" {
        schemas.insert("KindOther".into(), record());
    }
    let mut every = Map::new();
    for name in names {
        every.insert((*name).to_owned(), reference(name));
    }
    schemas.insert(
        "EveryKindModel".into(),
        json!({"type": "object", "properties": every}),
    );
    paths.insert(
        "/models".into(),
        json!({"get": {
            "operationId": "getEveryModel",
            "responses": {"200": json_response("Every model.", reference("EveryKindModel"))},
        }}),
    );
    let openapi = if kind.module == "names_integer_enum" {
        "3.1.0"
    } else {
        "3.0.3"
    };
    json!({
        "openapi": openapi,
        "info": info(
            &format!("Names ({})", kind.module.trim_start_matches("names_").replace('_', " ")),
            "Every type name the templates of this kind of model write, as the name of such a model.",
        ),
        "servers": [{"url": "https://api.example.com/v1"}],
        "paths": paths,
        "components": {"schemas": schemas},
    })
}
