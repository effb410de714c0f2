//! Operations compared by `operationId`: their methods, arguments, builder setters, bodies,
//! success types and error variants.

use std::collections::{BTreeMap, BTreeSet};

use super::{Change, Context, ItemChanges, ItemStatus, pair_by, spell, status_text};
use crate::ir::{Operation, Parameter, ParameterEncoding, ResponseCase, StatusMatch, Success};

pub(super) fn compare(context: &Context<'_>) -> Vec<ItemChanges> {
    let old: BTreeMap<&str, &Operation> = context
        .old
        .operations
        .iter()
        .map(|operation| (operation.operation_id.as_str(), operation))
        .collect();
    let new: BTreeMap<&str, &Operation> = context
        .new
        .operations
        .iter()
        .map(|operation| (operation.operation_id.as_str(), operation))
        .collect();
    let ids: BTreeSet<&str> = old.keys().chain(new.keys()).copied().collect();
    let mut items = Vec::new();
    for id in ids {
        match (old.get(id), new.get(id)) {
            (Some(old_operation), None) => items.push(removed(context, old_operation, &new)),
            (None, Some(new_operation)) => items.push(added(context, new_operation)),
            (Some(old_operation), Some(new_operation)) => {
                let changes = Compared {
                    context,
                    old: old_operation,
                    new: new_operation,
                }
                .changes();
                if !changes.is_empty() {
                    items.push(ItemChanges {
                        title: title(&context.new.handle_type, new_operation),
                        status: ItemStatus::Changed,
                        changes,
                    });
                }
            }
            (None, None) => {}
        }
    }
    items
}

fn title(handle_type: &str, operation: &Operation) -> String {
    format!(
        "`{}` (`{handle_type}::{}`)",
        operation.operation_id, operation.method_name
    )
}

fn removed(
    context: &Context<'_>,
    operation: &Operation,
    new: &BTreeMap<&str, &Operation>,
) -> ItemChanges {
    let handle = &context.old.handle_type;
    let gone = format!(
        "`{handle}::{}` is gone, with `{}` and `{}`",
        operation.method_name, operation.builder_type, operation.error_type,
    );
    let renamed = new.values().find(|candidate| {
        candidate.http_method == operation.http_method
            && same_request_path(&candidate.path, &operation.path)
            && !context
                .old
                .operations
                .iter()
                .any(|old| old.operation_id == candidate.operation_id)
    });
    let mut reason = match renamed {
        // The request is still there under another `operationId`; only the Rust names went.
        Some(renamed) => format!(
            "{gone}: `{} {}` is now the operation `{}` (`{}::{}`), so it looks renamed; code that calls or names the old items no longer compiles",
            operation.http_method.as_str(),
            operation.path,
            renamed.operation_id,
            context.new.handle_type,
            renamed.method_name,
        ),
        None => format!(
            "{gone} (`{} {}` was removed): code that calls or names them no longer compiles",
            operation.http_method.as_str(),
            operation.path
        ),
    };
    if let Some(skipped) = context
        .new
        .skipped
        .iter()
        .find(|skipped| skipped.operation_id == operation.operation_id)
    {
        reason.push_str(&format!(
            "; the new spec still has it, but the generator skips it: {}",
            skipped.reason
        ));
    }
    ItemChanges {
        title: title(handle, operation),
        status: ItemStatus::Removed,
        changes: vec![Change::breaking(reason)],
    }
}

fn added(context: &Context<'_>, operation: &Operation) -> ItemChanges {
    ItemChanges {
        title: title(&context.new.handle_type, operation),
        status: ItemStatus::Added,
        changes: vec![Change::additive(format!(
            "`{}::{}` is new: `{} {}`",
            context.new.handle_type,
            operation.method_name,
            operation.http_method.as_str(),
            operation.path
        ))],
    }
}

/// One operation on both sides.
struct Compared<'a> {
    context: &'a Context<'a>,
    old: &'a Operation,
    new: &'a Operation,
}

impl Compared<'_> {
    /// `V2024::get_task_status`, as the new API names it.
    fn method(&self) -> String {
        format!("{}::{}", self.context.new.handle_type, self.new.method_name)
    }

    fn changes(&self) -> Vec<Change> {
        let (old, new) = (self.old, self.new);
        let mut changes = Vec::new();
        if old.method_name != new.method_name
            || self.context.old.handle_type != self.context.new.handle_type
        {
            changes.push(Change::breaking(format!(
                "the method is now `{}` (was `{}::{}`): calls of the old name no longer compile",
                self.method(),
                self.context.old.handle_type,
                old.method_name
            )));
        }
        if old.builder_type != new.builder_type {
            changes.push(Change::breaking(format!(
                "its request type is now `{}` (was `{}`): code that names `{}` no longer compiles",
                new.builder_type, old.builder_type, old.builder_type
            )));
        }
        if old.error_type != new.error_type {
            changes.push(Change::breaking(format!(
                "its error type is now `{}` (was `{}`): code that names or matches `{}` no longer compiles",
                new.error_type, old.error_type, old.error_type
            )));
        }
        if old.http_method != new.http_method || !same_request_path(&old.path, &new.path) {
            changes.push(Change::none(format!(
                "it is now sent as `{} {}` (was `{} {}`); its Rust API is unchanged",
                new.http_method.as_str(),
                new.path,
                old.http_method.as_str(),
                old.path
            )));
        } else if old.path != new.path {
            changes.push(Change::none(format!(
                "its path template is now `{}` (was `{}`): only the names of its parameters changed, so the request on the wire is the same",
                new.path, old.path
            )));
        }
        match (old.deprecated, new.deprecated) {
            (false, true) => changes.push(Change::additive(format!(
                "`{}` is now `#[deprecated]`: calls of it warn (and fail to build under `-D warnings`)",
                self.method()
            ))),
            (true, false) => changes.push(Change::none(format!(
                "`{}` is no longer deprecated",
                self.method()
            ))),
            _ => {}
        }
        self.parameters(&mut changes);
        self.body(&mut changes);
        self.success(&mut changes);
        self.errors(&mut changes);
        self.pagination(&mut changes);
        if old.authenticated() != new.authenticated() {
            changes.push(Change::none(if new.authenticated() {
                "it now sends the client's credentials; its Rust API is unchanged"
            } else {
                "it no longer sends the client's credentials; its Rust API is unchanged"
            }));
        } else if old.security != new.security {
            changes.push(Change::none(
                "its security requirements changed (which credentials it sends); its Rust API is unchanged",
            ));
        }
        if old.accept != new.accept {
            changes.push(Change::none(format!(
                "its `Accept` header is now `{}` (was `{}`); its Rust API is unchanged",
                new.accept.as_deref().unwrap_or("not sent"),
                old.accept.as_deref().unwrap_or("not sent")
            )));
        }
        if old.summary != new.summary || old.description != new.description {
            changes.push(Change::none(format!(
                "the documentation of `{}` changed",
                self.method()
            )));
        }
        changes
    }

    fn parameters(&self, changes: &mut Vec<Change>) {
        let builder = &self.new.builder_type;
        let method = self.method();
        let (paired, removed) = pair_by(&self.old.parameters, &self.new.parameters, |parameter| {
            parameter.rust_name.as_str()
        });
        // Parameters in the new document's order, then the ones only the old one had.
        let pairs = paired
            .into_iter()
            .map(|(new, old)| (old, Some(new)))
            .chain(removed.into_iter().map(|old| (Some(old), None)));
        for (old, new) in pairs {
            let Some(name) = new.or(old).map(|parameter| parameter.rust_name.as_str()) else {
                continue;
            };
            match (old, new) {
                (Some(parameter), None) => changes.push(Change::breaking(if parameter.is_argument() {
                    format!(
                        "`{method}` no longer takes the argument `{name}: {}` ({} was removed): every call must drop it",
                        spell(&parameter.ty),
                        describe(parameter)
                    )
                } else {
                    format!(
                        "`{builder}::{name}()` is gone ({} was removed): code that sets it no longer compiles",
                        describe(parameter)
                    )
                })),
                (None, Some(parameter)) => changes.push(if parameter.is_argument() {
                    Change::breaking(format!(
                        "`{method}` takes a new argument `{name}: {}` ({}): every call must pass it",
                        spell(&parameter.ty),
                        describe(parameter)
                    ))
                } else if parameter.is_sent_by_default() {
                    Change::additive(format!(
                        "`{builder}::{name}()` is new ({}, sent as `{}` unless set)",
                        describe(parameter),
                        default_text(parameter)
                    ))
                } else {
                    Change::additive(format!(
                        "`{builder}::{name}()` is new ({})",
                        describe(parameter)
                    ))
                }),
                (Some(old), Some(new)) => self.parameter(old, new, changes),
                (None, None) => {}
            }
        }
        let arguments = |operation: &Operation| -> Vec<String> {
            operation
                .parameters
                .iter()
                .filter(|parameter| parameter.is_argument())
                .map(|parameter| parameter.rust_name.clone())
                .collect()
        };
        let (old_arguments, new_arguments) = (arguments(self.old), arguments(self.new));
        let kept_old: Vec<&String> = old_arguments
            .iter()
            .filter(|name| new_arguments.contains(name))
            .collect();
        let kept_new: Vec<&String> = new_arguments
            .iter()
            .filter(|name| old_arguments.contains(name))
            .collect();
        if kept_old != kept_new {
            changes.push(Change::breaking(format!(
                "`{method}` takes its arguments in a new order ({}; was {}): calls that pass them in the old order pass the wrong values, or no longer compile",
                join_code(&new_arguments),
                join_code(&old_arguments)
            )));
        }
    }

    fn parameter(&self, old: &Parameter, new: &Parameter, changes: &mut Vec<Change>) {
        let builder = &self.new.builder_type;
        let method = self.method();
        let name = &new.rust_name;
        match (old.is_argument(), new.is_argument()) {
            (true, false) => changes.push(Change::breaking(format!(
                "`{name}` is no longer an argument of `{method}` but the setter `{builder}::{name}()` ({} is now {}): every call must drop the argument",
                place(new),
                if new.required {
                    "sent with its default unless set"
                } else {
                    "optional"
                }
            ))),
            (false, true) => changes.push(Change::breaking(format!(
                "`{method}` takes a new argument `{name}: {}` ({} is now required), and `{builder}::{name}()` is gone: every call must pass it",
                spell(&new.ty),
                place(new)
            ))),
            _ => {}
        }
        // When the parameter changed role, the message above already gives its new type.
        if old.ty != new.ty && old.is_argument() == new.is_argument() {
            changes.push(Change::breaking(if new.is_argument() {
                format!(
                    "the argument `{name}` of `{method}` is now `{}` (was `{}`): calls must pass the new type",
                    spell(&new.ty),
                    spell(&old.ty)
                )
            } else {
                format!(
                    "`{builder}::{name}()` now takes `{}` (was `{}`): code that sets it must pass the new type",
                    spell(&new.ty),
                    spell(&old.ty)
                )
            }));
        }
        if !old.is_argument() && !new.is_argument() {
            match (old.is_sent_by_default(), new.is_sent_by_default()) {
                (false, true) => changes.push(Change::none(format!(
                    "the client now sends {} as `{}` unless `{builder}::{name}()` sets it; the setter is unchanged",
                    describe(new),
                    default_text(new)
                ))),
                (true, false) => changes.push(Change::none(format!(
                    "the client no longer sends {} unless `{builder}::{name}()` sets it; the setter is unchanged",
                    describe(new)
                ))),
                (true, true) if old.default != new.default => changes.push(Change::none(format!(
                    "the client now sends {} as `{}` (was `{}`) unless set",
                    describe(new),
                    default_text(new),
                    default_text(old)
                ))),
                _ => {}
            }
        }
        if old.location != new.location || old.name != new.name {
            changes.push(Change::none(format!(
                "`{name}` is now sent as {} (was {}); its Rust API is unchanged",
                describe(new),
                describe(old)
            )));
        }
        // How the value is laid out matters only for what a style writes differently.
        if old.location == new.location && layout(old) != layout(new) {
            changes.push(Change::none(format!(
                "`{name}` is now written {} (was {}); its Rust API is unchanged",
                layout(new),
                layout(old)
            )));
        }
        match (old.deprecated, new.deprecated, new.is_argument()) {
            (false, true, false) => changes.push(Change::additive(format!(
                "`{builder}::{name}()` is now `#[deprecated]`: code that sets it warns (and fails to build under `-D warnings`)"
            ))),
            (false, true, true) => changes.push(Change::none(format!(
                "the spec marks the argument `{name}` of `{method}` deprecated; an argument carries no `#[deprecated]`, so nothing changes for callers"
            ))),
            (true, false, _) => changes.push(Change::none(format!(
                "`{name}` of `{method}` is no longer deprecated"
            ))),
            _ => {}
        }
        let sent_default_reported = old.is_sent_by_default() || new.is_sent_by_default();
        if old.description != new.description
            || old.constraints != new.constraints
            || old.maximum != new.maximum
            || (old.default != new.default && !sent_default_reported)
        {
            changes.push(Change::none(format!(
                "the documentation of `{name}` (description, default or bounds) changed"
            )));
        }
    }

    fn body(&self, changes: &mut Vec<Change>) {
        let builder = &self.new.builder_type;
        let method = self.method();
        match (&self.old.body, &self.new.body) {
            (None, Some(body)) if body.required => changes.push(Change::breaking(format!(
                "`{method}` takes a new argument `body: {}` (a required request body): every call must pass it",
                spell(&body.ty)
            ))),
            (None, Some(body)) => changes.push(Change::additive(format!(
                "`{builder}::body()` is new (an optional request body of `{}`)",
                spell(&body.ty)
            ))),
            (Some(body), None) => changes.push(Change::breaking(if body.required {
                format!(
                    "`{method}` no longer takes the argument `body: {}` (the request body was removed): every call must drop it",
                    spell(&body.ty)
                )
            } else {
                format!(
                    "`{builder}::body()` is gone (the request body was removed): code that sets it no longer compiles"
                )
            })),
            (Some(old), Some(new)) => {
                match (old.required, new.required) {
                    (false, true) => changes.push(Change::breaking(format!(
                        "`{method}` takes a new argument `body: {}` (the request body is now required), and `{builder}::body()` is gone: every call must pass it",
                        spell(&new.ty)
                    ))),
                    (true, false) => changes.push(Change::breaking(format!(
                        "`body` is no longer an argument of `{method}` but the setter `{builder}::body()` (the request body is now optional): every call must drop the argument"
                    ))),
                    _ => {}
                }
                if old.ty != new.ty {
                    changes.push(Change::breaking(format!(
                        "the request body is now `{}` (was `{}`): code that builds it must change",
                        spell(&new.ty),
                        spell(&old.ty)
                    )));
                }
                if old.media_type != new.media_type || old.format != new.format {
                    changes.push(Change::none(format!(
                        "the request body is now sent as `{}` (was `{}`); its Rust type is unchanged",
                        new.media_type, old.media_type
                    )));
                }
                if old.description != new.description {
                    changes.push(Change::none(
                        "the documentation of the request body changed",
                    ));
                }
            }
            (None, None) => {}
        }
    }

    fn success(&self, changes: &mut Vec<Change>) {
        let builder = &self.new.builder_type;
        match (&self.old.success, &self.new.success) {
            (
                Success::ByStatus {
                    type_name: old_name,
                    cases: old_cases,
                },
                Success::ByStatus {
                    type_name: new_name,
                    cases: new_cases,
                },
            ) if old_name == new_name => {
                let non_exhaustive = self.context.shape.non_exhaustive_success_enums;
                compare_cases(
                    old_cases,
                    new_cases,
                    |change| {
                        Some(status_variant_change(
                            new_name,
                            non_exhaustive,
                            StatusEnum::Success,
                            change,
                        ))
                    },
                    changes,
                );
            }
            (old, new) => {
                let (old_ty, new_ty) = (old.ty(), new.ty());
                if old_ty != new_ty {
                    changes.push(Change::breaking(format!(
                        "`{builder}::send()` now returns `ApiResponse<{}>` (was `ApiResponse<{}>`): code that uses the result must change",
                        spell(&new_ty),
                        spell(&old_ty)
                    )));
                }
                if let Some(change) = undocumented_success_change(old, new) {
                    changes.push(change);
                    return;
                }
                compare_cases(
                    old.cases(),
                    new.cases(),
                    |change| match change {
                        CaseChange::Added(case) => Some(Change::none(format!(
                            "a {} response is now a success (it was `Error::UnexpectedStatus`); the return type {}",
                            status_text(case.status),
                            if old_ty == new_ty {
                                "is unchanged"
                            } else {
                                "changed as said"
                            }
                        ))),
                        CaseChange::Removed(case) => Some(Change::breaking(format!(
                            "a {} response is no longer documented, so `{builder}::send()` now returns `Error::UnexpectedStatus` for it: code that counted on it succeeding fails at run time",
                            status_text(case.status)
                        ))),
                        // One success type has no variants to rename, and its type change is said above.
                        CaseChange::Renamed(..) | CaseChange::Retyped(..) => None,
                        CaseChange::Rewired(old, new) => Some(Change::none(format!(
                            "the body of status {} now comes as {} (was {}); its Rust type {}",
                            status_text(new.status),
                            new.media_type.as_deref().unwrap_or("nothing"),
                            old.media_type.as_deref().unwrap_or("nothing"),
                            if old_ty == new_ty {
                                "is unchanged"
                            } else {
                                "changed as said"
                            }
                        ))),
                        CaseChange::Redocumented(case) => Some(Change::none(format!(
                            "the documentation of the {} response changed",
                            status_text(case.status)
                        ))),
                    },
                    changes,
                );
            }
        }
    }

    fn errors(&self, changes: &mut Vec<Change>) {
        let name = &self.new.error_type;
        let non_exhaustive = self.context.shape.non_exhaustive_error_enums;
        compare_cases(
            &self.old.errors,
            &self.new.errors,
            |change| {
                Some(status_variant_change(
                    name,
                    non_exhaustive,
                    StatusEnum::Error,
                    change,
                ))
            },
            changes,
        );
    }

    fn pagination(&self, changes: &mut Vec<Change>) {
        let builder = &self.new.builder_type;
        match (&self.old.pagination, &self.new.pagination) {
            (None, Some(pagination)) => changes.push(Change::additive(format!(
                "`{builder}::stream()` is new: a stream of every `{}` of every page",
                spell(&pagination.item)
            ))),
            (Some(_), None) => changes.push(Change::breaking(format!(
                "`{builder}::stream()` is gone (the operation no longer pages with `limit` and `offset`): code that calls it no longer compiles"
            ))),
            (Some(old), Some(new)) if old.item != new.item => changes.push(Change::breaking(format!(
                "`{builder}::stream()` now yields `{}` (was `{}`): code that reads its items must change",
                spell(&new.item),
                spell(&old.item)
            ))),
            _ => {}
        }
    }
}

/// What documenting a success where the document described none does, or the reverse: the
/// generator's stand-in succeeds on any 2XX, so its statuses are no documented statuses to
/// compare one by one. `None` when neither side, or both, is the stand-in.
fn undocumented_success_change(old: &Success, new: &Success) -> Option<Change> {
    let undocumented = |success: &Success| success.cases().iter().any(|case| case.undocumented);
    match (undocumented(old), undocumented(new)) {
        (true, false) => {
            let statuses: Vec<String> = new
                .cases()
                .iter()
                .map(|case| status_text(case.status))
                .collect();
            let every_2xx = new
                .cases()
                .iter()
                .any(|case| case.status == StatusMatch::Range(2));
            let documented = format!(
                "the success is now documented as status {}, where the document described none and any 2XX succeeded",
                statuses.join(", ")
            );
            Some(if every_2xx {
                Change::none(format!("{documented}: the same statuses succeed"))
            } else {
                Change::breaking(format!(
                    "{documented}: another 2XX is now `Error::UnexpectedStatus`, so code that counted on it succeeding fails at run time"
                ))
            })
        }
        (false, true) => Some(Change::none(
            "the document no longer describes a success, so any 2XX now succeeds, with its body as it came",
        )),
        _ => None,
    }
}

/// Which of an operation's enums of documented statuses a variant belongs to: the two are
/// reported alike except where the variant's payload is spelled.
#[derive(Clone, Copy)]
enum StatusEnum {
    /// The success enum of an operation whose successes differ by status; a variant holds the
    /// body.
    Success,
    /// The error enum; a variant holds the whole response (`ApiResponse<Body>`), and a status
    /// it lacks is `Error::UnexpectedStatus`.
    Error,
}

/// What a change to one variant of the enum `name` of documented statuses does to code that
/// matches or reads it.
fn status_variant_change(
    name: &str,
    non_exhaustive: bool,
    kind: StatusEnum,
    change: CaseChange<'_>,
) -> Change {
    match change {
        CaseChange::Added(case) if non_exhaustive => Change::additive(format!(
            "`{name}::{}` is new (status {}): `{name}` is `#[non_exhaustive]`, so matches need no change{}",
            case.variant,
            status_text(case.status),
            match kind {
                StatusEnum::Success => "",
                StatusEnum::Error => "; that status was `Error::UnexpectedStatus`",
            }
        )),
        CaseChange::Added(case) => Change::breaking(format!(
            "`{name}::{}` is new (status {}): `{name}` is an exhaustive enum, so `match`es on it must handle the new variant",
            case.variant,
            status_text(case.status)
        )),
        CaseChange::Removed(case) => Change::breaking(format!(
            "`{name}::{}` is gone (status {} is no longer documented): code that matches it no longer compiles, and that status is now `Error::UnexpectedStatus`",
            case.variant,
            status_text(case.status)
        )),
        CaseChange::Renamed(old, new) => Change::breaking(format!(
            "`{name}::{}` is now `{name}::{}`: code that names the old variant no longer compiles",
            old.variant, new.variant
        )),
        CaseChange::Retyped(old, new) => match kind {
            StatusEnum::Success => Change::breaking(format!(
                "`{name}::{}` now holds `{}` (was `{}`): code that reads it must change",
                new.variant,
                spell(&new.ty),
                spell(&old.ty)
            )),
            StatusEnum::Error => Change::breaking(format!(
                "`{name}::{}` now holds `ApiResponse<{}>` (was `ApiResponse<{}>`): code that reads its body must change",
                new.variant,
                spell(&new.ty),
                spell(&old.ty)
            )),
        },
        CaseChange::Rewired(old, new) => Change::none(format!(
            "the body of {} now comes as {} (was {}); its Rust type is unchanged",
            match kind {
                StatusEnum::Success => format!("status {}", status_text(new.status)),
                StatusEnum::Error => format!("`{name}::{}`", new.variant),
            },
            new.media_type.as_deref().unwrap_or("nothing"),
            old.media_type.as_deref().unwrap_or("nothing")
        )),
        CaseChange::Redocumented(case) => Change::none(format!(
            "the documentation of `{name}::{}` changed",
            case.variant
        )),
    }
}

/// How one documented response differs between the two sides, keyed by status.
enum CaseChange<'a> {
    Added(&'a ResponseCase),
    Removed(&'a ResponseCase),
    Renamed(&'a ResponseCase, &'a ResponseCase),
    Retyped(&'a ResponseCase, &'a ResponseCase),
    Rewired(&'a ResponseCase, &'a ResponseCase),
    Redocumented(&'a ResponseCase),
}

fn compare_cases<'a>(
    old: &'a [ResponseCase],
    new: &'a [ResponseCase],
    mut describe: impl FnMut(CaseChange<'a>) -> Option<Change>,
    changes: &mut Vec<Change>,
) {
    let mut push = |change: CaseChange<'a>| changes.extend(describe(change));
    let old: BTreeMap<StatusMatch, &ResponseCase> =
        old.iter().map(|case| (case.status, case)).collect();
    let new: BTreeMap<StatusMatch, &ResponseCase> =
        new.iter().map(|case| (case.status, case)).collect();
    let statuses: BTreeSet<StatusMatch> = old.keys().chain(new.keys()).copied().collect();
    for status in statuses {
        match (old.get(&status), new.get(&status)) {
            (Some(case), None) => push(CaseChange::Removed(case)),
            (None, Some(case)) => push(CaseChange::Added(case)),
            (Some(old), Some(new)) => {
                if old.variant != new.variant {
                    push(CaseChange::Renamed(old, new));
                }
                if old.ty != new.ty {
                    push(CaseChange::Retyped(old, new));
                } else if old.media_type != new.media_type || old.format != new.format {
                    push(CaseChange::Rewired(old, new));
                }
                if old.description != new.description {
                    push(CaseChange::Redocumented(new));
                }
            }
            (None, None) => {}
        }
    }
}

/// "the required query parameter `limit`".
fn describe(parameter: &Parameter) -> String {
    let required = if parameter.required {
        "required"
    } else {
        "optional"
    };
    format!("the {required} {}", location(parameter))
}

/// "the query parameter `limit`".
fn place(parameter: &Parameter) -> String {
    format!("the {}", location(parameter))
}

/// "query parameter `limit`".
fn location(parameter: &Parameter) -> String {
    format!("{} `{}`", parameter.location.noun(), parameter.name)
}

fn default_text(parameter: &Parameter) -> String {
    match &parameter.default {
        Some(serde_json::Value::String(text)) => text.clone(),
        Some(other) => other.to_string(),
        None => "nothing".into(),
    }
}

fn join_code(names: &[String]) -> String {
    if names.is_empty() {
        return "none".into();
    }
    names
        .iter()
        .map(|name| format!("`{name}`"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Whether two path templates send the same requests: equal once the names of their parameters
/// are left out (`/tasks/{id}` and `/tasks/{taskId}`).
fn same_request_path(a: &str, b: &str) -> bool {
    fn shape(path: &str) -> String {
        let mut shape = String::with_capacity(path.len());
        let mut in_parameter = false;
        for c in path.chars() {
            match c {
                '{' => {
                    in_parameter = true;
                    shape.push('{');
                }
                '}' => {
                    in_parameter = false;
                    shape.push('}');
                }
                _ if in_parameter => {}
                _ => shape.push(c),
            }
        }
        shape
    }
    shape(a) == shape(b)
}

/// How a parameter's value is laid out, in the spec's words: `style: form, explode: true`.
/// Lists and objects are what `explode` changes; a scalar's is left out of it.
fn layout(parameter: &Parameter) -> String {
    let mut text = format!("with `style: {}", parameter.style.as_str());
    let spreads = !parameter.ty.is_scalar();
    if spreads {
        text.push_str(&format!(", explode: {}", parameter.explode));
    }
    if parameter.allow_reserved {
        text.push_str(", allowReserved: true");
    }
    if parameter.encoding == ParameterEncoding::Json {
        text.push_str("`, as JSON");
    } else {
        text.push('`');
    }
    text
}
