//! Spreads independent pieces of work (documents to lower, chunks of Rust to format) over the
//! machine's cores, keeping results in the order of the work.

use std::sync::atomic::{AtomicUsize, Ordering};

/// Runs `work` on every job, spread over the machine's cores, and returns the results in the
/// jobs' order. Workers take the next job as they finish one, so uneven jobs balance out.
pub(crate) fn in_parallel<J: Sync, R: Send>(jobs: &[J], work: impl Fn(&J) -> R + Sync) -> Vec<R> {
    let workers = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .min(jobs.len());
    if workers <= 1 {
        return jobs.iter().map(&work).collect();
    }
    let next = AtomicUsize::new(0);
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..workers)
            .map(|_| {
                scope.spawn(|| {
                    let mut finished = Vec::new();
                    loop {
                        let index = next.fetch_add(1, Ordering::Relaxed);
                        let Some(job) = jobs.get(index) else { break };
                        finished.push((index, work(job)));
                    }
                    finished
                })
            })
            .collect();
        handles
            .into_iter()
            // A worker only panics if `work` does, and then so would the sequential path.
            .flat_map(|handle| {
                handle
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic))
            })
            .collect()
    });
    done.sort_unstable_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::in_parallel;

    #[test]
    fn results_come_back_in_the_order_of_the_jobs() {
        let jobs: Vec<u64> = (0..1_000).collect();
        // Uneven work, so workers finish out of order.
        let results = in_parallel(&jobs, |&job| (0..job % 97).sum::<u64>() + job);
        let expected: Vec<u64> = jobs
            .iter()
            .map(|&job| (0..job % 97).sum::<u64>() + job)
            .collect();
        assert_eq!(results, expected);
        assert!(in_parallel(&[] as &[u64], |&job| job).is_empty());
    }
}
