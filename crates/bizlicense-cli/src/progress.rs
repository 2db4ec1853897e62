//! Progress for long runs: an `indicatif` bar when stderr is a terminal, plain lines otherwise
//! (logs, CI), so stdout stays clean for results either way.

use std::io::{IsTerminal, Write};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};

/// A progress display; clones share it.
#[derive(Clone)]
pub struct Progress(Kind);

#[derive(Clone)]
enum Kind {
    Bar(ProgressBar),
    Lines(Arc<Lines>),
}

struct Lines {
    total: u64,
    done: AtomicU64,
    step: u64,
}

impl Progress {
    /// A display for `total` items, drawn on stderr.
    pub fn new(total: u64) -> Self {
        if std::io::stderr().is_terminal() {
            let bar = ProgressBar::with_draw_target(Some(total), ProgressDrawTarget::stderr());
            let style = ProgressStyle::with_template(
                "{bar:30.cyan/blue} {pos}/{len} {msg} [{elapsed_precise}, eta {eta}]",
            )
            .unwrap_or_else(|_| ProgressStyle::default_bar());
            bar.set_style(style);
            Progress(Kind::Bar(bar))
        } else {
            Progress(Kind::Lines(Arc::new(Lines {
                total,
                done: AtomicU64::new(0),
                // About ten lines per run, at least one per hundred items.
                step: (total / 10).clamp(1, 100),
            })))
        }
    }

    /// One more item done; `status` is the running tally.
    pub fn inc(&self, status: &str) {
        match &self.0 {
            Kind::Bar(bar) => {
                bar.set_message(status.to_owned());
                bar.inc(1);
            }
            Kind::Lines(l) => {
                let done = l.done.fetch_add(1, Ordering::SeqCst) + 1;
                if done % l.step == 0 || done == l.total {
                    let _ = writeln!(
                        std::io::stderr().lock(),
                        "progress: {done}/{} ({status})",
                        l.total
                    );
                }
            }
        }
    }

    /// A message above the bar (or a plain line).
    pub fn println(&self, message: &str) {
        match &self.0 {
            Kind::Bar(bar) => bar.println(message),
            Kind::Lines(_) => {
                let _ = writeln!(std::io::stderr().lock(), "{message}");
            }
        }
    }

    /// Leave the bar in its final state.
    pub fn finish(&self) {
        if let Kind::Bar(bar) = &self.0 {
            bar.finish();
        }
    }
}
