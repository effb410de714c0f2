//! Generates an async Rust client crate from OpenAPI 3.0 documents.
//!
//! The pipeline runs one way: YAML text is loaded into `openapiv3` ([`load`]), lowered into a
//! plain intermediate representation ([`ir`], by [`lower`]), rendered through the askama
//! templates in the workspace's `templates/` ([`render`]) and formatted with syn and
//! prettyplease ([`mod@format`]). [`generate`] runs all of it and returns the files; it reads and
//! writes nothing, so front ends (`cargo xtask codegen`, the `sailpoint-codegen` binary, tests)
//! decide where the text goes. [`diff_specs`] (and [`diff::compare`] on lowered modules) says
//! what changed between two versions of the specs, and what that does to the generated crate.

pub mod diff;
pub mod error;
pub mod format;
pub mod input;
pub mod ir;
pub mod load;
pub mod lower;
pub mod naming;
mod parallel;
pub mod render;
pub mod report;
pub mod reserved;

use std::collections::BTreeMap;

pub use error::{Diagnostic, Error};
pub use format::GeneratedFile;
pub use input::{ClientProfile, ConfigNames, Settings, SpecInput};
pub use load::{NoFiles, OverlayInput, SpecFiles};
pub use report::Report;

/// What a successful run produces.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Generation {
    /// The files of the crate, sorted by path.
    pub files: Vec<GeneratedFile>,
    /// What was generated, what was skipped and why, and what was repaired.
    pub report: Report,
}

/// Runs the whole pipeline on documents that are each one file. Every problem in every input
/// is reported together; the output is the same, byte for byte, whenever the inputs are.
pub fn generate(inputs: &[SpecInput], settings: &Settings) -> Result<Generation, Error> {
    generate_with_files(inputs, &NoFiles, settings)
}

/// Runs the whole pipeline on documents that may reference other local files, which `files`
/// supplies. The output is the same, byte for byte, whenever the inputs and files are.
pub fn generate_with_files(
    inputs: &[SpecInput],
    files: &dyn SpecFiles,
    settings: &Settings,
) -> Result<Generation, Error> {
    let apis = lower_all(inputs, files)?;
    let report = Report::new(&apis);
    let rendered = render::render(&apis, settings)
        .map_err(|error| Diagnostic::new("templates/", "", error.to_string()))?;
    let mut files = format::files(rendered, &settings.generated_by).map_err(Error::new)?;
    files.sort_by(|a, b| a.path.cmp(&b.path));
    Ok(Generation { files, report })
}

/// Compares two versions of the same specs: what changed, and what each change does to code
/// using the generated crate, as of [`diff::GeneratedShape::CURRENT`]. Modules are paired by
/// name. Both sides are read through `files`; when either cannot be loaded, every problem of
/// both is returned.
pub fn diff_specs(
    old: &[SpecInput],
    new: &[SpecInput],
    files: &dyn SpecFiles,
) -> Result<diff::ApiChanges, Error> {
    match (lower_all(old, files), lower_all(new, files)) {
        (Ok(old), Ok(new)) => Ok(diff::compare(&old, &new)),
        (old, new) => {
            let mut problems = Vec::new();
            for result in [old, new] {
                if let Err(error) = result {
                    problems.extend(error.diagnostics().iter().cloned());
                }
            }
            Err(Error::new(problems))
        }
    }
}

/// Loads and lowers every input into its module, checking that module names are usable and distinct.
pub fn lower_all(inputs: &[SpecInput], files: &dyn SpecFiles) -> Result<Vec<ir::Api>, Error> {
    let mut apis = Vec::new();
    let mut problems = Vec::new();
    let mut modules: BTreeMap<String, String> = BTreeMap::new();
    // Each document is loaded and lowered on its own core; the module names are then checked
    // against each other in the inputs' order.
    let lowered = parallel::in_parallel(inputs, |input| load_and_lower(input, files));
    for (input, result) in inputs.iter().zip(lowered) {
        let api = match result {
            Ok(api) => api,
            Err(found) => {
                problems.extend(found);
                continue;
            }
        };
        let module = api.module.clone();
        if let Some(first) = modules.insert(module.clone(), input.file.clone()) {
            problems.push(Diagnostic::new(
                &input.file,
                "",
                format!("module `{module}` is also generated from {first}"),
            ));
            continue;
        }
        apis.push(api);
    }
    if problems.is_empty() {
        apis.sort_by(|a, b| a.module.cmp(&b.module));
        Ok(apis)
    } else {
        Err(Error::new(problems))
    }
}

/// Loads one document and lowers it into the module it names or is named after.
fn load_and_lower(input: &SpecInput, files: &dyn SpecFiles) -> Result<ir::Api, Vec<Diagnostic>> {
    let document = load::load_with_overlays(&input.file, &input.contents, &input.overlays, files)?;
    let module = lower::module_name(&document, input.module.as_deref())?;
    lower::lower(&document, &module)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn module_names_must_not_clash_with_the_crate_layout() {
        let input = |module: &str| SpecInput {
            file: "spec.yaml".into(),
            module: Some(module.into()),
            contents: "openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\n".into(),
            overlays: Vec::new(),
        };
        let error = lower_all(&[input("models"), input("Bad-Name")], &NoFiles)
            .unwrap_err()
            .to_string();
        assert!(
            error.contains("`models` cannot be a module name"),
            "{error}"
        );
        assert!(
            error.contains("`Bad-Name` cannot be a module name"),
            "{error}"
        );
        // Each module is a cargo feature, and the generated code names its dependencies by
        // path: `default`, `serde` or `client_runtime` as a module would break the crate.
        for taken in [
            "default",
            "serde",
            "reqwest",
            "client_runtime",
            "serde_json",
        ] {
            let error = lower_all(&[input(taken)], &NoFiles)
                .unwrap_err()
                .to_string();
            assert!(
                error.contains(&format!("`{taken}` cannot be a module name")),
                "{error}"
            );
        }
        let error = lower_all(&[input("v1"), input("v1")], &NoFiles)
            .unwrap_err()
            .to_string();
        assert_eq!(
            error,
            "error: spec.yaml: module `v1` is also generated from spec.yaml"
        );
    }

    /// The constructor and setter names of the one model of a spec whose `Note` schema has
    /// `properties` (YAML), `name` required.
    fn note_methods(properties: &str) -> (Option<String>, Vec<(String, Option<String>)>) {
        let input = SpecInput {
            file: "spec.yaml".into(),
            module: Some("v1".into()),
            contents: format!(
                "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths: {{}}\ncomponents:\n  schemas:\n    Note:\n      type: object\n      required: [name]\n      properties:\n{properties}"
            ),
            overlays: Vec::new(),
        };
        let apis = lower_all(&[input], &NoFiles).unwrap();
        let model = &apis[0].models[0];
        let ir::ModelKind::Struct { fields } = &model.kind else {
            panic!("`Note` is a struct: {model:?}");
        };
        let setters = fields
            .iter()
            .map(|field| (field.rust_name.clone(), field.setter.clone()))
            .collect();
        (model.constructor.clone(), setters)
    }

    #[test]
    fn optional_fields_get_setters_that_no_other_field_renames() {
        let one = |name: &str, setter: Option<&str>| (name.to_owned(), setter.map(str::to_owned));
        let (constructor, setters) = note_methods(
            "        name: {type: string}\n        type: {type: string}\n        1st: {type: string}\n        text: {type: string}\n",
        );
        assert_eq!(constructor.as_deref(), Some("new"));
        assert_eq!(
            setters,
            [
                one("name", None),
                one("type_", Some("with_type")),
                one("_1st", Some("with_1st")),
                one("text", Some("with_text")),
            ]
        );
        // A field added in front, required or not, leaves every other name as it was.
        let (_, setters) = note_methods(
            "        new: {type: string}\n        name: {type: string}\n        type: {type: string}\n        1st: {type: string}\n        text: {type: string}\n",
        );
        assert_eq!(
            setters,
            [
                one("new", Some("with_new")),
                one("name", None),
                one("type_", Some("with_type")),
                one("_1st", Some("with_1st")),
                one("text", Some("with_text")),
            ]
        );
    }
}
