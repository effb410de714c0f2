//! The content decisions of rendering: which operation the crate docs show as examples, and
//! which status a test double sends for a documented response.

use crate::ir::{Api, Operation, ResponseCase, StatusMatch, Success, TypeRef};

/// Example call shown in the crate documentation.
pub struct Example {
    pub(super) module: String,
    pub(super) method: String,
    pub(super) arguments: String,
}

/// The test-double example of the `mock` module's guide: an operation whose arguments are all
/// strings and whose success body has a `Default`, so the example compiles for any spec.
pub struct MockExample {
    pub(super) call: Example,
    /// The matcher methods for the path arguments, such as `.id("id")`.
    pub(super) matchers: String,
    /// Whether `respond` takes a body.
    pub(super) has_body: bool,
}

/// The first operation whose required arguments are all strings (and that pages through a
/// list, when `paged`), for the crate docs.
pub(super) fn example(apis: &[Api], paged: bool) -> Option<Example> {
    apis.iter().find_map(|api| {
        api.operations
            .iter()
            .filter(|operation| !operation.deprecated && (!paged || operation.pagination.is_some()))
            .find(|operation| {
                operation.body.as_ref().is_none_or(|body| !body.required)
                    && operation
                        .parameters
                        .iter()
                        .filter(|parameter| parameter.is_argument())
                        .all(|parameter| parameter.ty == TypeRef::String)
            })
            .map(|operation| Example {
                module: api.handle_method.clone(),
                method: operation.method_name.clone(),
                arguments: operation
                    .parameters
                    .iter()
                    .filter(|parameter| parameter.is_argument())
                    .map(|parameter| format!("\"{}\"", parameter.rust_name.replace('_', "-")))
                    .collect::<Vec<_>>()
                    .join(", "),
            })
    })
}

/// The example of the `mock` guide, if any operation suits it (see [`MockExample`]).
pub(super) fn mock_example(apis: &[Api]) -> Option<MockExample> {
    apis.iter().find_map(|api| {
        api.operations
            .iter()
            .filter(|operation| !operation.deprecated)
            .filter(|operation| operation.body.as_ref().is_none_or(|body| !body.required))
            .filter(|operation| {
                operation
                    .parameters
                    .iter()
                    .filter(|parameter| parameter.is_argument())
                    .all(|parameter| parameter.ty == TypeRef::String)
            })
            .find_map(|operation| {
                let Success::Single { statuses, ty } = &operation.success else {
                    return None;
                };
                statuses.first()?;
                if !has_default(ty, api) {
                    return None;
                }
                let arguments: Vec<&crate::ir::Parameter> = operation
                    .parameters
                    .iter()
                    .filter(|parameter| parameter.is_argument())
                    .collect();
                let value = |parameter: &crate::ir::Parameter| {
                    format!("\"{}\"", parameter.rust_name.replace('_', "-"))
                };
                Some(MockExample {
                    call: Example {
                        module: api.handle_method.clone(),
                        method: operation.method_name.clone(),
                        arguments: arguments
                            .iter()
                            .map(|parameter| value(parameter))
                            .collect::<Vec<_>>()
                            .join(", "),
                    },
                    matchers: arguments
                        .iter()
                        .map(|parameter| format!(".{}({})", parameter.rust_name, value(parameter)))
                        .collect(),
                    has_body: *ty != TypeRef::Unit,
                })
            })
    })
}

/// Whether `Default::default()` is a value of `ty`.
fn has_default(ty: &TypeRef, api: &Api) -> bool {
    match ty {
        TypeRef::Named(name) => api
            .models
            .iter()
            .any(|model| model.name == *name && model.derive_default),
        TypeRef::Box(inner) => has_default(inner, api),
        TypeRef::File => false,
        _ => true,
    }
}

/// The status a test double sends for a documented response: its code, or for a range or
/// `default` the first code of it that the operation documents no other way.
pub(super) fn concrete_status(case: &ResponseCase, operation: &Operation) -> u16 {
    let documented: Vec<u16> = operation
        .success
        .cases()
        .iter()
        .chain(&operation.errors)
        .filter_map(|case| match case.status {
            StatusMatch::Code(code) => Some(code),
            _ => None,
        })
        .collect();
    let ranges: Vec<u16> = operation
        .success
        .cases()
        .iter()
        .chain(&operation.errors)
        .filter_map(|case| match case.status {
            StatusMatch::Range(hundred) => Some(hundred),
            _ => None,
        })
        .collect();
    let free = |code: &u16| !documented.contains(code) && !ranges.contains(&(code / 100));
    match case.status {
        StatusMatch::Code(code) => code,
        StatusMatch::Range(hundred) => (hundred * 100..hundred * 100 + 100)
            .find(|code| !documented.contains(code))
            .unwrap_or(hundred * 100),
        StatusMatch::Default => {
            let is_success = operation
                .success
                .cases()
                .iter()
                .any(|success| success.status == StatusMatch::Default);
            if is_success {
                (200..300).find(free).unwrap_or(200)
            } else {
                (500..600).chain(400..500).find(free).unwrap_or(500)
            }
        }
    }
}
