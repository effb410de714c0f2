//! The body test bed over every model of the fixtures (every kind of model the generator
//! writes: records with and without required fields, maps, free-form values, string and
//! integer enums, `oneOf`s with and without a tag, recursive and deeply nested types), as
//! `sailpoint-client`'s `tests/body_testbed.rs` runs it over the client's; the invariants are
//! in the runtime's `testbed` module.
//!
//! 20 bodies per model by default; run it longer with, for example,
//! `TESTBED_CASES=2000 TESTBED_SEED=7 cargo test -p snapshot-fixtures --release --test body_testbed`.
#![allow(clippy::panic, reason = "a test fails by panicking")]

use snapshot_fixtures::testbed::{run, Settings};

/// Reads a setting from the environment, or takes its default.
fn setting(name: &str, default: u64) -> u64 {
    match std::env::var(name) {
        Ok(value) => value
            .parse()
            .unwrap_or_else(|_| panic!("{name} must be a whole number, not {value:?}")),
        Err(_) => default,
    }
}

#[test]
fn every_model_keeps_every_invariant_through_every_mutation() {
    let settings = Settings {
        cases: u32::try_from(setting("TESTBED_CASES", 20)).unwrap_or(u32::MAX),
        seed: setting("TESTBED_SEED", 28),
    };
    let report = run(settings);
    println!("{report}");
    assert!(report.models > 0, "no model was probed");
    assert!(
        report.unwritable.is_empty() && report.failures.is_empty(),
        "{report}"
    );
}
