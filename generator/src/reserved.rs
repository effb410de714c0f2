//! Every name the generated code reserves: the names the templates (`templates/`) and the
//! runtime (`runtime/`) write beside the names lowering takes from the spec, with
//! the scope each one shares. Lowering consults these lists when it hands out a name, so a
//! name from the spec never collides with one the templates write; the tests at the end read
//! the templates, so a method or module added there without being listed here fails them.
//!
//! Names the generator adds but that yield to the spec's need no reservation: they are claimed
//! after the spec's names of their scope, and so take a suffix instead (the module's entry point
//! [`HANDLE_TYPE`] and its test doubles' handle, a record's `additional_properties` field, a
//! form's `fields`, the `UnknownValue` and `UnknownTag` variants, the `Redirect` type, the test
//! doubles' `respond_<status>` methods and the models' `with_<field>` setters).

use std::collections::BTreeSet;

/// Words Rust reserves, which cannot be field, parameter, method or module names; naming
/// appends `_` to them (`type_`).
pub const KEYWORDS: &[&str] = &[
    "abstract", "as", "async", "await", "become", "box", "break", "const", "continue", "crate",
    "do", "dyn", "else", "enum", "extern", "false", "final", "fn", "for", "gen", "if", "impl",
    "in", "let", "loop", "macro", "match", "mod", "move", "mut", "override", "priv", "pub", "ref",
    "return", "self", "static", "struct", "super", "trait", "true", "try", "type", "typeof",
    "union", "unsafe", "unsized", "use", "virtual", "where", "while", "yield",
];

// ----- module names -----

/// The modules of the crate root (`templates/lib.rs`) besides the API modules: the client, the
/// test doubles and the body test bed. The runtime is a crate of its own, so its modules take no
/// names.
pub const RUNTIME_MODULES: &[&str] = &["client", "mock", "testbed"];

/// The submodules of every API module (`templates/api/mod.rs`): an API module of the same name
/// would hold itself (`builders::builders`), which clippy's `module_inception` rejects. The
/// `security` submodule is not here: an API module named `security` allows the lint instead.
pub const API_SUBMODULES: &[&str] = &["builders", "mock", "models", "responses"];

/// The methods of `Client` (`templates/client.rs`) and the public ones of the runtime's client
/// it dereferences to, which gains a method named after each API module (`client.v3()`): a
/// module of one of these names would define it twice, or hide the runtime's.
pub const CLIENT_METHODS: &[&str] = &[
    // `new`, `from_env` and `builder` are templates/client.rs's; `base_url` and `decoding` are
    // runtime/src/client.rs's, `request` runtime/src/generic.rs's.
    "new", "from_env", "builder", "base_url", "decoding", "request",
];

/// The methods of `mock::MockServer` (`templates/mock.rs`, and `runtime/src/mock.rs` it
/// dereferences to), which gains a method named after each API module (`server.v3()`).
pub const MOCK_SERVER_METHODS: &[&str] = &[
    "start",
    "uri",
    "client_builder",
    "client",
    "take_unmatched",
    "verify",
    "problems",
    "expectation",
    // runtime/src/mock.rs, for generated crates
    "start_for",
    "client_builder_for",
    "client_for",
];

/// The methods types have from traits: those of the traits the runtime and the templates derive
/// or implement for the types that gain a method per module or per operation (the table's keys;
/// tests read the runtime and the templates, so a new one must be listed), and those of the
/// standard prelude's conversions every type has (`""`). `Client` and `MockServer` gain a
/// method per module, an API module's handles (`Api` and its test doubles' handle) one per
/// operation: a method of one of these names would shadow the trait's in method calls, so
/// `client.clone()`, which the generated code writes and users write, would give a module's
/// operations rather than a client.
pub const TRAIT_METHODS: &[(&str, &[&str])] = &[
    // `ToOwned` comes with `Clone`.
    ("Clone", &["clone", "clone_from", "to_owned", "clone_into"]),
    ("Copy", &[]),
    ("Debug", &["fmt"]),
    ("Drop", &["drop"]),
    // `Client` and `MockServer` dereference to the runtime's types; `ApiClient` has no methods.
    ("Deref", &["deref"]),
    ("ApiClient", &[]),
    ("From", &[]),
    ("", &["from", "into", "try_from", "try_into"]),
];

/// Every method of [`TRAIT_METHODS`], which neither a module nor an operation's method takes.
pub fn trait_method_names() -> impl Iterator<Item = &'static str> {
    TRAIT_METHODS
        .iter()
        .flat_map(|(_, methods)| methods.iter().copied())
}

/// The cargo features not named after a module (`templates/Cargo.toml`): every module is a
/// feature of its own name, and `default` is cargo's.
pub const CARGO_FEATURES: &[&str] = &["default", "mock"];

/// Every name an API module cannot take, each once, in the order of the lists above.
pub fn module_names() -> Vec<&'static str> {
    let mut seen = BTreeSet::new();
    RUNTIME_MODULES
        .iter()
        .chain(API_SUBMODULES)
        .chain(CLIENT_METHODS)
        .chain(MOCK_SERVER_METHODS)
        .chain(CARGO_FEATURES)
        .copied()
        .chain(trait_method_names())
        .filter(|name| seen.insert(*name))
        .collect()
}

/// The names the generated code uses for its dependencies (`serde`, `futures_core`, ...): an API
/// module of the same name would hide one of them.
pub fn dependency_crate_names() -> impl Iterator<Item = String> {
    crate::render::DEPENDENCIES
        .iter()
        .map(|(name, _)| *name)
        .chain([crate::render::RUNTIME_CRATE.0])
        .map(|name| name.replace('-', "_"))
}

/// Whether an API module cannot be named `module` because the generated crate already uses the
/// name: one of [`module_names`] or a dependency.
pub fn is_reserved_module(module: &str) -> bool {
    module_names().contains(&module) || dependency_crate_names().any(|name| name == module)
}

// ----- type names -----

/// The names the generated code writes without a path: the prelude's types, variants and traits,
/// and `Self`. Every module the spec's names go into uses them (`Option<String>`,
/// `impl Into<String>`, `impl From<&str> for ...`), so no type of those modules (models, error
/// and success enums, request builders, test doubles) may shadow one.
pub const PRELUDE_NAMES: &[&str] = &[
    "Self", "Option", "Some", "None", "Result", "Ok", "Err", "String", "Vec", "Box", "From", "Into",
];

/// The other names the types of an API module (models, the entry point, error and success
/// enums) do not take: the derives' names, serde's traits and the crate's own types. They share
/// no namespace with a model, but a model of one of these names would read as the other thing
/// in every signature and doc; they were reserved from the start, so a model so named keeps its
/// `2`.
pub const MODULE_TYPE_NAMES: &[&str] = &[
    "Default",
    "Clone",
    "Debug",
    "Serialize",
    "Deserialize",
    "ApiResponse",
    "Error",
    "Client",
];

/// The type through which an API module's operations are called (`client.v3()` returns it);
/// claimed after the schemas, so a schema named `Api` keeps its name and this one yields.
pub const HANDLE_TYPE: &str = "Api";

/// The table of an API module's distinct security requirement lists, in its `security` module
/// beside a constant per scheme; claimed after the schemes, so a scheme of that name keeps it.
pub const REQUIREMENTS_TABLE: &str = "REQUIREMENTS";

/// Appended to [`HANDLE_TYPE`] for the module's test doubles' handle, which lives in the `mock`
/// submodule beside a test double per operation, named like the operation's request builder.
pub const MOCKS_SUFFIX: &str = "Mocks";

// ----- members of request builders and test doubles -----

/// The fields, methods and local variables of every request builder (`templates/api/builder.rs`)
/// and its operation's method on the entry point, beside one method and field per parameter:
/// `client` and `call_options` are its fields, `body` the request body's field and setter, `new`
/// its constructor, `send` and `stream` its methods, `header`, `timeout`, `retry_policy` and
/// `decoding` the methods of the runtime's `PerCall` it implements and `into_request` and
/// `read_response` those of its `request::Operation` (a parameter's method of the same name would
/// hide them), and `request` and `response` the variables that sending and reading bind next to
/// the parameters' values.
pub const BUILDER_MEMBERS: &[&str] = &[
    "client",
    "body",
    "new",
    "send",
    "stream",
    "request",
    "response",
    "call_options",
    "header",
    "timeout",
    "retry_policy",
    "decoding",
    "into_request",
    "read_response",
];

/// The fields and methods of every test double (`templates/api/mock_operation.rs`), beside one
/// method per parameter and one `respond_<status>` method per documented error: `expectation`
/// its field, `body` its body matcher and `respond` its answer; `expect`, `delay`,
/// `request_header`, `response_header`, `drift`, `respond_raw`, `expectation` and
/// `into_expectation` the methods of the runtime's `mock::TestDouble` it implements, which a
/// parameter's method of the same name would hide.
pub const DOUBLE_MEMBERS: &[&str] = &[
    "drift",
    "expectation",
    "into_expectation",
    "expect",
    "delay",
    "respond",
    "respond_raw",
    "response_header",
    "request_header",
    "body",
];

/// The names a parameter does not take, and that a test double's `respond_<status>` method does
/// not either: a parameter is a method of both the builder and the test double, and a
/// `respond_` method shares the test double's namespace.
pub fn operation_member_names() -> impl Iterator<Item = &'static str> {
    BUILDER_MEMBERS.iter().chain(DOUBLE_MEMBERS).copied()
}

// ----- members of models -----

/// The name of the constructor every struct and form has (`templates/model/constructor.rs`).
pub const CONSTRUCTOR: &str = "new";

/// The suffix of the struct of a model's required fields, which its constructor takes when it
/// takes three or more (`TaskStatusRequired`).
pub const REQUIRED_FIELDS_SUFFIX: &str = "Required";

/// The methods of structs and forms beside the `with_<field>` setters, which a setter must not
/// be named like: the [`CONSTRUCTOR`], a form's `write_parts` (crate-private, but it shares the
/// namespace) and a record's `stand_ins()`, which says which fields hold stand-ins.
pub const MODEL_METHODS: &[&str] = &[CONSTRUCTOR, "write_parts", "stand_ins"];

/// The private fields of every record (`templates/model/struct.rs`), which a field from the spec
/// must not be named like: `stand_ins` keeps the names of its stand-ins.
pub const RECORD_FIELDS: &[&str] = &["stand_ins"];

#[cfg(test)]
mod tests {
    //! The lists above against the templates: every name they write beside the spec's names is
    //! listed, so a template change that adds one fails here rather than in a generated crate.

    use std::path::{Path, PathBuf};

    use super::*;

    fn templates() -> PathBuf {
        Path::new(env!("CARGO_MANIFEST_DIR")).join("../templates")
    }

    fn read(relative: &str) -> String {
        let path = templates().join(relative);
        std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()))
    }

    /// The identifier at the start of `text`, when it is a plain one (not a template variable).
    fn identifier(text: &str) -> Option<&str> {
        let end = text
            .find(|ch: char| !(ch.is_ascii_alphanumeric() || ch == '_'))
            .unwrap_or(text.len());
        (end > 0).then(|| &text[..end])
    }

    /// The names of the inherent methods (not those of trait impls) that `source` defines in
    /// `impl` blocks whose header passes `wanted`, written as plain identifiers.
    fn inherent_methods(source: &str, wanted: impl Fn(&str) -> bool) -> Vec<String> {
        let mut found = Vec::new();
        let mut inside = false;
        for line in source.lines() {
            if line.starts_with("impl") {
                inside = wanted(line) && !line.contains(" for ");
                continue;
            }
            if line.starts_with('}') {
                inside = false;
            }
            let trimmed = line.trim_start();
            let after_fn = [
                "pub fn ",
                "pub(crate) fn ",
                "pub async fn ",
                "pub(crate) async fn ",
                "fn ",
                "async fn ",
            ]
            .iter()
            .find_map(|prefix| trimmed.strip_prefix(prefix));
            if inside && let Some(name) = after_fn.and_then(identifier) {
                found.push(name.to_owned());
            }
        }
        found
    }

    /// Every file of the runtime's `src/`, in order, with its text.
    fn runtime_sources() -> Vec<(PathBuf, String)> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../runtime/src");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|error| panic!("{}: {error}", dir.display()))
            .map(|entry| entry.map(|entry| entry.path()))
            .collect::<Result<_, _>>()
            .unwrap_or_else(|error| panic!("{}: {error}", dir.display()));
        files.sort();
        files
            .into_iter()
            .map(|file| {
                let source = std::fs::read_to_string(&file)
                    .unwrap_or_else(|error| panic!("{}: {error}", file.display()));
                (file, source)
            })
            .collect()
    }

    /// The generated `Client` and `MockServer` have their own methods (`templates/client.rs`,
    /// `templates/mock.rs`) and the public ones of the runtime's types they dereference to; the
    /// runtime's private methods take no names.
    #[test]
    fn every_method_of_client_and_mock_server_is_a_reserved_module_name() {
        let mut files: Vec<(PathBuf, String, bool)> = runtime_sources()
            .into_iter()
            .map(|(file, source)| (file, source, true))
            .collect();
        for template in ["client.rs", "mock.rs"] {
            files.push((templates().join(template), read(template), false));
        }
        let modules = module_names();
        let mut missing = Vec::new();
        for (file, source, public_only) in files {
            let methods = inherent_methods(&source, |header| {
                header.starts_with("impl Client ") || header.starts_with("impl MockServer ")
            });
            missing.extend(
                methods
                    .into_iter()
                    .filter(|method| !public_only || is_public_method(&source, method))
                    .filter(|method| !modules.contains(&method.as_str()))
                    .map(|method| format!("{}: {method}", file.display())),
            );
        }
        assert!(
            missing.is_empty(),
            "methods of Client or MockServer to add to CLIENT_METHODS or MOCK_SERVER_METHODS: {missing:?}"
        );
    }

    /// Whether `source` defines `method` as `pub` (not `pub(crate)` or private) in an `impl
    /// Client` or `impl MockServer` block.
    fn is_public_method(source: &str, method: &str) -> bool {
        let mut inside = false;
        source.lines().any(|line| {
            if line.starts_with("impl") {
                inside = line.starts_with("impl Client ") || line.starts_with("impl MockServer ");
            }
            let trimmed = line.trim_start();
            inside
                && ["pub fn ", "pub async fn "].iter().any(|prefix| {
                    trimmed
                        .strip_prefix(prefix)
                        .and_then(identifier)
                        .is_some_and(|name| name == method)
                })
        })
    }

    /// The traits `source` derives for `type_name` or implements for it.
    fn traits_of(source: &str, type_name: &str) -> Vec<String> {
        let mut traits = Vec::new();
        let mut derives = Vec::new();
        for line in source.lines() {
            if let Some(list) = line
                .strip_prefix("#[derive(")
                .and_then(|rest| rest.strip_suffix(")]"))
            {
                derives.extend(list.split(',').map(|name| name.trim().to_owned()));
                continue;
            }
            if line.starts_with("pub struct ") {
                if line.starts_with(&format!("pub struct {type_name} {{")) {
                    traits.append(&mut derives);
                }
                derives.clear();
            }
            if let Some(header) = line.strip_prefix("impl ")
                && let Some((trait_path, target)) = header.split_once(" for ")
                && target.trim_end_matches(" {") == type_name
            {
                let path = trait_path.split('<').next().unwrap_or(trait_path);
                let name = path.rsplit("::").next().unwrap_or(path);
                traits.push(name.to_owned());
            }
        }
        traits
    }

    /// A module is a method of `Client` and of `MockServer`, and an operation one of the
    /// module's handles, so it would shadow the methods they have from traits: every trait they
    /// derive or implement has its methods listed.
    #[test]
    fn every_trait_of_the_types_that_gain_methods_has_its_methods_reserved() {
        for (file, type_name) in [
            ("client.rs", "Client"),
            ("mock.rs", "MockServer"),
            ("api/mod.rs", "{{ api.handle_type }}"),
            ("api/mock.rs", "{{ api.mocks_type }}<'a>"),
        ] {
            let traits = traits_of(&read(file), type_name);
            assert!(
                !traits.is_empty(),
                "no trait of {type_name} found in {file}"
            );
            for name in traits {
                assert!(
                    TRAIT_METHODS.iter().any(|(listed, _)| *listed == name),
                    "{file}: {type_name} has trait `{name}`: add its methods to TRAIT_METHODS"
                );
            }
        }
        assert!(is_reserved_module("clone") && is_reserved_module("into"));
    }

    #[test]
    fn every_module_of_the_crate_root_and_of_an_api_module_is_reserved() {
        let modules = module_names();
        for (file, exempt) in [("lib.rs", &[][..]), ("api/mod.rs", &["security"][..])] {
            for line in read(file).lines() {
                let trimmed = line.trim_start();
                let Some(name) = ["pub mod ", "mod "]
                    .iter()
                    .find_map(|prefix| trimmed.strip_prefix(prefix))
                    .and_then(identifier)
                else {
                    continue;
                };
                assert!(
                    modules.contains(&name) || exempt.contains(&name),
                    "templates/{file} declares `mod {name}`: add it to RUNTIME_MODULES or API_SUBMODULES"
                );
            }
        }
    }

    /// A parameter is a method of its operation's builder and test double, so it must not take
    /// the name of one of their own methods (a duplicate definition) nor of a method of a trait
    /// they implement: the runtime's `PerCall` and `mock::TestDouble` give every builder and
    /// double methods callers call by name, which an inherent method of the same name would hide
    /// without a word from the compiler.
    #[test]
    fn every_method_of_builders_and_test_doubles_is_reserved() {
        let reserved: Vec<&str> = operation_member_names().collect();
        let runtime = runtime_sources();
        let mut runtime_traits = 0;
        for file in ["api/builder.rs", "api/mock_operation.rs"] {
            let source = read(file);
            let methods = inherent_methods(&source, |header| header.starts_with("impl {{"));
            assert!(!methods.is_empty(), "no methods found in templates/{file}");
            for method in methods {
                assert!(
                    reserved.contains(&method.as_str()),
                    "templates/{file} defines `{method}`: add it to BUILDER_MEMBERS or DOUBLE_MEMBERS"
                );
            }
            for name in traits_of(&source, "{{ operation.builder_type }}") {
                let Some(methods) = runtime_trait_methods(&runtime, &name) else {
                    continue;
                };
                runtime_traits += 1;
                for method in methods {
                    assert!(
                        reserved.contains(&method.as_str()),
                        "templates/{file} implements the runtime's `{name}`, whose method `{method}` a parameter would hide: add it to BUILDER_MEMBERS or DOUBLE_MEMBERS"
                    );
                }
            }
        }
        // `request::Operation`, `PerCall` and `mock::TestDouble`.
        assert!(
            runtime_traits >= 3,
            "the runtime traits of builders and doubles were not found"
        );
    }

    /// The methods, required and provided, of the trait the runtime declares as `pub trait
    /// {name}`; `None` when it declares none of that name.
    fn runtime_trait_methods(runtime: &[(PathBuf, String)], name: &str) -> Option<Vec<String>> {
        for (_, source) in runtime {
            let mut lines = source.lines().skip_while(|line| {
                line.strip_prefix("pub trait ")
                    .and_then(identifier)
                    .is_none_or(|declared| declared != name)
            });
            if lines.next().is_none() {
                continue;
            }
            let methods = lines
                .take_while(|line| !line.starts_with('}'))
                .filter_map(|line| line.trim_start().strip_prefix("fn ").and_then(identifier))
                .map(str::to_owned)
                .collect();
            return Some(methods);
        }
        None
    }

    #[test]
    fn every_method_of_models_is_reserved() {
        for file in ["model/constructor.rs", "model/form.rs", "model/struct.rs"] {
            for method in inherent_methods(&read(file), |header| header.starts_with("impl {{")) {
                assert!(
                    MODEL_METHODS.contains(&method.as_str()),
                    "templates/{file} defines `{method}`: add it to MODEL_METHODS"
                );
            }
        }
    }

    #[test]
    fn module_names_are_listed_once_and_dependencies_are_reserved() {
        let names = module_names();
        let unique: BTreeSet<&str> = names.iter().copied().collect();
        assert_eq!(names.len(), unique.len());
        for taken in [
            "models", "client", "builder", "decoding", "new", "verify", "default", "serde",
        ] {
            assert!(is_reserved_module(taken), "{taken}");
        }
        assert!(!is_reserved_module("v3"));
        assert!(!is_reserved_module("security"));
    }
}
