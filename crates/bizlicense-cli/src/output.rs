//! Rendering for people (comfy-table) and scripts (JSON).

use std::io::Write;

use bizlicense::reconcile::{Report, Verdict};
use comfy_table::{
    ColumnConstraint, ContentArrangement, Table, Width, presets::UTF8_FULL_CONDENSED,
};
use serde::Serialize;

use crate::error::CliError;

/// A table in the house style: condensed UTF-8 borders, wrapped to the terminal width.
pub fn new_table<I, S>(header: I) -> Table
where
    I: IntoIterator<Item = S>,
    S: Into<comfy_table::Cell>,
{
    let mut table = Table::new();
    table
        .load_preset(UTF8_FULL_CONDENSED)
        .set_content_arrangement(ContentArrangement::Dynamic)
        .set_header(header);
    // Not a terminal (a pipe, a file, a test): wrap to a width that reads well anywhere.
    if table.width().is_none() {
        table.set_width(FALLBACK_WIDTH);
    }
    table
}

/// Table width when the terminal's is unknown.
const FALLBACK_WIDTH: u16 = 100;

/// Display width of `s` in terminal columns: CJK and full-width characters take two.
pub fn display_width(s: &str) -> usize {
    s.chars().map(char_width).sum()
}

fn char_width(c: char) -> usize {
    let u = c as u32;
    let wide = matches!(u,
        0x1100..=0x115F | 0x2E80..=0x303E | 0x3041..=0x33FF | 0x3400..=0x4DBF | 0x4E00..=0x9FFF
        | 0xA000..=0xA4CF | 0xAC00..=0xD7A3 | 0xF900..=0xFAFF | 0xFE30..=0xFE4F
        | 0xFF00..=0xFF60 | 0xFFE0..=0xFFE6 | 0x20000..=0x3FFFD);
    if wide { 2 } else { 1 }
}

/// Cut `s` to at most `max` columns, ending in `…` when cut.
pub fn truncate(s: &str, max: usize) -> String {
    if display_width(s) <= max {
        return s.to_owned();
    }
    let mut out = String::new();
    let mut w = 0;
    for c in s.chars() {
        let cw = char_width(c);
        if w + cw + 1 > max {
            break;
        }
        out.push(c);
        w += cw;
    }
    out.push('…');
    out
}

/// How much of a report to show.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Detail {
    /// The table only, long values cut short (the demo's per-license tables).
    Compact,
    /// Longer values, and a note per field that is not an exact match saying why.
    Full,
}

impl Detail {
    /// Width at which a value is cut.
    fn value_width(self) -> usize {
        match self {
            Detail::Compact => 24,
            Detail::Full => 60,
        }
    }
}

/// The report as a table (field, scan, registry, verdict, score) plus its decision, reasons,
/// notes and warnings.
pub fn report_table(report: &Report, detail: Detail) -> String {
    let mut table = new_table(["field", "scan", "registry", "verdict", "score"]);
    let value = |v: &Option<String>| match v {
        None => "-".to_owned(),
        Some(v) => truncate(v, detail.value_width()),
    };
    for f in &report.fields {
        table.add_row([
            f.field.as_str().to_owned(),
            value(&f.scan),
            value(&f.registry),
            f.verdict.as_str().to_owned(),
            format!("{:.2}", f.score),
        ]);
    }
    // Ids, verdicts and scores never wrap; values get room for an 18-character code.
    for (i, constraint) in [
        ColumnConstraint::ContentWidth,
        ColumnConstraint::LowerBoundary(Width::Fixed(20)),
        ColumnConstraint::LowerBoundary(Width::Fixed(20)),
        ColumnConstraint::ContentWidth,
        ColumnConstraint::ContentWidth,
    ]
    .into_iter()
    .enumerate()
    {
        if let Some(column) = table.column_mut(i) {
            column.set_constraint(constraint);
        }
    }
    let mut out = table.to_string();
    out.push('\n');
    out.push_str(&decision_line(report));
    if detail == Detail::Full {
        for f in report
            .fields
            .iter()
            .filter(|f| !matches!(f.verdict, Verdict::Exact | Verdict::Missing))
        {
            out.push_str(&format!(
                "\n  {} ({}): {}",
                f.field.as_str(),
                f.verdict.as_str(),
                f.reason
            ));
        }
    }
    for w in &report.warnings {
        out.push_str(&format!("\nwarning: {} ({})", w.message, w.code));
    }
    out
}

/// `decision: review (name_similar)`.
pub fn decision_line(report: &Report) -> String {
    let mut line = format!("decision: {}", report.decision.as_str());
    if !report.reasons.is_empty() {
        line.push_str(&format!(" ({})", reasons(report)));
    }
    line
}

/// The reasons, comma-separated.
pub fn reasons(report: &Report) -> String {
    report
        .reasons
        .iter()
        .map(|r| r.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

/// Print `value` as pretty JSON on stdout.
pub fn print_json<T: Serialize>(value: &T) -> Result<(), CliError> {
    let text = serde_json::to_string_pretty(value).map_err(|e| {
        CliError::failure(
            format!("cannot render JSON: {e}"),
            "this is a bug; please report it",
        )
    })?;
    print_text(&text)
}

/// Print `text` and a newline on stdout; a closed pipe (`| head`) is not an error.
pub fn print_text(text: &str) -> Result<(), CliError> {
    let mut out = std::io::stdout().lock();
    match writeln!(out, "{text}").and_then(|()| out.flush()) {
        Ok(()) => Ok(()),
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        Err(e) => Err(write_error(e)),
    }
}

/// An error writing output.
pub fn write_error(e: std::io::Error) -> CliError {
    CliError::failure(
        format!("cannot write output: {e}"),
        "check the output file or pipe (disk full? permissions?)",
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn widths_count_cjk_twice() {
        assert_eq!(display_width("abc"), 3);
        assert_eq!(display_width("腾讯(深圳)"), 10);
        assert_eq!(display_width("（"), 2);
    }

    #[test]
    fn truncate_respects_columns() {
        assert_eq!(truncate("short", 10), "short");
        let t = truncate("杭州青禾数据科技有限公司", 9);
        assert_eq!(t, "杭州青禾…");
        assert!(display_width(&t) <= 9);
        assert_eq!(truncate("abcdefghij", 5), "abcd…");
    }
}
