//! Spec fidelity: every fact that `spec/task_management/` and `spec/lifecycle_states/` take from
//! SailPoint's published per-resource specs, written down below as data, checked against the
//! specs as the generator loads them.
//!
//! The table [`FACTS`] is what SailPoint's `apis/task-management/` and `apis/lifecycle-states/`
//! (sailpoint-oss/api-specs, commit 81ef79d05e43806f9083f42015a2a359bbd76e1f, folder
//! `idn/apis/`) say: for every operation its `operationId`, method, path, security, each
//! parameter (name, location, schema, required, default, minimum, maximum), the request body
//! (media type, required, schema) and each response status (media type and schema, or no
//! body); for every schema its type, nullability and enum, and each property's type, format,
//! enum values, nullability, required-ness, read-only-ness, default and `uniqueItems`. It was
//! checked against those files once, outside this repository, by a script that derives the same
//! lines from them; this test never reads anything outside `spec/`. The prose (descriptions,
//! summaries) is ours and is not compared.
//!
//! Each line is derived the same way from both sides: a schema in a file of its own is named by
//! the file's stem (`taskstatus`), a schema written in place by where it is
//! (`setLifecycleStateV1.request`, `response:401` for the body of the shared 401 response), an
//! array of schemas as `array<...>`, alternatives as `oneOf(a|b)`, a free-form map as
//! `object{*}`, and a schema with no `type` as `any`.

#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    reason = "a test fails by panicking"
)]

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use sailpoint_codegen::SpecFiles;
use sailpoint_codegen::load::{self, Document};
use serde_json::Value as Json;

/// What SailPoint's per-resource specs say, one fact per line, per module.
const FACTS: &str = r#"
module task_management
document servers=https://{tenant}.api.identitynow.com,https://{apiUrl} security=userAuth[sp:scopes:all]
operation getTaskStatusListV1 GET /task-status/v1
  security userAuth[idn:task-management:read,idn:task-management:write] | applicationAuth[idn:task-management:read,idn:task-management:write]
  parameter limit in=query required=false schema=integer/int32 default=250 minimum=0 maximum=250
  parameter offset in=query required=false schema=integer/int32 default=0 minimum=0
  parameter count in=query required=false schema=boolean default=false
  parameter filters in=query required=false schema=string
  parameter sorters in=query required=false schema=string/comma-separated
  response 200 application/json schema=array<taskstatus>
  response 400 application/json schema=errorresponsedto
  response 401 application/json schema=inline:response:401
  response 403 application/json schema=errorresponsedto
  response 404 application/json schema=errorresponsedto
  response 429 application/json schema=inline:response:429
  response 500 application/json schema=errorresponsedto
operation getTaskStatusV1 GET /task-status/v1/{id}
  security userAuth[idn:task-management:read,idn:task-management:write] | applicationAuth[idn:task-management:read,idn:task-management:write]
  parameter id in=path required=true schema=string
  response 200 application/json schema=taskstatus
  response 400 application/json schema=errorresponsedto
  response 401 application/json schema=inline:response:401
  response 403 no body
  response 404 no body
  response 429 application/json schema=inline:response:429
  response 500 application/json schema=errorresponsedto
operation updateTaskStatusV1 PATCH /task-status/v1/{id}
  security userAuth[idn:task-management:write]
  parameter id in=path required=true schema=string
  body application/json-patch+json required=true schema=array<jsonpatchoperation>
  response 200 application/json schema=taskstatus
  response 400 application/json schema=errorresponsedto
  response 401 application/json schema=inline:response:401
  response 403 application/json schema=errorresponsedto
  response 404 application/json schema=errorresponsedto
  response 429 application/json schema=inline:response:429
  response 500 application/json schema=errorresponsedto
schema errormessagedto type=object nullable=false
  property locale string required=false nullable=true readOnly=false
  property localeOrigin localeorigin required=false nullable=false readOnly=false
  property text string required=false nullable=false readOnly=false
schema errorresponsedto type=object nullable=false
  property detailCode string required=false nullable=false readOnly=false
  property trackingId string required=false nullable=false readOnly=false
  property messages array<errormessagedto> required=false nullable=false readOnly=false
  property causes array<errormessagedto> required=false nullable=false readOnly=false
schema jsonpatchoperation type=object nullable=false
  property op string required=true nullable=false readOnly=false enum=["add","remove","replace","move","copy","test"]
  property path string required=true nullable=false readOnly=false
  property value oneOf(string|boolean|integer|object|array<anyOf(string|integer|object)>) required=false nullable=false readOnly=false
schema localeorigin type=string nullable=true enum=["DEFAULT","REQUEST",null]
schema localizedmessage type=object nullable=true
  property locale string required=true nullable=false readOnly=false
  property message string required=true nullable=false readOnly=false
schema response:401 type=object nullable=false
  property error any required=false nullable=false readOnly=false
schema response:429 type=object nullable=false
  property message any required=false nullable=false readOnly=false
schema target type=object nullable=true
  property id string required=false nullable=false readOnly=false
  property type string required=false nullable=true readOnly=false enum=["APPLICATION","IDENTITY",null]
  property name string required=false nullable=false readOnly=false
schema taskdefinitionsummary type=object nullable=false
  property id string required=true nullable=false readOnly=false
  property uniqueName string required=true nullable=false readOnly=false
  property description string required=true nullable=true readOnly=false
  property parentName string required=true nullable=false readOnly=false
  property executor string required=true nullable=true readOnly=false
  property arguments object{*} required=true nullable=false readOnly=false
schema taskreturndetails type=object nullable=false
  property name string required=true nullable=false readOnly=false
  property attributeName string required=true nullable=false readOnly=false
schema taskstatus type=object nullable=false
  property id string required=true nullable=false readOnly=false
  property type string required=true nullable=false readOnly=false enum=["QUARTZ","QPOC","QUEUED_TASK"]
  property uniqueName string required=true nullable=false readOnly=false
  property description string required=true nullable=false readOnly=false
  property parentName string required=true nullable=true readOnly=false
  property launcher string required=true nullable=false readOnly=false
  property target target required=false nullable=false readOnly=false
  property created string/date-time required=true nullable=false readOnly=false
  property modified string/date-time required=true nullable=true readOnly=false
  property launched string/date-time required=true nullable=true readOnly=false
  property completed string/date-time required=true nullable=true readOnly=false
  property completionStatus string required=true nullable=true readOnly=false enum=["SUCCESS","WARNING","ERROR","TERMINATED","TEMPERROR",null]
  property messages array<taskstatusmessage> required=true nullable=false readOnly=false
  property returns array<taskreturndetails> required=true nullable=false readOnly=false
  property attributes object{*} required=true nullable=false readOnly=false
  property progress string required=true nullable=true readOnly=false
  property percentComplete integer/int32 required=true nullable=false readOnly=false
  property taskDefinitionSummary taskdefinitionsummary required=false nullable=false readOnly=false
schema taskstatusmessage type=object nullable=false
  property type string required=true nullable=false readOnly=false enum=["INFO","WARN","ERROR"]
  property localizedText localizedmessage required=true nullable=false readOnly=false
  property key string required=true nullable=false readOnly=false
  property parameters array<anyOf(object|string)> required=true nullable=true readOnly=false
module lifecycle_states
document servers=https://{tenant}.api.identitynow.com,https://{apiUrl} security=userAuth[sp:scopes:all]
operation createLifecycleStateV1 POST /identity-profiles/v1/{identity-profile-id}/lifecycle-states
  security userAuth[idn:identity-profile-lifecycle-state:manage] | applicationAuth[idn:identity-profile-lifecycle-state:manage]
  parameter identity-profile-id in=path required=true schema=string
  body application/json required=true schema=lifecyclestate
  response 201 application/json schema=lifecyclestate
  response 400 application/json schema=errorresponsedto
  response 401 application/json schema=inline:response:401
  response 403 application/json schema=errorresponsedto
  response 429 application/json schema=inline:response:429
  response 500 application/json schema=errorresponsedto
operation deleteLifecycleStateV1 DELETE /identity-profiles/v1/{identity-profile-id}/lifecycle-states/{lifecycle-state-id}
  security userAuth[idn:identity-profile-lifecycle-state:manage] | applicationAuth[idn:identity-profile-lifecycle-state:manage]
  parameter identity-profile-id in=path required=true schema=string
  parameter lifecycle-state-id in=path required=true schema=string
  response 202 application/json schema=lifecyclestatedeleted
  response 400 application/json schema=errorresponsedto
  response 401 application/json schema=inline:response:401
  response 403 application/json schema=errorresponsedto
  response 404 application/json schema=errorresponsedto
  response 429 application/json schema=inline:response:429
  response 500 application/json schema=errorresponsedto
operation getLifecycleStateV1 GET /identity-profiles/v1/{identity-profile-id}/lifecycle-states/{lifecycle-state-id}
  security userAuth[idn:identity-profile-lifecycle-state:read] | applicationAuth[idn:identity-profile-lifecycle-state:read]
  parameter identity-profile-id in=path required=true schema=string
  parameter lifecycle-state-id in=path required=true schema=string
  response 200 application/json schema=lifecyclestate
  response 400 application/json schema=errorresponsedto
  response 401 application/json schema=inline:response:401
  response 403 application/json schema=errorresponsedto
  response 404 application/json schema=errorresponsedto
  response 429 application/json schema=inline:response:429
  response 500 application/json schema=errorresponsedto
operation getLifecycleStatesV1 GET /identity-profiles/v1/{identity-profile-id}/lifecycle-states
  security userAuth[idn:identity-profile-lifecycle-state:read] | applicationAuth[idn:identity-profile-lifecycle-state:read]
  parameter identity-profile-id in=path required=true schema=string
  parameter limit in=query required=false schema=integer/int32 default=250 minimum=0 maximum=250
  parameter offset in=query required=false schema=integer/int32 default=0 minimum=0
  parameter count in=query required=false schema=boolean default=false
  parameter sorters in=query required=false schema=string/comma-separated
  response 200 application/json schema=array<lifecyclestate>
  response 400 application/json schema=errorresponsedto
  response 401 application/json schema=inline:response:401
  response 403 application/json schema=errorresponsedto
  response 429 application/json schema=inline:response:429
  response 500 application/json schema=errorresponsedto
operation setLifecycleStateV1 POST /identities/v1/{identity-id}/set-lifecycle-state
  security userAuth[idn:identity-lifecycle-state:manage]
  parameter identity-id in=path required=true schema=string
  body application/json required=true schema=inline:setLifecycleStateV1.request
  response 200 application/json schema=inline:setLifecycleStateV1.200
  response 400 application/json schema=errorresponsedto
  response 401 application/json schema=inline:response:401
  response 403 application/json schema=errorresponsedto
  response 404 application/json schema=errorresponsedto
  response 429 application/json schema=inline:response:429
  response 500 application/json schema=errorresponsedto
operation updateLifecycleStatesV1 PATCH /identity-profiles/v1/{identity-profile-id}/lifecycle-states/{lifecycle-state-id}
  security userAuth[idn:identity-profile-lifecycle-state:manage] | applicationAuth[idn:identity-profile-lifecycle-state:manage]
  parameter identity-profile-id in=path required=true schema=string
  parameter lifecycle-state-id in=path required=true schema=string
  body application/json-patch+json required=true schema=array<jsonpatchoperation>
  response 200 application/json schema=lifecyclestate
  response 400 application/json schema=errorresponsedto
  response 401 application/json schema=inline:response:401
  response 403 application/json schema=errorresponsedto
  response 404 application/json schema=errorresponsedto
  response 429 application/json schema=inline:response:429
  response 500 application/json schema=errorresponsedto
schema accessactionconfiguration type=object nullable=false
  property removeAllAccessEnabled boolean required=false nullable=false readOnly=false default=false
schema accountaction type=object nullable=false
  property action string required=false nullable=false readOnly=false enum=["ENABLE","DISABLE","DELETE"]
  property sourceIds array<string> required=false nullable=true readOnly=false uniqueItems=true
  property excludeSourceIds array<string> required=false nullable=true readOnly=false uniqueItems=true
  property allSources boolean required=false nullable=false readOnly=false default=false
schema basecommondto type=object nullable=false
  property id string required=false nullable=false readOnly=true
  property name string required=true nullable=true readOnly=false
  property created string/date-time required=false nullable=false readOnly=true
  property modified string/date-time required=false nullable=false readOnly=true
schema emailnotificationoption type=object nullable=false
  property notifyManagers boolean required=false nullable=false readOnly=false default=false
  property notifyAllAdmins boolean required=false nullable=false readOnly=false default=false
  property notifySpecificUsers boolean required=false nullable=false readOnly=false default=false
  property emailAddressList array<string> required=false nullable=false readOnly=false
schema errormessagedto type=object nullable=false
  property locale string required=false nullable=true readOnly=false
  property localeOrigin localeorigin required=false nullable=false readOnly=false
  property text string required=false nullable=false readOnly=false
schema errorresponsedto type=object nullable=false
  property detailCode string required=false nullable=false readOnly=false
  property trackingId string required=false nullable=false readOnly=false
  property messages array<errormessagedto> required=false nullable=false readOnly=false
  property causes array<errormessagedto> required=false nullable=false readOnly=false
schema jsonpatchoperation type=object nullable=false
  property op string required=true nullable=false readOnly=false enum=["add","remove","replace","move","copy","test"]
  property path string required=true nullable=false readOnly=false
  property value oneOf(string|boolean|integer|object|array<anyOf(string|integer|object)>) required=false nullable=false readOnly=false
schema lifecyclestate type=allOf nullable=false
  allOf basecommondto
  property enabled boolean required=false nullable=false readOnly=false default=false
  property technicalName string required=true nullable=false readOnly=false
  property description string required=false nullable=true readOnly=false
  property identityCount integer/int32 required=false nullable=false readOnly=true
  property emailNotificationOption emailnotificationoption required=false nullable=false readOnly=false
  property accountActions array<accountaction> required=false nullable=false readOnly=false
  property accessProfileIds array<string> required=false nullable=false readOnly=false uniqueItems=true
  property identityState string required=false nullable=true readOnly=false enum=["ACTIVE","INACTIVE_SHORT_TERM","INACTIVE_LONG_TERM"]
  property accessActionConfiguration accessactionconfiguration required=false nullable=false readOnly=false
  property priority integer/int32 required=false nullable=true readOnly=false
schema lifecyclestatedeleted type=object nullable=false
  property type string required=false nullable=false readOnly=false enum=["LIFECYCLE_STATE","TASK_RESULT"]
  property id string required=false nullable=false readOnly=false
  property name string required=false nullable=false readOnly=false
schema localeorigin type=string nullable=true enum=["DEFAULT","REQUEST",null]
schema response:401 type=object nullable=false
  property error any required=false nullable=false readOnly=false
schema response:429 type=object nullable=false
  property message any required=false nullable=false readOnly=false
schema setLifecycleStateV1.200 type=object nullable=false
  property accountActivityId string required=false nullable=false readOnly=false
schema setLifecycleStateV1.request type=object nullable=false
  property lifecycleStateId string required=false nullable=false readOnly=false
"#;

/// Schemas SailPoint writes in place that this project keeps in files of their own, so that
/// their titles name the generated types as in the v3 module: (file stem, where SailPoint has it).
const MOVED_INTO_FILES: [(&str, &str); 2] = [
    ("setlifecyclestaterequest", "setLifecycleStateV1.request"),
    ("setlifecyclestateresponse", "setLifecycleStateV1.200"),
];

/// The modules whose facts [`FACTS`] states, by entry document.
const MODULES: [(&str, &str); 2] = [
    ("task_management", "spec/task_management/openapi.yaml"),
    ("lifecycle_states", "spec/lifecycle_states/openapi.yaml"),
];

fn workspace_root() -> PathBuf {
    let manifest = Path::new(env!("CARGO_MANIFEST_DIR"));
    manifest.parent().unwrap_or(manifest).to_path_buf()
}

/// The files of `spec/`, and nothing else, as `cargo xtask codegen` reads them.
struct SpecDirectory(PathBuf);

impl SpecFiles for SpecDirectory {
    fn read(&self, path: &str) -> Result<String, String> {
        if !path.starts_with("spec/") || path.split('/').any(|part| part == "..") {
            return Err("outside spec/".into());
        }
        std::fs::read_to_string(self.0.join(path)).map_err(|error| error.to_string())
    }
}

/// Derives the fact lines of one loaded document.
struct Facts<'d> {
    document: &'d Document,
    schemas: BTreeMap<String, Vec<String>>,
}

fn compact(value: &Json) -> String {
    serde_json::to_string(value).unwrap()
}

fn flag(node: &Json, key: &str) -> bool {
    node.get(key).and_then(Json::as_bool).unwrap_or(false)
}

fn stem(file: &str) -> &str {
    let name = file.rsplit('/').next().unwrap_or(file);
    name.split('.').next().unwrap_or(name)
}

impl<'d> Facts<'d> {
    fn raw(&self, pointer: &str) -> &'d Json {
        self.document
            .raw_at(pointer)
            .unwrap_or_else(|| panic!("nothing at {pointer}"))
    }

    /// The node a `$ref` names (followed to the end), with the label of the component it is.
    fn follow(&self, node: &'d Json) -> (&'d Json, Option<String>) {
        let mut node = node;
        let mut label = None;
        while let Some(reference) = node.get("$ref").and_then(Json::as_str) {
            let pointer = reference.strip_prefix('#').unwrap_or_else(|| {
                panic!("a reference left in the gathered document: {reference}")
            });
            let (file, inner) = self.document.origins.locate(pointer);
            assert_eq!(inner, "", "{pointer}: every component is a whole file");
            let name = stem(&file);
            label = Some(if pointer.starts_with("/components/responses/") {
                format!("response:{name}")
            } else {
                MOVED_INTO_FILES
                    .iter()
                    .find(|(moved, _)| *moved == name)
                    .map_or(name, |(_, inline)| inline)
                    .to_owned()
            });
            node = self.raw(pointer);
        }
        (node, label)
    }

    /// How a schema reads in a fact line; schemas named by a label are described once, apart.
    fn ty(&mut self, node: &'d Json, context: &str) -> String {
        if node.get("$ref").is_some() {
            let (schema, label) = self.follow(node);
            let label = label.expect("a schema reference has a label");
            self.describe(&label, schema);
            return if MOVED_INTO_FILES.iter().any(|(_, inline)| *inline == label) {
                format!("inline:{label}")
            } else {
                label
            };
        }
        for keyword in ["oneOf", "anyOf"] {
            if let Some(Json::Array(parts)) = node.get(keyword) {
                let parts: Vec<String> = parts
                    .iter()
                    .enumerate()
                    .map(|(index, part)| self.ty(part, &format!("{context}.{index}")))
                    .collect();
                return format!("{keyword}({})", parts.join("|"));
            }
        }
        match node.get("type").and_then(Json::as_str) {
            Some("array") => {
                let items = node.get("items").expect("an array has items");
                format!("array<{}>", self.ty(items, &format!("{context}[]")))
            }
            Some("object") if node.get("properties").is_some() => {
                self.describe(context, node);
                format!("inline:{context}")
            }
            Some("object") if flag(node, "additionalProperties") => "object{*}".into(),
            Some(other) => match node.get("format").and_then(Json::as_str) {
                Some(format) => format!("{other}/{format}"),
                None => other.to_owned(),
            },
            None => "any".into(),
        }
    }

    /// Records the fact lines of the schema `label` (once).
    fn describe(&mut self, label: &str, schema: &'d Json) {
        if self.schemas.contains_key(label) {
            return;
        }
        self.schemas.insert(label.to_owned(), Vec::new());
        let kind = if schema.get("allOf").is_some() {
            "allOf"
        } else {
            schema.get("type").and_then(Json::as_str).unwrap_or("any")
        };
        let mut lines = vec![format!(
            "schema {label} type={kind} nullable={}{}",
            flag(schema, "nullable"),
            schema
                .get("enum")
                .map(|values| format!(" enum={}", compact(values)))
                .unwrap_or_default()
        )];
        let mut parts = vec![schema];
        if let Some(Json::Array(all)) = schema.get("allOf") {
            parts = Vec::new();
            for part in all {
                if part.get("$ref").is_some() {
                    let name = self.ty(part, label);
                    lines.push(format!("  allOf {name}"));
                } else {
                    parts.push(part);
                }
            }
        }
        for part in parts {
            let required: Vec<&str> = part
                .get("required")
                .and_then(Json::as_array)
                .map(|names| names.iter().filter_map(Json::as_str).collect())
                .unwrap_or_default();
            let Some(Json::Object(properties)) = part.get("properties") else {
                continue;
            };
            for (name, property) in properties {
                let ty = self.ty(property, &format!("{label}.{name}"));
                let mut line = format!(
                    "  property {name} {ty} required={} nullable={} readOnly={}",
                    required.contains(&name.as_str()),
                    flag(property, "nullable"),
                    flag(property, "readOnly"),
                );
                for key in ["enum", "default", "minimum", "maximum", "uniqueItems"] {
                    if let Some(value) = property.get(key) {
                        line.push_str(&format!(" {key}={}", compact(value)));
                    }
                }
                lines.push(line);
            }
        }
        self.schemas.insert(label.to_owned(), lines);
    }

    fn security(requirements: &Json) -> String {
        let alternatives: Vec<String> = requirements
            .as_array()
            .expect("security is a list")
            .iter()
            .flat_map(|requirement| {
                requirement
                    .as_object()
                    .expect("a requirement is an object")
                    .iter()
                    .map(|(scheme, scopes)| {
                        let scopes: Vec<&str> = scopes
                            .as_array()
                            .expect("scopes are a list")
                            .iter()
                            .filter_map(Json::as_str)
                            .collect();
                        format!("{scheme}[{}]", scopes.join(","))
                    })
            })
            .collect();
        alternatives.join(" | ")
    }

    fn operation(&mut self, method: &str, path: &str, operation: &'d Json) -> Vec<String> {
        let id = operation["operationId"].as_str().expect("an operationId");
        let mut lines = vec![format!(
            "operation {id} {} {path}",
            method.to_ascii_uppercase()
        )];
        if let Some(security) = operation.get("security") {
            lines.push(format!("  security {}", Self::security(security)));
        }
        for parameter in operation
            .get("parameters")
            .and_then(Json::as_array)
            .into_iter()
            .flatten()
        {
            let (parameter, _) = self.follow(parameter);
            let name = parameter["name"].as_str().expect("a parameter name");
            let schema = &parameter["schema"];
            let mut line = format!(
                "  parameter {name} in={} required={} schema={}",
                parameter["in"].as_str().expect("a location"),
                flag(parameter, "required"),
                self.ty(schema, &format!("{id}.{name}")),
            );
            for key in ["default", "minimum", "maximum"] {
                if let Some(value) = schema.get(key) {
                    line.push_str(&format!(" {key}={}", compact(value)));
                }
            }
            lines.push(line);
        }
        if let Some(body) = operation.get("requestBody") {
            let (body, _) = self.follow(body);
            for (media, content) in body["content"].as_object().expect("body content") {
                let ty = self.ty(&content["schema"], &format!("{id}.request"));
                lines.push(format!(
                    "  body {media} required={} schema={ty}",
                    flag(body, "required")
                ));
            }
        }
        let mut responses: Vec<(&String, &Json)> = operation["responses"]
            .as_object()
            .expect("responses")
            .iter()
            .collect();
        responses.sort_by_key(|(status, _)| status.as_str());
        for (status, response) in responses {
            let (response, label) = self.follow(response);
            let context = label.unwrap_or_else(|| format!("{id}.{status}"));
            match response.get("content").and_then(Json::as_object) {
                Some(content) if !content.is_empty() => {
                    for (media, content) in content {
                        let ty = self.ty(&content["schema"], &context);
                        lines.push(format!("  response {status} {media} schema={ty}"));
                    }
                }
                _ => lines.push(format!("  response {status} no body")),
            }
        }
        lines
    }

    /// Every fact line of the document: the document's own, its operations by `operationId`,
    /// then its schemas by label.
    fn lines(document: &'d Document, module: &str) -> Vec<String> {
        let mut facts = Facts {
            document,
            schemas: BTreeMap::new(),
        };
        let raw = &document.raw;
        let servers: Vec<&str> = raw["servers"]
            .as_array()
            .expect("servers")
            .iter()
            .filter_map(|server| server["url"].as_str())
            .collect();
        let mut lines = vec![
            format!("module {module}"),
            format!(
                "document servers={} security={}",
                servers.join(","),
                Self::security(&raw["security"])
            ),
        ];
        let mut operations = BTreeMap::new();
        for (path, item) in raw["paths"].as_object().expect("paths") {
            let (item, _) = facts.follow(item);
            for (method, operation) in item.as_object().expect("a path item") {
                if [
                    "get", "put", "post", "delete", "patch", "head", "options", "trace",
                ]
                .contains(&method.as_str())
                {
                    let id = operation["operationId"].as_str().expect("an operationId");
                    operations.insert(id.to_owned(), facts.operation(method, path, operation));
                }
            }
        }
        lines.extend(operations.into_values().flatten());
        lines.extend(facts.schemas.into_values().flatten());
        lines
    }
}

#[test]
fn the_per_resource_specs_state_every_fact_of_sailpoints_published_specs() {
    let root = workspace_root();
    let files = SpecDirectory(root.clone());
    let mut found = Vec::new();
    for (module, entry) in MODULES {
        let contents = std::fs::read_to_string(root.join(entry))
            .unwrap_or_else(|error| panic!("{entry}: {error}"));
        let document = load::load(entry, &contents, &files)
            .unwrap_or_else(|problems| panic!("{entry}: {problems:?}"));
        assert!(
            document.skipped.is_empty(),
            "{entry}: {:?}",
            document.skipped
        );
        assert!(
            document.warnings.is_empty(),
            "{entry}: {:?}",
            document.warnings
        );
        found.extend(Facts::lines(&document, module));
    }
    let expected: Vec<&str> = FACTS.lines().filter(|line| !line.is_empty()).collect();
    let missing: Vec<&&str> = expected
        .iter()
        .filter(|line| !found.iter().any(|found| found == **line))
        .collect();
    let unexpected: Vec<&String> = found
        .iter()
        .filter(|line| !expected.contains(&line.as_str()))
        .collect();
    assert!(
        missing.is_empty() && unexpected.is_empty(),
        "the specs in spec/ disagree with the facts taken from SailPoint's published specs\n\
         facts the specs do not state:\n{missing:#?}\nwhat the specs state instead:\n{unexpected:#?}"
    );
    assert_eq!(found, expected, "the same facts, in another order");
}

#[test]
fn every_operation_of_the_facts_is_generated_under_its_versioned_path() {
    let root = workspace_root();
    let files = SpecDirectory(root.clone());
    let inputs: Vec<sailpoint_codegen::SpecInput> = MODULES
        .iter()
        .map(|(module, entry)| {
            let contents = std::fs::read_to_string(root.join(entry)).unwrap();
            sailpoint_codegen::SpecInput::new(*entry, Some(module), contents)
        })
        .collect();
    let apis = sailpoint_codegen::lower_all(&inputs, &files).unwrap();
    let mut generated: Vec<String> = apis
        .iter()
        .flat_map(|api| {
            assert!(api.skipped.is_empty(), "{}: {:?}", api.module, api.skipped);
            assert!(
                api.warnings.is_empty(),
                "{}: {:?}",
                api.module,
                api.warnings
            );
            api.operations
                .iter()
                .map(move |operation| format!("{} {}", api.module, operation.operation_id))
        })
        .collect();
    generated.sort();
    let mut stated: Vec<String> = Vec::new();
    let mut module = "";
    for line in FACTS.lines() {
        if let Some(name) = line.strip_prefix("module ") {
            module = name;
        } else if let Some(operation) = line.strip_prefix("operation ") {
            let id = operation.split(' ').next().unwrap();
            stated.push(format!("{module} {id}"));
        }
    }
    stated.sort();
    assert_eq!(generated, stated);
}
