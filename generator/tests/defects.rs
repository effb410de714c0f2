//! Defects confined to one operation or one property never sink a document: each fixture in
//! `tests/defects/` holds one class of them beside healthy operations, and the report must say
//! exactly what was skipped or repaired and where (file and JSON pointer), while the healthy
//! operations are still generated. Defects of the whole document still refuse it.

#![allow(
    clippy::unwrap_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

use std::collections::BTreeMap;
use std::path::Path;

use sailpoint_codegen::{Generation, Settings, SpecInput, generate, generate_with_files};

fn settings() -> Settings {
    Settings {
        package_name: "defects".into(),
        package_version: "0.0.0".into(),
        generated_by: "test".into(),
        ..Settings::default()
    }
}

/// The text of a file under the crate's directory, by its relative path.
fn read(relative: &str) -> String {
    std::fs::read_to_string(Path::new(env!("CARGO_MANIFEST_DIR")).join(relative))
        .unwrap_or_else(|error| panic!("{relative}: {error}"))
}

/// Generates `tests/defects/<name>.yaml` into the module `name`.
fn generate_fixture(name: &str) -> Generation {
    let file = format!("tests/defects/{name}.yaml");
    let input = SpecInput {
        contents: read(&file),
        file,
        module: Some(name.to_owned()),
        overlays: Vec::new(),
    };
    generate(&[input], &settings()).unwrap_or_else(|error| panic!("{name}: {error}"))
}

/// Every line of the report's summary: the counts, then each skipped operation and warning.
fn summary(generation: &Generation) -> Vec<String> {
    generation
        .report
        .summary()
        .lines()
        .map(str::to_owned)
        .collect()
}

/// The operations the report lists as generated, as `operationId: request`.
fn generated(generation: &Generation) -> Vec<String> {
    generation.report.modules[0]
        .generated
        .iter()
        .map(|operation| format!("{}: {}", operation.operation_id, operation.request))
        .collect()
}

/// The contents of one generated file.
fn file<'g>(generation: &'g Generation, path: &str) -> &'g str {
    generation
        .files
        .iter()
        .find(|file| file.path == path)
        .map(|file| file.contents.as_str())
        .unwrap_or_else(|| panic!("no generated file {path}"))
}

/// The operation methods of the module's handle in `src/<module>/mod.rs`, in order.
fn methods(generation: &Generation, module: &str) -> Vec<String> {
    file(generation, &format!("src/{module}/mod.rs"))
        .lines()
        .filter_map(|line| line.trim_start().strip_prefix("pub fn "))
        .filter(|rest| rest.contains("(&self"))
        .filter_map(|rest| rest.split('(').next())
        .filter(|name| *name != module)
        .map(str::to_owned)
        .collect()
}

/// Whether the generated builder of `operation_id` sends the client's bearer token: the
/// second argument of the `OperationRequest::of(&self, ...)` call after its endpoint.
fn authenticated(builders: &str, operation_id: &str) -> bool {
    let endpoint = format!("Endpoint::new(\n        \"{operation_id}\",");
    let at = builders
        .find(&endpoint)
        .unwrap_or_else(|| panic!("no endpoint for {operation_id} in:\n{builders}"));
    let call = "OperationRequest::of(";
    let after = &builders[at..];
    let after = &after[after.find(call).unwrap() + call.len()..];
    let arguments: String = after[..after.find(')').unwrap()]
        .chars()
        .filter(|ch| !ch.is_whitespace())
        .collect();
    match arguments.trim_start_matches("&self,").trim_end_matches(',') {
        "true" => true,
        "false" => false,
        other => panic!("unexpected argument {other:?} for {operation_id}"),
    }
}

#[test]
fn an_undefined_security_scheme_is_a_warning_and_the_operation_sends_the_bearer_token() {
    let generation = generate_fixture("undefined_security_scheme");
    assert_eq!(
        summary(&generation),
        [
            "undefined_security_scheme: 3 of 3 operations generated, 0 skipped, 1 warning",
            "warning: tests/defects/undefined_security_scheme.yaml#/paths/~1tickets/get/security/0/ticketAuth: the security requirement names `ticketAuth`, which `components.securitySchemes` does not define; the operation sends the client's bearer token",
        ]
    );
    assert_eq!(
        generated(&generation),
        [
            "listTickets: GET /tickets",
            "getStatus: GET /status",
            "getProfile: GET /profile",
        ]
    );
    assert_eq!(
        methods(&generation, "undefined_security_scheme"),
        ["list_tickets", "get_status", "get_profile"]
    );
    let builders = file(&generation, "src/undefined_security_scheme/builders.rs");
    assert!(authenticated(builders, "listTickets"));
    assert!(authenticated(builders, "getProfile"));
    assert!(!authenticated(builders, "getStatus"));
}

#[test]
fn path_parameters_the_template_cannot_place_cost_themselves_and_unfillable_slots_the_operation() {
    let generation = generate_fixture("path_parameter_mismatch");
    assert_eq!(
        summary(&generation),
        [
            "path_parameter_mismatch: 3 of 4 operations generated, 1 skipped, 2 warnings",
            "skipped: getPair (GET /pairs/{x}/{y}): tests/defects/path_parameter_mismatch.yaml#/paths/~1pairs~1{x}~1{y}/get: path template `/pairs/{x}/{y}` names `x`, which is not a declared path parameter; and at `#/paths/~1pairs~1{x}~1{y}/get`: path template `/pairs/{x}/{y}` names `y`, which is not a declared path parameter",
            "warning: tests/defects/path_parameter_mismatch.yaml#/paths/~1items~1{id}/get: the path template `/items/{id}` names `id`, but the operation declares the path parameter `itemId` instead; `itemId` fills that slot",
            "warning: tests/defects/path_parameter_mismatch.yaml#/paths/~1things/get/parameters/0: path parameter `thingId` does not appear in the path template `/things`, so nothing can send it; it is left out, and the operation is generated without it",
        ]
    );
    assert_eq!(
        generated(&generation),
        [
            "getItem: GET /items/{id}",
            "listItems: GET /items",
            "listThings: GET /things"
        ]
    );
    assert_eq!(
        methods(&generation, "path_parameter_mismatch"),
        ["get_item", "list_items", "list_things"]
    );
    let builders = file(&generation, "src/path_parameter_mismatch/builders.rs");
    let get_item = &builders[builders
        .find("        \"/items/{itemId}\",\n    );\n")
        .unwrap()..];
    let get_item = &get_item[..get_item.find("request.accept").unwrap_or(get_item.len())];
    assert!(
        get_item.contains("        request.path_param(\"itemId\", &self.item_id);\n"),
        "{builders}"
    );
    let module = file(&generation, "src/path_parameter_mismatch/mod.rs");
    assert!(
        module.contains("    pub fn list_things(&self) -> builders::ListThings {\n"),
        "{module}"
    );
    assert!(!builders.contains("thing_id"), "{builders}");
}

#[test]
fn required_written_on_a_property_is_moved_to_the_schema_with_a_warning() {
    let generation = generate_fixture("required_on_property");
    assert_eq!(
        summary(&generation),
        [
            "required_on_property: 2 of 2 operations generated, 0 skipped, 2 warnings",
            "warning: tests/defects/required_on_property.yaml#/components/schemas/Widget/properties/label/required: `required: false` on a property is not OpenAPI 3.0 (a property is optional unless its schema's `required` list names it); removed",
            "warning: tests/defects/required_on_property.yaml#/components/schemas/Widget/properties/serial/required: `required: true` on a property is not OpenAPI 3.0; `serial` was added to the enclosing schema's `required` list instead",
        ]
    );
    assert_eq!(
        generated(&generation),
        [
            "listWidgets: GET /widgets",
            "countWidgets: GET /widgets/count",
        ]
    );
    assert_eq!(
        methods(&generation, "required_on_property"),
        ["list_widgets", "count_widgets"]
    );
    let models = file(&generation, "src/required_on_property/models.rs");
    for field in [
        "    pub serial: String,\n",
        "    pub label: Option<String>,\n",
        "    pub color: Option<String>,\n",
    ] {
        assert!(models.contains(field), "{field:?} in:\n{models}");
    }
}

#[test]
fn a_property_schema_that_cannot_be_read_becomes_any_json_value() {
    let generation = generate_fixture("unreadable_property_schema");
    assert_eq!(
        summary(&generation),
        [
            "unreadable_property_schema: 2 of 2 operations generated, 0 skipped, 4 warnings",
            "warning: tests/defects/unreadable_property_schema.yaml#/components/schemas/Gadget/properties/owner/$ref: reference `#/components/responses/Owner` should point into `#/components/schemas/`; the property `owner` is read as any JSON value (`serde_json::Value`) instead",
            "warning: tests/defects/unreadable_property_schema.yaml#/components/schemas/Gadget/properties/settings: this is not a schema: invalid type: integer `5`, expected a map; the schema is read as any JSON value (`serde_json::Value`) instead",
            "warning: tests/defects/unreadable_property_schema.yaml#/components/schemas/Gadget/properties/size/allOf/1: `allOf` combines a scalar (this part) with an object at /components/schemas/Gadget/properties/size/allOf/0; no value can be both; the property `size` is read as any JSON value (`serde_json::Value`) instead",
            "warning: tests/defects/unreadable_property_schema.yaml#/components/schemas/Gadget/properties/tags/items: this is not a schema: invalid type: string \"yes\", expected a sequence; the schema is read as any JSON value (`serde_json::Value`) instead",
        ]
    );
    assert_eq!(
        generated(&generation),
        [
            "listGadgets: GET /gadgets",
            "deleteGadget: DELETE /gadgets/{id}"
        ]
    );
    assert_eq!(
        methods(&generation, "unreadable_property_schema"),
        ["list_gadgets", "delete_gadget"]
    );
    let models = file(&generation, "src/unreadable_property_schema/models.rs");
    for field in [
        "pub struct Gadget {\n",
        "    pub name: String,\n",
        "    pub tags: Option<Vec<serde_json::Value>>,\n",
        "    pub settings: Option<serde_json::Value>,\n",
        "    pub weight: Option<f64>,\n",
        "    pub owner: Option<serde_json::Value>,\n",
        "    pub size: Option<serde_json::Value>,\n",
    ] {
        assert!(models.contains(field), "{field:?} in:\n{models}");
    }
}

#[test]
fn an_operation_that_cannot_be_read_is_skipped_at_the_place_that_fails() {
    let generation = generate_fixture("unreadable_operation");
    assert_eq!(
        summary(&generation),
        [
            "unreadable_operation: 1 of 3 operations generated, 2 skipped, 0 warnings",
            "skipped: createUpload (POST /uploads): tests/defects/unreadable_operation.yaml#/paths/~1uploads/post/parameters/0/in: the operation cannot be read: unknown parameter location `body`; expected path, query, header or cookie (that is Swagger 2.0; OpenAPI 3.0 puts bodies in `requestBody`)",
            "skipped: getUpload (GET /uploads/{id}): tests/defects/unreadable_operation.yaml#/paths/~1uploads~1{id}/get/responses/200/headers: the operation cannot be read: this is not a response: invalid type: integer `42`, expected a map",
        ]
    );
    assert_eq!(generated(&generation), ["listUploads: GET /uploads"]);
    assert_eq!(
        methods(&generation, "unreadable_operation"),
        ["list_uploads"]
    );
}

#[test]
fn a_repeated_operation_id_renames_the_later_operation_naming_the_first_generated_one() {
    let generation = generate_fixture("duplicate_operation_id");
    assert_eq!(
        summary(&generation),
        [
            "duplicate_operation_id: 4 of 5 operations generated, 1 skipped, 1 warning",
            "skipped: getReceipt (GET /receipts): tests/defects/duplicate_operation_id.yaml#/paths/~1receipts/get/parameters/0: parameter `where`: values described by `content` in `application/xml` are not supported, only JSON media types; describe it with `schema`",
            "warning: tests/defects/duplicate_operation_id.yaml#/paths/~1archive~1orders/get/operationId: operationId `listOrders` is already used at `tests/defects/duplicate_operation_id.yaml#/paths/~1orders/get`; this operation is generated as `listOrders2`",
        ]
    );
    assert_eq!(
        generated(&generation),
        [
            "listOrders: GET /orders",
            "listOrders2: GET /archive/orders",
            "getOrder: GET /orders/{id}",
            "getReceipt: GET /receipts/by-code/{code}"
        ]
    );
    assert_eq!(
        methods(&generation, "duplicate_operation_id"),
        ["list_orders", "list_orders2", "get_order", "get_receipt"]
    );
    let builders = file(&generation, "src/duplicate_operation_id/builders.rs");
    assert!(
        builders.contains("        \"listOrders2\",\n        reqwest::Method::GET,\n        super::PATH_PREFIX,\n        \"/archive/orders\",\n"),
        "{builders}"
    );
}

#[test]
fn an_operation_with_only_error_responses_is_generated() {
    let generation = generate_fixture("no_success_response");
    assert_eq!(
        summary(&generation),
        ["no_success_response: 2 of 2 operations generated, 0 skipped, 0 warnings"]
    );
    assert_eq!(
        generated(&generation),
        ["listJobs: GET /jobs", "startJob: POST /jobs"]
    );
    assert_eq!(
        methods(&generation, "no_success_response"),
        ["list_jobs", "start_job"]
    );
    let builders = file(&generation, "src/no_success_response/builders.rs");
    assert!(
        builders.contains(
            "    pub fn send(self) -> crate::ResponseFuture<bytes::Bytes, super::StartJobError> {\n"
        ),
        "{builders}"
    );
    let responses = file(&generation, "src/no_success_response/responses.rs");
    for variant in [
        "    BadRequest(Box<crate::ApiResponse<()>>),\n",
        "    InternalServerError(Box<crate::ApiResponse<()>>),\n",
    ] {
        assert!(responses.contains(variant), "{variant:?} in:\n{responses}");
    }
}

#[test]
fn a_media_type_no_header_can_carry_skips_the_operation() {
    let generation = generate_fixture("unsendable_media_type");
    assert_eq!(
        summary(&generation),
        [
            "unsendable_media_type: 1 of 3 operations generated, 2 skipped, 0 warnings",
            "skipped: createNote (POST /notes): tests/defects/unsendable_media_type.yaml#/paths/~1notes/post/requestBody/content/text~1plain; charset=\u{e9}: media type `text/plain; charset=\u{e9}` cannot be sent as a `Content-Type` header",
            "skipped: getLatestNote (GET /notes/latest): tests/defects/unsendable_media_type.yaml#/paths/~1notes~1latest/get/responses/200/content/text~1plain; charset=\u{e9}: media type `text/plain; charset=\u{e9}` cannot be asked for in an `Accept` header",
        ]
    );
    assert_eq!(generated(&generation), ["listNotes: GET /notes"]);
    assert_eq!(
        methods(&generation, "unsendable_media_type"),
        ["list_notes"]
    );
    // The skipped operations are listed in the module's docs, and take no builder or type.
    let module = file(&generation, "src/unsendable_media_type/mod.rs");
    assert!(
        module.contains("//! - `createNote` (`POST /notes`): media type `text/plain; charset=\u{e9}` cannot be sent as a `Content-Type` header\n"),
        "{module}"
    );
    for part in ["builders", "responses", "models"] {
        let contents = file(&generation, &format!("src/unsendable_media_type/{part}.rs"));
        assert!(
            !contents.contains("CreateNote") && !contents.contains("GetLatestNote"),
            "{part}.rs:\n{contents}"
        );
    }
}

/// The files of `tests/defects/<dir>/`, keyed by their paths relative to the crate, as the
/// generator names them.
fn files_of(dir: &str, relative: &[&str]) -> BTreeMap<String, String> {
    relative
        .iter()
        .map(|path| {
            let path = format!("tests/defects/{dir}/{path}");
            let contents = read(&path);
            (path, contents)
        })
        .collect()
}

#[test]
fn a_defect_in_a_referenced_file_is_reported_in_that_file() {
    let files = files_of(
        "multi_file",
        &["openapi.yaml", "paths/items.yaml", "schemas/item.yaml"],
    );
    let entry = "tests/defects/multi_file/openapi.yaml";
    let input = SpecInput {
        file: entry.into(),
        module: Some("multi_file".into()),
        contents: files[entry].clone(),
        overlays: Vec::new(),
    };
    let generation = generate_with_files(&[input], &files, &settings())
        .unwrap_or_else(|error| panic!("{error}"));
    assert_eq!(
        summary(&generation),
        [
            "multi_file: 1 of 2 operations generated, 1 skipped, 1 warning",
            "skipped: createItem (POST /items): tests/defects/multi_file/paths/items.yaml#/post/parameters/0/in: the operation cannot be read: unknown parameter location `body`; expected path, query, header or cookie (that is Swagger 2.0; OpenAPI 3.0 puts bodies in `requestBody`)",
            "warning: tests/defects/multi_file/schemas/item.yaml#/properties/count/required: `required: true` on a property is not OpenAPI 3.0; `count` was added to the enclosing schema's `required` list instead",
        ]
    );
    assert_eq!(generated(&generation), ["listItems: GET /items"]);
    assert_eq!(methods(&generation, "multi_file"), ["list_items"]);
    let report = generation.report.to_markdown();
    assert!(
        report.contains(
            "| `tests/defects/multi_file/schemas/item.yaml#/properties/count/required` |"
        ),
        "{report}"
    );
}

/// The error of generating `entry` from `files`, which must refuse it.
fn refusal(files: &BTreeMap<String, String>, entry: &str) -> String {
    let input = SpecInput {
        file: entry.into(),
        module: Some("refused".into()),
        contents: files[entry].clone(),
        overlays: Vec::new(),
    };
    match generate_with_files(&[input], files, &settings()) {
        Ok(generation) => panic!(
            "expected {entry} to be refused; the report says:\n{}",
            generation.report.summary()
        ),
        Err(error) => error.to_string(),
    }
}

const HEAD: &str = "openapi: 3.0.3\ninfo: {title: t, version: '1'}\n";

#[test]
fn a_reference_to_a_missing_file_refuses_the_document_naming_the_referring_file() {
    let files = BTreeMap::from([
        (
            "specs/openapi.yaml".to_owned(),
            format!("{HEAD}paths:\n  /items:\n    $ref: ./paths/items.yaml\n"),
        ),
        (
            "specs/paths/items.yaml".to_owned(),
            "get:\n  responses:\n    '200':\n      description: ok\n      content:\n        application/json:\n          schema:\n            $ref: ../schemas/missing.yaml\n".to_owned(),
        ),
    ]);
    assert_eq!(
        refusal(&files, "specs/openapi.yaml"),
        "error: specs/paths/items.yaml#/get/responses/200/content/application~1json/schema/$ref: `../schemas/missing.yaml` names `specs/schemas/missing.yaml`, which cannot be read: no such file"
    );
}

#[test]
fn a_url_reference_refuses_the_document_naming_the_referring_file() {
    let files = BTreeMap::from([(
        "specs/openapi.yaml".to_owned(),
        format!(
            "{HEAD}paths:\n  /items:\n    get:\n      responses:\n        '200':\n          $ref: 'https://example.com/responses.yaml#/ok'\n"
        ),
    )]);
    assert_eq!(
        refusal(&files, "specs/openapi.yaml"),
        "error: specs/openapi.yaml#/paths/~1items/get/responses/200/$ref: `https://example.com/responses.yaml#/ok` is a URL; the generator reads local files only, never the network: download the file and refer to it by a relative path"
    );
}

#[test]
fn a_type_that_names_no_json_schema_type_is_a_located_warning() {
    let generation = generate_fixture("unknown_type");
    assert_eq!(
        summary(&generation),
        [
            "unknown_type: 1 of 1 operation generated, 0 skipped, 3 warnings",
            "warning: tests/defects/unknown_type.yaml#/components/schemas/Gadget/properties/shape/type: `type: polygon` is not a JSON Schema type; expected one of string, number, integer, boolean, array, object, null; the schema is read as any JSON value (`serde_json::Value`) instead",
            "warning: tests/defects/unknown_type.yaml#/components/schemas/Gadget/properties/sourceKind/type: `type: strng` is not a JSON Schema type (did you mean `string`?); expected one of string, number, integer, boolean, array, object, null; the schema is read as any JSON value (`serde_json::Value`) instead",
            "warning: tests/defects/unknown_type.yaml#/components/schemas/Gadget/properties/weight/type: `type: Number` is not a JSON Schema type (did you mean `number`?); expected one of string, number, integer, boolean, array, object, null; the schema is read as any JSON value (`serde_json::Value`) instead",
        ]
    );
    assert_eq!(generation.report.lost_types().len(), 3);
    let models = file(&generation, "src/unknown_type/models.rs");
    assert!(
        models.contains("    pub source_kind: Option<serde_json::Value>,\n"),
        "{models}"
    );
}

/// The report of generating `text` (the document `spec.yaml`) as the module `spec`.
fn summary_of(text: &str) -> Vec<String> {
    let input = SpecInput {
        file: "spec.yaml".into(),
        module: Some("spec".into()),
        contents: text.into(),
        overlays: Vec::new(),
    };
    let generation = generate(&[input], &settings()).unwrap_or_else(|error| panic!("{error}"));
    summary(&generation)
}

#[test]
fn a_response_without_description_is_read_with_an_empty_one() {
    assert_eq!(
        summary_of(&format!(
            "{HEAD}paths:\n  /a:\n    post:\n      operationId: makeA\n      responses:\n        '201':\n          content: {{application/json: {{schema: {{type: string}}}}}}\n        '409': {{$ref: '#/components/responses/Conflict'}}\ncomponents:\n  responses:\n    Conflict: {{}}\n"
        )),
        [
            "spec: 1 of 1 operation generated, 0 skipped, 2 warnings",
            "warning: spec.yaml#/components/responses/Conflict: the response has no `description`, which OpenAPI requires; it is read with an empty one",
            "warning: spec.yaml#/paths/~1a/post/responses/201: the response has no `description`, which OpenAPI requires; it is read with an empty one",
        ]
    );
}

#[test]
fn a_document_without_paths_gives_its_models() {
    assert_eq!(
        summary_of(&format!(
            "{HEAD}components:\n  schemas:\n    Pet: {{type: object, properties: {{name: {{type: string}}}}}}\n"
        )),
        [
            "spec: 0 of 0 operations generated, 0 skipped, 1 warning",
            "warning: spec.yaml#/paths: the document has no `paths`, which OpenAPI 3.0 requires; it is read as an API with no operations, and its components are generated",
        ]
    );
}

#[test]
fn x_enum_varnames_names_variants_and_a_list_that_does_not_fit_is_reported() {
    let generation = generate_fixture("enum_varnames");
    assert_eq!(
        summary(&generation),
        [
            "enum_varnames: 1 of 1 operation generated, 0 skipped, 2 warnings",
            "warning: tests/defects/enum_varnames.yaml#/components/schemas/Job/properties/kind/x-enum-varnames: `x-enum-varnames` should be a list of strings; the enum's variants are named after their values",
            "warning: tests/defects/enum_varnames.yaml#/components/schemas/Job/properties/phase/x-enum-varnames: `x-enum-varnames` has 3 names but `enum` has 2 values; the enum's variants are named after their values",
        ]
    );
    let models = file(&generation, "src/enum_varnames/models.rs");
    for variant in [
        "TempError,",
        "Newstate,",
        "Donestate,",
        "Bigjob,",
        "FastMode,",
        "SlowMode,",
    ] {
        assert!(models.contains(variant), "no `{variant}` in\n{models}");
    }
    assert!(!models.contains("Nothing"), "{models}");
}
