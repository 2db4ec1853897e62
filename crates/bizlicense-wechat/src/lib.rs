//! bizlicense-wechat: work in progress.
