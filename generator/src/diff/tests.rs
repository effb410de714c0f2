//! The classification matrix: one small spec, one edit at a time, and the exact report lines
//! each edit must give.

use super::*;
use crate::input::SpecInput;
use crate::load::NoFiles;
use crate::lower_all;

/// A small API with a list that pages, a read by id, a create with a body, and models used in
/// requests only, in responses only, and a string enum.
const BASE: &str = r#"openapi: 3.0.3
info: {title: Tasks, version: '1'}
paths:
  /tasks:
    get:
      operationId: listTasks
      description: Lists tasks.
      parameters:
        - {name: limit, in: query, schema: {type: integer, format: int32}}
        - {name: offset, in: query, schema: {type: integer, format: int32}}
        - {name: X-Experimental, in: header, required: true, schema: {type: string, default: 'true'}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {type: array, items: {$ref: '#/components/schemas/Task'}}
        '400':
          description: bad request
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ErrorBody'}
    post:
      operationId: createTask
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/TaskInput'}
      responses:
        '201':
          description: created
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Task'}
  /tasks/{id}:
    get:
      operationId: getTask
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Task'}
        '404':
          description: not found
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ErrorBody'}
components:
  schemas:
    Task:
      description: A background task.
      type: object
      required: [id]
      properties:
        id: {type: string}
        state: {$ref: '#/components/schemas/TaskState'}
        percentComplete: {type: integer, format: int64}
        modified: {type: string, format: date-time}
    TaskInput:
      type: object
      required: [name]
      properties:
        name: {type: string}
    TaskState:
      type: string
      enum: [RUNNING, DONE]
    ErrorBody:
      type: object
      properties:
        message: {type: string}
"#;

fn lower(text: &str) -> Vec<ir::Api> {
    let input = SpecInput {
        file: "tasks.yaml".into(),
        module: Some("v1".into()),
        contents: text.into(),
        overlays: Vec::new(),
    };
    lower_all(&[input], &NoFiles).unwrap_or_else(|error| panic!("{error}\n{text}"))
}

/// `BASE` with each `(from, to)` replaced; every `from` must be there.
fn edited(edits: &[(&str, &str)]) -> String {
    edited_from(BASE, edits)
}

/// `base` with each `(from, to)` replaced once; every `from` must be there.
fn edited_from(base: &str, edits: &[(&str, &str)]) -> String {
    let mut text = base.to_owned();
    for (from, to) in edits {
        assert!(text.contains(from), "`{from}` is not in the spec");
        text = text.replacen(from, to, 1);
    }
    text
}

/// Every change, as `impact: reason`.
fn lines(changes: &ApiChanges) -> Vec<String> {
    changes
        .changes()
        .map(|change| format!("{}: {}", change.impact.as_str(), change.reason))
        .collect()
}

/// Every change from `BASE` to the edited spec, as `impact: reason`.
fn report_with(shape: GeneratedShape, edits: &[(&str, &str)]) -> (Vec<String>, Bump) {
    let changes = compare_with_shape(&lower(BASE), &lower(&edited(edits)), shape);
    (lines(&changes), changes.semver())
}

fn report(edits: &[(&str, &str)]) -> (Vec<String>, Bump) {
    report_with(GeneratedShape::CURRENT, edits)
}

/// `#[non_exhaustive]` models with constructors taking their required fields, and
/// `#[non_exhaustive]` enums: what the templates write today (`tests/generated_shape.rs`
/// checks `GeneratedShape::CURRENT` against the generated code), pinned here so that the rows
/// are tested against this shape whatever `CURRENT` becomes.
const NON_EXHAUSTIVE: GeneratedShape = GeneratedShape {
    non_exhaustive_models: true,
    constructors_take_required_fields: true,
    non_exhaustive_string_enums: true,
    non_exhaustive_one_of_enums: true,
    non_exhaustive_success_enums: true,
    non_exhaustive_error_enums: true,
    opaque_unknown_values: true,
};

/// The shape before models and enums became `#[non_exhaustive]`: plain structs with public
/// fields and exhaustive enums, only error enums being `#[non_exhaustive]`.
const PLAIN: GeneratedShape = GeneratedShape {
    non_exhaustive_models: false,
    constructors_take_required_fields: false,
    non_exhaustive_string_enums: false,
    non_exhaustive_one_of_enums: false,
    non_exhaustive_success_enums: false,
    non_exhaustive_error_enums: true,
    opaque_unknown_values: false,
};

#[test]
fn the_report_describes_the_shape_in_one_sentence() {
    assert_eq!(
        NON_EXHAUSTIVE.describe(),
        "models are `#[non_exhaustive]` structs built by a constructor taking their required fields; string enums are `#[non_exhaustive]`; `oneOf` enums are `#[non_exhaustive]`; success enums are `#[non_exhaustive]`; error enums are `#[non_exhaustive]`"
    );
}

const NEW_OPERATION: &str = r#"  /tasks/{id}/cancel:
    post:
      operationId: cancelTask
      parameters:
        - {name: id, in: path, required: true, schema: {type: string}}
      responses:
        '204': {description: cancelled}
components:
"#;

#[test]
fn the_same_spec_has_no_changes_and_asks_for_a_patch() {
    let changes = compare(&lower(BASE), &lower(BASE));
    assert!(changes.is_empty());
    assert_eq!(changes.semver(), Bump::Patch);
    assert_eq!(
        changes.markdown(),
        "# API changes\n\nNo change to the API.\n\nsemver: patch\n"
    );
}

#[test]
fn adding_an_operation_is_additive() {
    let (lines, bump) = report(&[("components:\n", NEW_OPERATION)]);
    assert_eq!(
        lines,
        ["additive: `Api::cancel_task` is new: `POST /tasks/{id}/cancel`"]
    );
    assert_eq!(bump, Bump::Minor);
}

#[test]
fn removing_an_operation_is_breaking() {
    let base = edited(&[("components:\n", NEW_OPERATION)]);
    let changes = compare(&lower(&base), &lower(BASE));
    let reasons: Vec<&str> = changes
        .changes()
        .map(|change| change.reason.as_str())
        .collect();
    assert_eq!(
        reasons,
        [
            "`Api::cancel_task` is gone, with `CancelTask` and `CancelTaskError` (`POST /tasks/{id}/cancel` was removed): code that calls or names them no longer compiles"
        ]
    );
    assert_eq!(changes.semver(), Bump::Major);
}

#[test]
fn a_renamed_operation_id_is_breaking_and_named_as_a_likely_rename() {
    let (lines, bump) = report(&[("operationId: getTask\n", "operationId: fetchTask\n")]);
    assert_eq!(
        lines,
        [
            "additive: `Api::fetch_task` is new: `GET /tasks/{id}`",
            "breaking: `Api::get_task` is gone, with `GetTask` and `GetTaskError`: `GET /tasks/{id}` is now the operation `fetchTask` (`Api::fetch_task`), so it looks renamed; code that calls or names the old items no longer compiles",
        ]
    );
    assert_eq!(bump, Bump::Major);
}

#[test]
fn adding_an_optional_query_parameter_is_additive() {
    let (lines, bump) = report(&[(
        "        - {name: offset,",
        "        - {name: sorters, in: query, description: Sort order., schema: {type: string}}\n        - {name: offset,",
    )]);
    assert_eq!(
        lines,
        ["additive: `ListTasks::sorters()` is new (the optional query parameter `sorters`)"]
    );
    assert_eq!(bump, Bump::Minor);
}

#[test]
fn adding_a_required_query_parameter_is_breaking() {
    let (lines, bump) = report(&[(
        "        - {name: offset,",
        "        - {name: owner, in: query, required: true, schema: {type: string}}\n        - {name: offset,",
    )]);
    assert_eq!(
        lines,
        [
            "breaking: `Api::list_tasks` takes a new argument `owner: String` (the required query parameter `owner`): every call must pass it"
        ]
    );
    assert_eq!(bump, Bump::Major);
}

#[test]
fn adding_a_required_header_with_a_default_is_additive() {
    let (lines, _) = report(&[(
        "      operationId: getTask\n      parameters:\n",
        "      operationId: getTask\n      parameters:\n        - {name: X-Experimental, in: header, required: true, schema: {type: string, default: 'true'}}\n",
    )]);
    assert_eq!(
        lines,
        [
            "additive: `GetTask::x_experimental()` is new (the required header `X-Experimental`, sent as `true` unless set)"
        ]
    );
}

#[test]
fn removing_a_header_parameter_is_breaking() {
    let (lines, bump) = report(&[(
        "        - {name: X-Experimental, in: header, required: true, schema: {type: string, default: 'true'}}\n",
        "",
    )]);
    assert_eq!(
        lines,
        [
            "breaking: `ListTasks::x_experimental()` is gone (the required header `X-Experimental` was removed): code that sets it no longer compiles"
        ]
    );
    assert_eq!(bump, Bump::Major);
}

#[test]
fn a_parameter_becoming_required_or_optional_is_breaking() {
    let (lines, _) = report(&[(
        "{name: limit, in: query, schema:",
        "{name: limit, in: query, required: true, schema:",
    )]);
    assert_eq!(
        lines,
        [
            "breaking: `Api::list_tasks` takes a new argument `limit: i32` (the query parameter `limit` is now required), and `ListTasks::limit()` is gone: every call must pass it",
            "breaking: `ListTasks::stream()` is gone (the operation no longer pages with `limit` and `offset`): code that calls it no longer compiles",
        ]
    );

    let (lines, _) = report(&[(
        "{name: id, in: path, required: true, schema: {type: string}}",
        "{name: id, in: path, required: true, schema: {type: string, default: me}}",
    )]);
    assert_eq!(
        lines,
        [
            "breaking: `id` is no longer an argument of `Api::get_task` but the setter `GetTask::id()` (the path parameter `id` is now sent with its default unless set): every call must drop the argument"
        ]
    );
}

#[test]
fn a_parameter_changing_type_is_breaking() {
    let (lines, bump) = report(&[(
        "{name: limit, in: query, schema: {type: integer, format: int32}}",
        "{name: limit, in: query, schema: {type: string}}",
    )]);
    assert_eq!(
        lines,
        [
            "breaking: `ListTasks::limit()` now takes `String` (was `i32`): code that sets it must pass the new type",
            "breaking: `ListTasks::stream()` is gone (the operation no longer pages with `limit` and `offset`): code that calls it no longer compiles",
        ]
    );
    assert_eq!(bump, Bump::Major);
}

#[test]
fn adding_an_optional_field_to_a_response_model_breaks_plain_structs_only() {
    let edit = [(
        "        modified: {type: string, format: date-time}\n",
        "        modified: {type: string, format: date-time}\n        launcher: {type: string}\n",
    )];
    let (lines, bump) = report_with(PLAIN, &edit);
    assert_eq!(
        lines,
        [
            "breaking: `Task::launcher: Option<String>` is new, even though it is optional: `Task` (a response model) is a plain struct with public fields, so struct literals and patterns without `..` must now name it"
        ]
    );
    assert_eq!(bump, Bump::Major);

    let (lines, bump) = report(&edit);
    assert_eq!(
        lines,
        [
            "additive: `Task::launcher: Option<String>` is new: `Task` (a response model) is `#[non_exhaustive]`, so code that builds or matches it still compiles"
        ]
    );
    assert_eq!(bump, Bump::Minor);
}

#[test]
fn adding_a_required_field_to_a_response_model_is_breaking() {
    let edit = [
        ("      required: [id]\n", "      required: [id, launcher]\n"),
        (
            "        modified: {type: string, format: date-time}\n",
            "        modified: {type: string, format: date-time}\n        launcher: {type: string}\n",
        ),
    ];
    let (lines, _) = report_with(PLAIN, &edit);
    assert_eq!(
        lines,
        [
            "breaking: `Task::launcher: String` is new: `Task` (a response model) is a plain struct with public fields, so struct literals and patterns without `..` must now name it"
        ]
    );
    let (lines, _) = report(&edit);
    assert_eq!(
        lines,
        [
            "breaking: `Task::launcher: String` is new and required: code that builds `Task` (a response model) must give it",
            "breaking: `Task::new` takes `launcher: String` (new); every call must change to `Task::new(id, launcher)`",
        ]
    );
}

#[test]
fn adding_fields_to_a_request_model() {
    let optional = [(
        "        name: {type: string}\n",
        "        name: {type: string}\n        note: {type: string}\n",
    )];
    let (lines, bump) = report_with(PLAIN, &optional);
    assert_eq!(
        lines,
        [
            "breaking: `TaskInput::note: Option<String>` is new, even though it is optional: `TaskInput` (a request model) is a plain struct with public fields, so struct literals and patterns without `..` must now name it"
        ]
    );
    assert_eq!(bump, Bump::Major);
    let (lines, bump) = report(&optional);
    assert_eq!(
        lines,
        [
            "additive: `TaskInput::note: Option<String>` is new: `TaskInput` (a request model) is `#[non_exhaustive]`, so code that builds or matches it still compiles"
        ]
    );
    assert_eq!(bump, Bump::Minor);

    let required = [
        (
            "      required: [name]\n",
            "      required: [name, owner]\n",
        ),
        (
            "        name: {type: string}\n",
            "        name: {type: string}\n        owner: {type: string}\n",
        ),
    ];
    let (lines, bump) = report_with(PLAIN, &required);
    assert_eq!(
        lines,
        [
            "breaking: `TaskInput::owner: String` is new: `TaskInput` (a request model) is a plain struct with public fields, so struct literals and patterns without `..` must now name it"
        ]
    );
    assert_eq!(bump, Bump::Major);
    let (lines, bump) = report(&required);
    assert_eq!(
        lines,
        [
            "breaking: `TaskInput::owner: String` is new and required: code that builds `TaskInput` (a request model) must give it",
            "breaking: `TaskInput::new` takes `owner: String` (new); every call must change to `TaskInput::new(name, owner)`",
        ]
    );
    assert_eq!(bump, Bump::Major);
}

#[test]
fn a_field_becoming_nullable_is_breaking() {
    let (lines, bump) = report(&[(
        "        id: {type: string}\n",
        "        id: {type: string, nullable: true}\n",
    )]);
    assert_eq!(
        lines,
        [
            "breaking: `Task::id` is now `Option<String>` (was `String`): code that reads it must handle `None`",
            "breaking: `Task::new` no longer takes `id` (optional now, set by `with_id`); every call must change to `Task::new()`",
        ]
    );
    assert_eq!(bump, Bump::Major);
    // Still breaking when models are `#[non_exhaustive]`: the type of a public field changed.
    assert_eq!(
        report_with(
            NON_EXHAUSTIVE,
            &[(
                "        id: {type: string}\n",
                "        id: {type: string, nullable: true}\n"
            )]
        )
        .1,
        Bump::Major
    );
}

#[test]
fn a_field_becoming_required_is_breaking() {
    let (lines, bump) = report(&[("      required: [name]\n", "      required: []\n")]);
    assert_eq!(
        lines,
        [
            "breaking: `TaskInput::name` is now `Option<String>` (was `String`): code that sets it must wrap the value in `Some`",
            "breaking: `TaskInput::new` no longer takes `name` (optional now, set by `with_name`); every call must change to `TaskInput::new()`",
        ]
    );
    assert_eq!(bump, Bump::Major);

    let (lines, _) = report(&[("      required: [id]\n", "      required: [id, modified]\n")]);
    assert_eq!(
        lines,
        [
            "breaking: `Task::modified` is now `DateTime<Utc>` (was `Option<DateTime<Utc>>`): code that reads it no longer gets an `Option`",
            "breaking: `Task::new` takes `modified: DateTime<Utc>` (new); every call must change to `Task::new(id, modified)`",
            "breaking: `Task` no longer implements `Default` (a field has no default now): `Task::default()` and `..Default::default()` no longer compile",
        ]
    );
}

#[test]
fn a_field_required_and_nullable_keeps_its_type_and_changes_only_the_wire() {
    let (lines, bump) = report(&[
        ("      required: [id]\n", "      required: [id, modified]\n"),
        (
            "        modified: {type: string, format: date-time}\n",
            "        modified: {type: string, format: date-time, nullable: true}\n",
        ),
    ]);
    assert_eq!(
        lines,
        [
            "none: `Task::modified` is now required in the JSON; `None` is now sent as `null` instead of being left out; its Rust type is unchanged"
        ]
    );
    assert_eq!(bump, Bump::Patch);
}

#[test]
fn a_field_changing_type_is_breaking() {
    let (lines, bump) = report(&[(
        "        percentComplete: {type: integer, format: int64}\n",
        "        percentComplete: {type: string}\n",
    )]);
    assert_eq!(
        lines,
        [
            "breaking: `Task::percent_complete` is now `Option<String>` (was `Option<i64>`): code that reads or sets it must change"
        ]
    );
    assert_eq!(bump, Bump::Major);
}

#[test]
fn removing_a_field_is_breaking() {
    let (lines, _) = report(&[(
        "        percentComplete: {type: integer, format: int64}\n",
        "",
    )]);
    assert_eq!(
        lines,
        [
            "breaking: `Task::percent_complete` is gone: code that reads or sets it no longer compiles"
        ]
    );
}

#[test]
fn adding_an_enum_value_breaks_exhaustive_enums_only() {
    let edit = [(
        "      enum: [RUNNING, DONE]\n",
        "      enum: [RUNNING, DONE, ERROR]\n",
    )];
    let (lines, bump) = report_with(PLAIN, &edit);
    assert_eq!(
        lines,
        [
            "breaking: `TaskState::Error` is new (`ERROR`): `TaskState` is an exhaustive enum, so `match`es without a wildcard must handle it, and `ERROR` no longer decodes as `TaskState::Unknown`: code that matched `TaskState::Unknown(\"ERROR\")` silently stops matching it"
        ]
    );
    assert_eq!(bump, Bump::Major);
    let (lines, bump) = report(&edit);
    assert_eq!(
        lines,
        [
            "additive: `TaskState::Error` is new (`ERROR`): `TaskState` is `#[non_exhaustive]`, so matches need no change; `ERROR` no longer decodes as `TaskState::Unknown`: code that handled it reached it through a `_` or `TaskState::Unknown` arm (unknown values are opaque, so none matched `ERROR` itself) and now meets `TaskState::Error`"
        ]
    );
    assert_eq!(bump, Bump::Minor);
}

/// A variant renamed through `x-enum-varnames` is one breaking rename, not a value gone and a
/// value added: the value decodes as before.
#[test]
fn a_variant_renamed_by_x_enum_varnames_is_a_rename() {
    let (lines, bump) = report(&[(
        "      enum: [RUNNING, DONE]\n",
        "      enum: [RUNNING, DONE]\n      x-enum-varnames: [Running, Finished]\n",
    )]);
    assert_eq!(
        lines,
        [
            "breaking: `TaskState::Done` is now `TaskState::Finished`, for the same value `DONE`: code that names it no longer compiles; decoding is unchanged"
        ]
    );
    assert_eq!(bump, Bump::Major);
}

/// An integer enum (a `oneOf` of titled integer constants) is classified as a string enum is.
#[test]
fn integer_enum_values_are_classified_as_string_enum_values() {
    let integers = |values: &[(i64, &str)]| {
        let alternatives: String = values
            .iter()
            .map(|(value, title)| format!("        - {{enum: [{value}], title: {title}}}\n"))
            .collect();
        format!("      type: integer\n      oneOf:\n{alternatives}")
    };
    let before = integers(&[(0, "RUNNING"), (1, "DONE")]);
    let after = integers(&[(0, "RUNNING"), (1, "DONE"), (2, "ERROR")]);
    let base = edited(&[("      type: string\n      enum: [RUNNING, DONE]\n", &before)]);
    let grown = base.replacen(&before, &after, 1);
    let changes = compare_with_shape(&lower(&base), &lower(&grown), GeneratedShape::CURRENT);
    let lines: Vec<String> = changes
        .changes()
        .map(|change| format!("{}: {}", change.impact.as_str(), change.reason))
        .collect();
    assert_eq!(
        lines,
        [
            "additive: `TaskState::Error` is new (`2`): `TaskState` is `#[non_exhaustive]`, so matches need no change; `2` no longer decodes as `TaskState::Unknown`: code that handled it reached it through a `_` or `TaskState::Unknown` arm (unknown values are opaque, so none matched `2` itself) and now meets `TaskState::Error`"
        ]
    );
    assert_eq!(changes.semver(), Bump::Minor);
    let shrunk = base.replacen(&before, &integers(&[(0, "RUNNING")]), 1);
    let changes = compare_with_shape(&lower(&base), &lower(&shrunk), GeneratedShape::CURRENT);
    assert_eq!(changes.semver(), Bump::Major);
}

#[test]
fn removing_an_enum_value_is_breaking() {
    let (lines, bump) = report(&[("      enum: [RUNNING, DONE]\n", "      enum: [RUNNING]\n")]);
    assert_eq!(
        lines,
        [
            "breaking: `TaskState::Done` is gone (`DONE` is no longer listed): code that names it no longer compiles, and `DONE` now decodes as `TaskState::Unknown`"
        ]
    );
    assert_eq!(bump, Bump::Major);
    assert_eq!(
        report_with(
            NON_EXHAUSTIVE,
            &[("      enum: [RUNNING, DONE]\n", "      enum: [RUNNING]\n")]
        )
        .1,
        Bump::Major
    );
}

const CONFLICT: &str = r#"        '409':
          description: conflict
          content:
            application/json:
              schema: {$ref: '#/components/schemas/ErrorBody'}
  /tasks/{id}:
"#;

#[test]
fn adding_an_error_status_is_additive_because_error_enums_are_non_exhaustive() {
    let (lines, bump) = report(&[("  /tasks/{id}:\n", CONFLICT)]);
    assert_eq!(
        lines,
        [
            "additive: `CreateTaskError::Conflict` is new (status 409): `CreateTaskError` is `#[non_exhaustive]`, so matches need no change; that status was `Error::UnexpectedStatus`"
        ]
    );
    assert_eq!(bump, Bump::Minor);
}

#[test]
fn removing_an_error_status_is_breaking() {
    let base = edited(&[("  /tasks/{id}:\n", CONFLICT)]);
    let changes = compare(&lower(&base), &lower(BASE));
    let reasons: Vec<&str> = changes
        .changes()
        .map(|change| change.reason.as_str())
        .collect();
    assert_eq!(
        reasons,
        [
            "`CreateTaskError::Conflict` is gone (status 409 is no longer documented): code that matches it no longer compiles, and that status is now `Error::UnexpectedStatus`"
        ]
    );
    assert_eq!(changes.semver(), Bump::Major);
}

#[test]
fn success_statuses() {
    let accepted = "        '202': {description: queued}\n  /tasks/{id}:\n";
    // Another success status without a body changes the return type to an enum by status.
    let (lines, bump) = report(&[("  /tasks/{id}:\n", accepted)]);
    assert_eq!(
        lines,
        [
            "breaking: `CreateTask::send()` now returns `ApiResponse<CreateTaskSuccess>` (was `ApiResponse<Task>`): code that uses the result must change",
            "none: a 202 response is now a success (it was `Error::UnexpectedStatus`); the return type changed as said",
        ]
    );
    assert_eq!(bump, Bump::Major);

    // An exhaustive success enum by status: one more status is one more variant to match.
    let by_status = edited(&[("  /tasks/{id}:\n", accepted)]);
    let more = by_status.replacen(
        "        '202': {description: queued}\n",
        "        '202': {description: queued}\n        '203': {description: elsewhere}\n",
        1,
    );
    let changes = compare_with_shape(&lower(&by_status), &lower(&more), PLAIN);
    let reasons: Vec<String> = changes
        .changes()
        .map(|change| format!("{}: {}", change.impact.as_str(), change.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            "breaking: `CreateTaskSuccess::NonAuthoritativeInformation` is new (status 203): `CreateTaskSuccess` is an exhaustive enum, so `match`es on it must handle the new variant"
        ]
    );
    // As generated, success enums are `#[non_exhaustive]`: the new variant is additive.
    let changes = compare(&lower(&by_status), &lower(&more));
    let reasons: Vec<String> = changes
        .changes()
        .map(|change| format!("{}: {}", change.impact.as_str(), change.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            "additive: `CreateTaskSuccess::NonAuthoritativeInformation` is new (status 203): `CreateTaskSuccess` is `#[non_exhaustive]`, so matches need no change"
        ]
    );
    assert_eq!(changes.semver(), Bump::Minor);

    // A documented success status that goes away is a run-time failure where there was none.
    let with_two = edited(&[(
        "        '201':\n          description: created\n",
        "        '200':\n          description: ok\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Task'}\n        '201':\n          description: created\n",
    )]);
    let changes = compare(&lower(&with_two), &lower(BASE));
    let reasons: Vec<String> = changes
        .changes()
        .map(|change| format!("{}: {}", change.impact.as_str(), change.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            "breaking: a 200 response is no longer documented, so `CreateTask::send()` now returns `Error::UnexpectedStatus` for it: code that counted on it succeeding fails at run time"
        ]
    );
}

/// `BASE` with `deleteTask`, which documents no success: any 2XX succeeds, as bytes.
fn with_undocumented_success() -> String {
    edited(&[(
        "components:\n",
        "    delete:\n      operationId: deleteTask\n      parameters:\n        - {name: id, in: path, required: true, schema: {type: string}}\n      responses:\n        '404':\n          description: not found\ncomponents:\n",
    )])
}

/// [`with_undocumented_success`] with `responses` documented before `deleteTask`'s 404.
fn with_success_documented(responses: &str) -> String {
    let not_found = "        '404':\n          description: not found\ncomponents:";
    edited_from(
        &with_undocumented_success(),
        &[(not_found, &format!("{responses}{not_found}"))],
    )
}

#[test]
fn documenting_a_success_where_there_was_none() {
    let undocumented = lower(&with_undocumented_success());
    // A 204: another return type, and any other 2XX no longer succeeds.
    let no_content = with_success_documented("        '204':\n          description: deleted\n");
    let changes = compare(&undocumented, &lower(&no_content));
    assert_eq!(
        lines(&changes),
        [
            "breaking: `DeleteTask::send()` now returns `ApiResponse<()>` (was `ApiResponse<Bytes>`): code that uses the result must change",
            "breaking: the success is now documented as status 204, where the document described none and any 2XX succeeded: another 2XX is now `Error::UnexpectedStatus`, so code that counted on it succeeding fails at run time",
            "none: its `Accept` header is now `not sent` (was `*/*`); its Rust API is unchanged",
        ]
    );
    assert_eq!(changes.semver(), Bump::Major);
    // Any 2XX as bytes, as before: the same type and the same statuses.
    let any_bytes = with_success_documented(
        "        2XX:\n          description: deleted\n          content:\n            application/octet-stream: {}\n",
    );
    let changes = compare(&undocumented, &lower(&any_bytes));
    assert_eq!(
        lines(&changes),
        [
            "none: the success is now documented as status 2XX, where the document described none and any 2XX succeeded: the same statuses succeed",
            "none: its `Accept` header is now `application/octet-stream` (was `*/*`); its Rust API is unchanged",
        ]
    );
    assert_eq!(changes.semver(), Bump::Patch);
    // The other way: a success that stops being documented.
    let changes = compare(&lower(&no_content), &undocumented);
    assert_eq!(
        lines(&changes),
        [
            "breaking: `DeleteTask::send()` now returns `ApiResponse<Bytes>` (was `ApiResponse<()>`): code that uses the result must change",
            "none: the document no longer describes a success, so any 2XX now succeeds, with its body as it came",
            "none: its `Accept` header is now `*/*` (was `not sent`); its Rust API is unchanged",
        ]
    );
}

#[test]
fn renaming_a_schema_is_breaking_and_named_as_a_likely_rename() {
    let text = BASE
        .replace(
            "#/components/schemas/ErrorBody",
            "#/components/schemas/ApiError",
        )
        .replace("    ErrorBody:\n", "    ApiError:\n");
    let changes = compare(&lower(BASE), &lower(&text));
    let reasons: Vec<String> = changes
        .changes()
        .map(|change| format!("{}: {}", change.impact.as_str(), change.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            "breaking: `GetTaskError::NotFound` now holds `ApiResponse<ApiError>` (was `ApiResponse<ErrorBody>`): code that reads its body must change",
            "breaking: `ListTasksError::BadRequest` now holds `ApiResponse<ApiError>` (was `ApiResponse<ErrorBody>`): code that reads its body must change",
            "additive: `ApiError` is new: a struct",
            "breaking: `ErrorBody` is gone: code that names it no longer compiles; it looks renamed to `ApiError` (the same shape), which is a new name to use",
        ]
    );
    assert_eq!(changes.semver(), Bump::Major);
}

#[test]
fn a_description_only_change_asks_for_a_patch() {
    let (lines, bump) = report(&[
        (
            "      description: A background task.\n",
            "      description: A task run in the background.\n",
        ),
        (
            "      description: Lists tasks.\n",
            "      description: Lists every task.\n",
        ),
        (
            "        id: {type: string}\n",
            "        id: {type: string, description: The task's id.}\n",
        ),
    ]);
    assert_eq!(
        lines,
        [
            "none: the documentation of `Api::list_tasks` changed",
            "none: the documentation of `Task::id` changed",
            "none: the documentation of `Task` changed",
        ]
    );
    assert_eq!(bump, Bump::Patch);
}

#[test]
fn deprecation_is_additive_because_it_warns() {
    let (lines, bump) = report(&[
        (
            "      operationId: getTask\n",
            "      operationId: getTask\n      deprecated: true\n",
        ),
        (
            "{name: limit, in: query, schema:",
            "{name: limit, in: query, deprecated: true, schema:",
        ),
    ]);
    assert_eq!(
        lines,
        [
            "additive: `Api::get_task` is now `#[deprecated]`: calls of it warn (and fail to build under `-D warnings`)",
            "additive: `ListTasks::limit()` is now `#[deprecated]`: code that sets it warns (and fails to build under `-D warnings`)",
        ]
    );
    assert_eq!(bump, Bump::Minor);
    // A deprecated property has no `#[deprecated]` in the generated struct: nothing changes.
    let (lines, bump) = report(&[(
        "        percentComplete: {type: integer, format: int64}\n",
        "        percentComplete: {type: integer, format: int64, deprecated: true}\n",
    )]);
    assert_eq!(
        lines,
        [
            "none: the spec now marks `Task::percent_complete` deprecated; the generated field carries no `#[deprecated]`"
        ]
    );
    assert_eq!(bump, Bump::Patch);
}

#[test]
fn request_bodies() {
    let (lines, _) = report(&[(
        "      requestBody:\n        required: true\n",
        "      requestBody:\n        required: false\n",
    )]);
    assert_eq!(
        lines,
        [
            "breaking: `body` is no longer an argument of `Api::create_task` but the setter `CreateTask::body()` (the request body is now optional): every call must drop the argument"
        ]
    );
    let (lines, _) = report(&[(
        "            schema: {$ref: '#/components/schemas/TaskInput'}\n",
        "            schema: {$ref: '#/components/schemas/Task'}\n",
    )]);
    assert_eq!(
        lines[0],
        "breaking: the request body is now `Task` (was `TaskInput`): code that builds it must change"
    );
}

#[test]
fn pagination_and_success_types() {
    // Without `offset` the list no longer pages: `stream()` goes.
    let (lines, bump) = report(&[(
        "        - {name: offset, in: query, schema: {type: integer, format: int32}}\n",
        "",
    )]);
    assert_eq!(
        lines,
        [
            "breaking: `ListTasks::offset()` is gone (the optional query parameter `offset` was removed): code that sets it no longer compiles",
            "breaking: `ListTasks::stream()` is gone (the operation no longer pages with `limit` and `offset`): code that calls it no longer compiles",
        ]
    );
    assert_eq!(bump, Bump::Major);
}

#[test]
fn wire_only_changes_have_no_effect_on_the_rust_api() {
    let (lines, bump) = report(&[("  /tasks/{id}:\n", "  /task/{id}:\n")]);
    assert_eq!(
        lines,
        [
            "none: it is now sent as `GET /task/{id}` (was `GET /tasks/{id}`); its Rust API is unchanged"
        ]
    );
    assert_eq!(bump, Bump::Patch);
}

#[test]
fn losing_eq_is_breaking() {
    let (lines, _) = report(&[(
        "        percentComplete: {type: integer, format: int64}\n",
        "        percentComplete: {type: number}\n",
    )]);
    assert_eq!(
        lines,
        [
            "breaking: `Task::percent_complete` is now `Option<f64>` (was `Option<i64>`): code that reads or sets it must change",
            "breaking: `Task` no longer implements `Eq` (it now holds a float or a JSON value): code that needs `Task: Eq` no longer compiles",
        ]
    );
}

#[test]
fn modules_are_paired_by_name() {
    let old = lower(BASE);
    let mut new = lower(BASE);
    new[0].module = "v2".into();
    new[0].handle_method = "v2".into();
    let changes = compare(&old, &new);
    let reasons: Vec<String> = changes
        .changes()
        .map(|change| format!("{}: {}", change.impact.as_str(), change.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            "breaking: the module `v1` is gone, and with it `Client::v1()` and every operation and model of Tasks: code that uses any of them no longer compiles",
            "additive: the module `v2` is new: `Client::v2()` gives 3 operation(s) of Tasks",
        ]
    );
}

#[test]
fn the_markdown_groups_by_module_operation_and_model_and_ends_with_the_bump() {
    let changes = compare(
        &lower(BASE),
        &lower(&edited(&[
            (
                "      enum: [RUNNING, DONE]\n",
                "      enum: [RUNNING, DONE, ERROR]\n",
            ),
            ("components:\n", NEW_OPERATION),
        ])),
    );
    assert_eq!(
        changes.markdown(),
        "# API changes

0 breaking, 2 additive, 0 with no effect on the Rust API (documentation, or the wire only).

Judged against the generated crate as it is: models are `#[non_exhaustive]` structs built by a constructor taking their required fields; string enums are `#[non_exhaustive]`; `oneOf` enums are `#[non_exhaustive]`; success enums are `#[non_exhaustive]`; error enums are `#[non_exhaustive]`.

## Module `v1`

### Operations

#### `cancelTask` (`Api::cancel_task`) (added)

- **additive**: `Api::cancel_task` is new: `POST /tasks/{id}/cancel`

### Models

#### `TaskState` (changed)

- **additive**: `TaskState::Error` is new (`ERROR`): `TaskState` is `#[non_exhaustive]`, so matches need no change; `ERROR` no longer decodes as `TaskState::Unknown`: code that handled it reached it through a `_` or `TaskState::Unknown` arm (unknown values are opaque, so none matched `ERROR` itself) and now meets `TaskState::Error`

semver: minor
"
    );
    let section = changes.markdown_at_level(3);
    assert!(section.starts_with("0 breaking"), "{section}");
    assert!(section.contains("\n### Module `v1`\n"), "{section}");
    assert!(
        section.contains("\n##### `TaskState` (changed)\n"),
        "{section}"
    );
}

#[test]
fn the_next_version_follows_cargo() {
    assert_eq!(Bump::Major.next_version("0.1.0").as_deref(), Ok("0.2.0"));
    assert_eq!(Bump::Minor.next_version("0.1.0").as_deref(), Ok("0.1.1"));
    assert_eq!(Bump::Patch.next_version("0.1.3").as_deref(), Ok("0.1.4"));
    assert_eq!(Bump::Major.next_version("1.4.2").as_deref(), Ok("2.0.0"));
    assert_eq!(Bump::Minor.next_version("1.4.2").as_deref(), Ok("1.5.0"));
    assert_eq!(Bump::Patch.next_version("1.4.2").as_deref(), Ok("1.4.3"));
    assert_eq!(
        Bump::Patch.next_version("1.0"),
        Err("`1.0` is not a MAJOR.MINOR.PATCH version".to_owned())
    );
}

#[test]
fn a_parameter_changing_role_and_type_is_one_breaking_change() {
    let (lines, _) = report(&[(
        "{name: limit, in: query, schema: {type: integer, format: int32}}",
        "{name: limit, in: query, required: true, schema: {type: string}}",
    )]);
    assert_eq!(
        lines,
        [
            "breaking: `Api::list_tasks` takes a new argument `limit: String` (the query parameter `limit` is now required), and `ListTasks::limit()` is gone: every call must pass it",
            "breaking: `ListTasks::stream()` is gone (the operation no longer pages with `limit` and `offset`): code that calls it no longer compiles",
        ]
    );
}

#[test]
fn arguments_in_a_new_order_are_breaking() {
    let two = |first: &str, second: &str| {
        edited(&[(
            "        - {name: id, in: path, required: true, schema: {type: string}}\n",
            &format!(
                "        - {{name: id, in: path, required: true, schema: {{type: string}}}}\n        - {{name: {first}, in: query, required: true, schema: {{type: string}}}}\n        - {{name: {second}, in: query, required: true, schema: {{type: string}}}}\n"
            ),
        )])
    };
    let changes = compare(&lower(&two("owner", "kind")), &lower(&two("kind", "owner")));
    let reasons: Vec<&str> = changes
        .changes()
        .map(|change| change.reason.as_str())
        .collect();
    assert_eq!(
        reasons,
        [
            "`Api::get_task` takes its arguments in a new order (`id`, `kind`, `owner`; was `id`, `owner`, `kind`): calls that pass them in the old order pass the wrong values, or no longer compile"
        ]
    );
    assert_eq!(changes.semver(), Bump::Major);
}

#[test]
fn a_parameter_moving_on_the_wire_keeps_its_rust_api() {
    let (lines, bump) = report(&[(
        "{name: X-Experimental, in: header,",
        "{name: x-experimental, in: query,",
    )]);
    assert_eq!(
        lines,
        [
            "none: `x_experimental` is now sent as the required query parameter `x-experimental` (was the required header `X-Experimental`); its Rust API is unchanged"
        ]
    );
    assert_eq!(bump, Bump::Patch);
}

#[test]
fn a_parameter_written_in_another_style_keeps_its_rust_api() {
    let (lines, bump) = report(&[(
        "        - {name: id, in: path, required: true, schema: {type: string}}",
        "        - {name: id, in: path, required: true, style: matrix, schema: {type: string}}",
    )]);
    assert_eq!(
        lines,
        [
            "none: `id` is now written with `style: matrix` (was with `style: simple`); its Rust API is unchanged"
        ]
    );
    assert_eq!(bump, Bump::Patch);
}

#[test]
fn an_optional_request_body_is_additive_and_a_required_one_breaking() {
    let body = |required: bool| {
        edited(&[(
            "      operationId: getTask\n",
            &format!(
                "      operationId: getTask\n      requestBody:\n        required: {required}\n        content:\n          application/json:\n            schema: {{$ref: '#/components/schemas/TaskInput'}}\n"
            ),
        )])
    };
    let changes = compare(&lower(BASE), &lower(&body(false)));
    let reasons: Vec<String> = changes
        .changes()
        .map(|change| format!("{}: {}", change.impact.as_str(), change.reason))
        .collect();
    assert_eq!(
        reasons,
        ["additive: `GetTask::body()` is new (an optional request body of `TaskInput`)"]
    );
    let changes = compare(&lower(BASE), &lower(&body(true)));
    let reasons: Vec<String> = changes
        .changes()
        .map(|change| format!("{}: {}", change.impact.as_str(), change.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            "breaking: `Api::get_task` takes a new argument `body: TaskInput` (a required request body): every call must pass it"
        ]
    );
}

#[test]
fn a_one_of_alternative_added_breaks_only_an_exhaustive_enum() {
    let one_of = |alternatives: &str| {
        edited(&[(
            "    TaskState:\n",
            &format!("    Target:\n      oneOf: [{alternatives}]\n    TaskState:\n"),
        )])
    };
    let old =
        one_of("{$ref: '#/components/schemas/Task'}, {$ref: '#/components/schemas/ErrorBody'}");
    let new = one_of(
        "{$ref: '#/components/schemas/Task'}, {$ref: '#/components/schemas/ErrorBody'}, {$ref: '#/components/schemas/TaskInput'}",
    );
    let changes = compare_with_shape(&lower(&old), &lower(&new), PLAIN);
    let reasons: Vec<String> = changes
        .changes()
        .map(|change| format!("{}: {}", change.impact.as_str(), change.reason))
        .collect();
    assert_eq!(
        reasons,
        [
            "breaking: `Target::TaskInput(TaskInput)` is new: `Target` is an exhaustive enum, so `match`es without a wildcard must handle it"
        ]
    );
    let changes = compare(&lower(&old), &lower(&new));
    assert_eq!(changes.semver(), Bump::Minor);
}

#[test]
fn removing_a_required_field_says_the_constructor_lost_its_argument() {
    let (lines, bump) = report(&[(
        "      required: [name]\n      properties:\n        name: {type: string}\n",
        "      properties:\n        note: {type: string}\n",
    )]);
    assert!(
        lines.contains(
            &"breaking: `TaskInput::name` is gone: code that reads or sets it no longer compiles"
                .to_owned()
        ),
        "{lines:#?}"
    );
    assert!(
        lines.contains(
            &"breaking: `TaskInput::new` no longer takes `name`; every call must change to `TaskInput::new()`"
                .to_owned()
        ),
        "{lines:#?}"
    );
    assert_eq!(bump, Bump::Major);
}

/// `Task` with three required fields: its constructor takes them by name.
fn three_required() -> [(&'static str, &'static str); 1] {
    [(
        "      required: [id]
",
        "      required: [id, percentComplete, modified]
",
    )]
}

#[test]
fn a_required_field_becoming_optional_names_the_constructor_change() {
    // The trial's case: an overlay made one of `TaskStatus`'s ten required fields optional,
    // and the report said the field became an `Option` but not that `new` changed.
    let four = [(
        "      required: [id]\n",
        "      required: [id, state, percentComplete, modified]\n",
    )];
    let old = lower(&edited(&four));
    let new = lower(&edited_from(
        &edited(&four),
        &[(
            "        percentComplete: {type: integer, format: int64}\n",
            "        percentComplete: {type: integer, format: int64, nullable: true}\n",
        )],
    ));
    let changes = compare(&old, &new);
    assert!(
        lines(&changes).contains(&"breaking: `Task::new` no longer takes `percent_complete` (optional now, set by `with_percent_complete`); every call must change to `Task::new(TaskRequired { id, state, modified })`".to_owned()),
        "{:#?}",
        lines(&changes)
    );
    assert_eq!(changes.semver(), Bump::Major);
}

#[test]
fn a_third_required_field_makes_the_constructor_take_its_fields_by_name() {
    let (lines, _) = report(&[(
        "      required: [id]
",
        "      required: [id, modified]
",
    )]);
    assert!(
        lines.contains(&"breaking: `Task::new` takes `modified: DateTime<Utc>` (new); every call must change to `Task::new(id, modified)`".to_owned()),
        "{lines:#?}"
    );
    let (lines, _) = report(&three_required());
    assert!(
        lines.contains(&"breaking: `Task::new` takes `percent_complete: i64` (new); takes `modified: DateTime<Utc>` (new); takes its fields by name, in a `TaskRequired`, since it takes three or more; every call must change to `Task::new(TaskRequired { id, percent_complete, modified })`".to_owned()),
        "{lines:#?}"
    );
}

#[test]
fn an_optional_field_added_leaves_the_constructor_alone() {
    let edit = three_required();
    let base = edited(&edit);
    let old = lower(&base);
    let new = lower(&edited_from(
        &base,
        &[(
            "        modified: {type: string, format: date-time}
",
            "        modified: {type: string, format: date-time}
        launcher: {type: string}
",
        )],
    ));
    let changes = compare(&old, &new);
    assert_eq!(
        lines(&changes),
        [
            "additive: `Task::launcher: Option<String>` is new: `Task` (a response model) is `#[non_exhaustive]`, so code that builds or matches it still compiles"
        ]
    );
    assert_eq!(changes.semver(), Bump::Minor);
}

#[test]
fn renaming_a_path_parameter_in_the_template_changes_nothing_on_the_wire() {
    let (lines, bump) = report(&[
        ("  /tasks/{id}:\n", "  /tasks/{taskId}:\n"),
        (
            "        - {name: id, in: path,",
            "        - {name: taskId, in: path,",
        ),
    ]);
    assert!(
        lines.contains(&"none: its path template is now `/tasks/{taskId}` (was `/tasks/{id}`): only the names of its parameters changed, so the request on the wire is the same".to_owned()),
        "{lines:#?}"
    );
    assert!(
        !lines.iter().any(|line| line.contains("now sent as `GET")),
        "{lines:#?}"
    );
    let _ = bump;
}

#[test]
fn a_status_variants_new_payload_or_media_type_names_the_variant() {
    let by_status = edited(&[(
        "        '201':\n          description: created\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Task'}\n",
        "        '201':\n          description: created\n          content:\n            application/json:\n              schema: {$ref: '#/components/schemas/Task'}\n        '202': {description: queued}\n",
    )]);
    let compare_to = |edits: &[(&str, &str)]| {
        lines(&compare(
            &lower(&by_status),
            &lower(&edited_from(&by_status, edits)),
        ))
    };
    assert_eq!(
        compare_to(&[(
            "              schema: {$ref: '#/components/schemas/Task'}\n        '202'",
            "              schema: {$ref: '#/components/schemas/ErrorBody'}\n        '202'"
        )]),
        [
            "breaking: `CreateTaskSuccess::Created` now holds `ErrorBody` (was `Task`): code that reads it must change"
        ]
    );
    assert_eq!(
        compare_to(&[(
            "            application/json:\n              schema: {$ref: '#/components/schemas/Task'}\n        '202'",
            "            application/vnd.tasks+json:\n              schema: {$ref: '#/components/schemas/Task'}\n        '202'"
        )]),
        [
            "none: the body of status 201 now comes as application/vnd.tasks+json (was application/json); its Rust type is unchanged",
            "none: its `Accept` header is now `application/vnd.tasks+json` (was `application/json`); its Rust API is unchanged"
        ]
    );
    assert_eq!(
        compare_to(&[(
            "        '404':\n          description: not found\n          content:\n            application/json:",
            "        '404':\n          description: not found\n          content:\n            application/problem+json:"
        )]),
        [
            "none: the body of `GetTaskError::NotFound` now comes as application/problem+json (was application/json); its Rust type is unchanged",
            "none: its `Accept` header is now `application/json, application/problem+json` (was `application/json`); its Rust API is unchanged"
        ]
    );
}
