//! Decides what the test doubles send: for each documented response, the status that stands
//! for it ([`ResponseCase::mock_status`]).

use crate::ir::{Operation, ResponseCase, StatusMatch, Success};

/// Sets the status a test double sends for each of the operation's documented responses.
pub(super) fn choose_statuses(operation: &mut Operation) {
    let success: Vec<u16> = operation
        .success
        .cases()
        .iter()
        .map(|case| status(case, operation))
        .collect();
    let errors: Vec<u16> = operation
        .errors
        .iter()
        .map(|case| status(case, operation))
        .collect();
    let success_cases = match &mut operation.success {
        Success::Single { statuses, .. } => statuses,
        Success::ByStatus { cases, .. } => cases,
    };
    for (case, status) in success_cases.iter_mut().zip(success) {
        case.mock_status = status;
    }
    for (case, status) in operation.errors.iter_mut().zip(errors) {
        case.mock_status = status;
    }
}

/// The status a test double sends for a documented response: its code, or for a range or
/// `default` the first code of it that the operation documents no other way.
fn status(case: &ResponseCase, operation: &Operation) -> u16 {
    let documented: Vec<u16> = operation
        .success
        .cases()
        .iter()
        .chain(&operation.errors)
        .filter_map(|case| match case.status {
            StatusMatch::Code(code) => Some(code),
            _ => None,
        })
        .collect();
    let ranges: Vec<u16> = operation
        .success
        .cases()
        .iter()
        .chain(&operation.errors)
        .filter_map(|case| match case.status {
            StatusMatch::Range(hundred) => Some(hundred),
            _ => None,
        })
        .collect();
    let free = |code: &u16| !documented.contains(code) && !ranges.contains(&(code / 100));
    match case.status {
        StatusMatch::Code(code) => code,
        StatusMatch::Range(hundred) => (hundred * 100..hundred * 100 + 100)
            .find(|code| !documented.contains(code))
            .unwrap_or(hundred * 100),
        StatusMatch::Default => {
            let is_success = operation
                .success
                .cases()
                .iter()
                .any(|success| success.status == StatusMatch::Default);
            if is_success {
                (200..300).find(free).unwrap_or(200)
            } else {
                (500..600).chain(400..500).find(free).unwrap_or(500)
            }
        }
    }
}
