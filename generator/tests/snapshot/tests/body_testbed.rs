//! The body test bed over every model of the fixtures (every kind of model the generator
//! writes: records with and without required fields, maps, free-form values, string and
//! integer enums, `oneOf`s with and without a tag, recursive and deeply nested types), as
//! `sailpoint-client`'s `tests/body_testbed.rs` runs it over the client's; the invariants are
//! in the runtime's `testbed` module.
//!
//! 20 bodies per model by default; run it longer with, for example,
//! `TESTBED_CASES=2000 TESTBED_SEED=7 cargo test -p snapshot-fixtures --release --test body_testbed`.
#![allow(clippy::unwrap_used, reason = "a test fails by panicking")]

use snapshot_fixtures::testbed::{run, Settings};

#[test]
fn every_model_keeps_every_invariant_through_every_mutation() {
    let report = run(Settings::from_env(20).unwrap());
    println!("{report}");
    assert!(report.passed(), "{report}");
}
