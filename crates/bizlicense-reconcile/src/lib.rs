//! bizlicense-reconcile: work in progress.
