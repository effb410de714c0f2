//! Chooses what the crate docs show being called: for each module, the first operation that
//! suits a plain call, a paged call and the test doubles' guide, so the examples compile for
//! any spec.

use crate::ir::{
    Example, ExampleArgument, Examples, MockExample, Model, Operation, Success, TypeRef,
};

/// The examples of a module whose `Client` method is `module`; `models` are finished (their
/// derives decided).
pub(super) fn examples(module: &str, operations: &[Operation], models: &[Model]) -> Examples {
    Examples {
        call: call(module, operations, false),
        paged: call(module, operations, true),
        mock: mock(module, operations, models),
    }
}

/// Whether the operation can be called with strings alone: no required body, every
/// argument a string.
fn takes_strings(operation: &Operation) -> bool {
    operation.body.as_ref().is_none_or(|body| !body.required)
        && operation
            .parameters
            .iter()
            .filter(|parameter| parameter.is_argument())
            .all(|parameter| parameter.ty == TypeRef::String)
}

/// The first operation whose required arguments are all strings (and that pages through a
/// list, when `paged`).
fn call(module: &str, operations: &[Operation], paged: bool) -> Option<Example> {
    operations
        .iter()
        .filter(|operation| !operation.deprecated && (!paged || operation.pagination.is_some()))
        .find(|operation| takes_strings(operation))
        .map(|operation| example(module, operation))
}

/// The first such operation whose success body has a `Default`, for the `mock` guide.
fn mock(module: &str, operations: &[Operation], models: &[Model]) -> Option<MockExample> {
    operations
        .iter()
        .filter(|operation| !operation.deprecated)
        .filter(|operation| takes_strings(operation))
        .find_map(|operation| {
            let Success::Single { statuses, ty } = &operation.success else {
                return None;
            };
            statuses.first()?;
            if !has_default(ty, models) {
                return None;
            }
            Some(MockExample {
                call: example(module, operation),
                has_body: *ty != TypeRef::Unit,
            })
        })
}

fn example(module: &str, operation: &Operation) -> Example {
    Example {
        module: module.to_owned(),
        method: operation.method_name.clone(),
        arguments: operation
            .parameters
            .iter()
            .filter(|parameter| parameter.is_argument())
            .map(|parameter| ExampleArgument {
                rust_name: parameter.rust_name.clone(),
                value: parameter.rust_name.replace('_', "-"),
            })
            .collect(),
    }
}

/// Whether `Default::default()` is a value of `ty`.
fn has_default(ty: &TypeRef, models: &[Model]) -> bool {
    match ty {
        TypeRef::Named(name) => models
            .iter()
            .any(|model| model.name == *name && model.derive_default),
        TypeRef::Box(inner) => has_default(inner, models),
        TypeRef::File => false,
        _ => true,
    }
}
