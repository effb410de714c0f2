//! Inputs the generator benchmarks share: the workspace's own specs, and synthetic specs of any
//! size that use the same constructs (path, query and header parameters, JSON and JSON Patch
//! bodies, nested and inline schemas, enums, `allOf`, shared error responses).
//!
//! `cargo xtask bench` includes this file too (its compile-time stage builds crates generated
//! from these specs), so the synthetic spec is written in one place.

#![allow(dead_code, reason = "each benchmark uses part of the support module")]

use std::fmt::Write as _;
use std::path::Path;

use sailpoint_codegen::{Settings, SpecInput};

/// The workspace's `spec/` documents, as `cargo xtask codegen` reads them.
pub fn workspace_specs() -> Vec<SpecInput> {
    let spec_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec");
    [
        ("v3", "v3/lifecycle-states.yaml"),
        ("v2024", "v2024/task-management.yaml"),
    ]
    .into_iter()
    .map(|(module, file)| SpecInput {
        file: format!("spec/{file}"),
        module: Some(module.to_owned()),
        contents: std::fs::read_to_string(spec_dir.join(file)).unwrap_or_default(),
        overlays: Vec::new(),
    })
    .collect()
}

/// The settings `cargo xtask codegen` uses.
pub fn settings() -> Settings {
    Settings {
        package_name: "sailpoint-client".into(),
        package_version: "0.1.0".into(),
        generated_by: "cargo xtask codegen".into(),
        in_workspace: true,
        ..Settings::default()
    }
}

/// A spec with `operations` operations and as many schemas of its own (plus three shared ones),
/// generating the module `api`.
pub fn synthetic_spec(operations: usize) -> SpecInput {
    synthetic_module(operations, "api")
}

/// The synthetic spec of `operations` operations as the module `module`; several of them, each
/// its own module, make a crate of many modules. Every module has the same operations and
/// schemas, so one module costs the same wherever it is.
pub fn synthetic_module(operations: usize, module: &str) -> SpecInput {
    let mut yaml = String::with_capacity(operations * 2_400);
    yaml.push_str(
        "openapi: 3.0.3\ninfo:\n  title: Synthetic\n  version: '1.0'\nservers:\n  - url: https://{tenant}.example.com/v1\n    variables:\n      tenant: {default: demo}\nsecurity:\n  - bearer: []\npaths:\n",
    );
    for index in 0..operations {
        let _ = write!(
            yaml,
            "  /resources{index}/{{id}}:\n    parameters:\n      - {{name: id, in: path, required: true, schema: {{type: string}}, description: The resource id.}}\n"
        );
        // Half the operations page through a list, half patch one resource.
        if index % 2 == 0 {
            let _ = write!(
                yaml,
                r#"    get:
      operationId: listResource{index}
      summary: List resources of kind {index}.
      parameters:
        - {{name: limit, in: query, schema: {{type: integer, format: int32, minimum: 0, maximum: 250, default: 250}}}}
        - {{name: offset, in: query, schema: {{type: integer, format: int32, minimum: 0, default: 0}}}}
        - {{name: filters, in: query, schema: {{type: string}}}}
        - {{name: X-Experimental, in: header, required: true, schema: {{type: string, default: 'true'}}}}
      responses:
        '200':
          description: The matching resources.
          content:
            application/json:
              schema:
                type: array
                items: {{$ref: '#/components/schemas/Resource{index}'}}
        '400': {{$ref: '#/components/responses/BadRequest'}}
        '404': {{$ref: '#/components/responses/NotFound'}}
        '500': {{$ref: '#/components/responses/ServerError'}}
"#
            );
        } else {
            let _ = write!(
                yaml,
                r#"    patch:
      operationId: patchResource{index}
      requestBody:
        required: true
        content:
          application/json-patch+json:
            schema:
              type: array
              items: {{$ref: '#/components/schemas/PatchOperation'}}
      responses:
        '200':
          description: The patched resource.
          content:
            application/json:
              schema: {{$ref: '#/components/schemas/Resource{index}'}}
        '400': {{$ref: '#/components/responses/BadRequest'}}
"#
            );
        }
    }
    yaml.push_str(
        r#"components:
  securitySchemes:
    bearer: {type: http, scheme: bearer}
  responses:
    BadRequest:
      description: The request was invalid.
      content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}
    NotFound:
      description: No such resource.
      content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}
    ServerError:
      description: The server failed.
      content: {application/json: {schema: {$ref: '#/components/schemas/Problem'}}}
  schemas:
    Problem:
      type: object
      properties:
        detailCode: {type: string}
        trackingId: {type: string}
        messages: {type: array, items: {type: string}}
    PatchOperation:
      type: object
      required: [op, path]
      properties:
        op: {type: string, enum: [add, remove, replace, move, copy, test]}
        path: {type: string}
        value: {}
    Base:
      type: object
      required: [id]
      properties:
        id: {type: string, readOnly: true}
        created: {type: string, format: date-time, readOnly: true}
"#,
    );
    for index in 0..operations {
        // Each resource refers to the one at half its index, so that references nest about
        // log2(operations) deep, as in real APIs. A chain through every previous resource
        // (Resource499 holding Resource498 holding ...) generates fine but does not compile:
        // rustc overflows while adding drop-check rules for a value nested hundreds deep.
        let parent = index / 2;
        let _ = write!(
            yaml,
            r#"    Resource{index}:
      description: Resource number {index}.
      allOf:
        - $ref: '#/components/schemas/Base'
        - type: object
          required: [name, kind]
          properties:
            name: {{type: string, nullable: true, description: Its name.}}
            kind: {{type: string, enum: [alpha, beta, gamma], description: Its kind.}}
            count: {{type: integer, format: int32}}
            ratio: {{type: number}}
            enabled: {{type: boolean, default: false}}
            tags: {{type: array, items: {{type: string}}}}
            attributes: {{type: object, additionalProperties: true}}
            parent: {{$ref: '#/components/schemas/Resource{parent}'}}
"#
        );
    }
    SpecInput {
        file: if module == "api" {
            format!("synthetic-{operations}.yaml")
        } else {
            format!("synthetic-{module}-{operations}.yaml")
        },
        module: Some(module.to_owned()),
        contents: yaml,
        overlays: Vec::new(),
    }
}
