//! The body test bed over every model of every module: spec-valid bodies written from the
//! models' decoding shapes, broken from a catalogue of what real servers send (type swaps,
//! null, missing and duplicated properties, numbers out of range or in other notations, case
//! and spaces, invalid UTF-8, lone surrogates, escapes, byte-order marks, wrappers, bodies cut
//! short), decoded tolerantly and strictly; the invariants are in the crate's `testbed` module.
//!
//! It runs 40 bodies per model, seeded, so `cargo test` stays quick and gives the same bodies
//! every time. Run it longer, or with another seed, with for example
//! `TESTBED_CASES=5000 TESTBED_SEED=7 cargo test -p sailpoint-client --release --test body_testbed`.
#![allow(clippy::unwrap_used, reason = "a test fails by panicking")]

use sailpoint_client::testbed::{run, Settings};

#[test]
fn every_model_keeps_every_invariant_through_every_mutation() {
    let report = run(Settings::from_env(40).unwrap());
    println!("{report}");
    assert!(report.passed(), "{report}");
}
