//! bizlicense-tencent: work in progress.
