//! `bizlicense code check`: validate identifiers, from arguments or stdin, thousands at a time.

use std::io::{BufRead, BufWriter, Write};

use bizlicense::ident::{CreditCode, IdKind, OrgCode, RegNo, normalize_input};
use clap::{Args, Subcommand};
use comfy_table::ColumnConstraint;
use serde::Serialize;

use crate::app::Format;
use crate::error::{CliError, EXIT_FAILURE, EXIT_OK};
use crate::output::{new_table, write_error};

/// Identifier tools.
#[derive(Debug, Subcommand)]
pub enum CodeCommand {
    /// Check 统一社会信用代码 (18), 注册号 (15) and 组织机构代码 (9) codes.
    #[command(
        long_about = "Check unified social credit codes (统一社会信用代码, 18 characters), old \
registration numbers (注册号, 15 digits) and organization codes (组织机构代码, 9 characters): \
structure and check character. The kind is chosen by length after normalization (spaces, \
dashes and full-width characters removed, letters upper-cased); any other length is checked as \
a credit code.

Codes come from the arguments, or from stdin (one per line, blank lines skipped) when there are \
none. Exit code 1 when any code is invalid.",
        after_help = "\
Examples:
  bizlicense code check 911101085636549482 120118000032322
  cut -f3 companies.tsv | bizlicense code check --format json > checked.jsonl

JSON output is one object per line:
  {\"input\":\"911101085636549483\",\"valid\":false,\"kind\":\"credit_code\",\"normalized\":null,
   \"reason\":\"unified social credit code (统一社会信用代码): check character expected '2', got '3'\"}"
    )]
    Check(CheckArgs),
}

/// Arguments of `code check`.
#[derive(Debug, Args)]
pub struct CheckArgs {
    /// Codes to check; read from stdin, one per line, when none are given.
    #[arg(value_name = "CODES")]
    pub codes: Vec<String>,
}

/// The result for one code; serialized as one JSON line (a public contract).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct CodeResult {
    /// The input as given.
    pub input: String,
    /// Whether it is valid.
    pub valid: bool,
    /// Which identifier it was checked as.
    pub kind: IdKind,
    /// The normalized code when valid.
    pub normalized: Option<String>,
    /// Why not, when invalid.
    pub reason: Option<String>,
    /// Details for the table (authority, type, region); not part of the JSON.
    #[serde(skip)]
    pub details: Details,
}

/// What a valid code says about its holder.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Details {
    /// Registration authority (credit codes).
    pub authority: Option<&'static str>,
    /// Organization type (credit codes).
    pub org_type: Option<String>,
    /// Administrative region code.
    pub region: Option<String>,
}

/// Check one code, choosing the kind by normalized length.
pub fn check(input: &str) -> CodeResult {
    let n = normalize_input(input);
    let (kind, parsed) = match n.chars().count() {
        15 => (
            IdKind::RegNo,
            RegNo::parse(&n).map(|r| {
                let details = Details {
                    region: Some(r.region_code().to_owned()),
                    ..Details::default()
                };
                (r.as_str().to_owned(), details)
            }),
        ),
        9 => (
            IdKind::OrgCode,
            OrgCode::parse(&n).map(|o| (o.as_str().to_owned(), Details::default())),
        ),
        _ => (
            IdKind::CreditCode,
            CreditCode::parse(&n).map(|c| {
                let details = Details {
                    authority: Some(c.authority().chinese_name()),
                    org_type: Some(
                        c.org_type_name()
                            .map(str::to_owned)
                            .unwrap_or_else(|| format!("type {}", c.org_type())),
                    ),
                    region: Some(c.region_code().to_owned()),
                };
                (c.as_str().to_owned(), details)
            }),
        ),
    };
    match parsed {
        Ok((normalized, details)) => CodeResult {
            input: input.to_owned(),
            valid: true,
            kind,
            normalized: Some(normalized),
            reason: None,
            details,
        },
        Err(e) => CodeResult {
            input: input.to_owned(),
            valid: false,
            kind,
            normalized: None,
            reason: Some(e.to_string()),
            details: Details::default(),
        },
    }
}

/// Run `code check`; returns the exit code (1 when any code is invalid).
pub fn run(args: CheckArgs, format: Format) -> Result<u8, CliError> {
    let stdout = std::io::stdout();
    let mut out = BufWriter::with_capacity(64 * 1024, stdout.lock());
    let mut sink = Sink::new(format);
    if args.codes.is_empty() {
        let stdin = std::io::stdin();
        for line in stdin.lock().lines() {
            let line = line.map_err(|e| {
                CliError::usage(
                    format!("cannot read codes from stdin: {e}"),
                    "pass codes as arguments, or pipe UTF-8 text with one code per line",
                )
            })?;
            let line = line.strip_suffix('\r').unwrap_or(&line);
            if line.trim().is_empty() {
                continue;
            }
            sink.push(check(line), &mut out)?;
        }
    } else {
        for code in &args.codes {
            sink.push(check(code), &mut out)?;
        }
    }
    sink.finish(&mut out)
}

/// Streams JSON lines, or collects rows for one table at the end.
struct Sink {
    format: Format,
    rows: Vec<CodeResult>,
    invalid: usize,
    total: usize,
    broken_pipe: bool,
}

impl Sink {
    fn new(format: Format) -> Self {
        Sink {
            format,
            rows: Vec::new(),
            invalid: 0,
            total: 0,
            broken_pipe: false,
        }
    }

    fn push(&mut self, r: CodeResult, out: &mut dyn Write) -> Result<(), CliError> {
        self.total += 1;
        if !r.valid {
            self.invalid += 1;
        }
        match self.format {
            Format::Json if !self.broken_pipe => {
                let line = serde_json::to_string(&r).map_err(|e| {
                    CliError::failure(format!("cannot render JSON: {e}"), "this is a bug")
                })?;
                self.write(out, |o| writeln!(o, "{line}"))
            }
            Format::Json => Ok(()),
            Format::Table => {
                self.rows.push(r);
                Ok(())
            }
        }
    }

    fn write(
        &mut self,
        out: &mut dyn Write,
        f: impl FnOnce(&mut dyn Write) -> std::io::Result<()>,
    ) -> Result<(), CliError> {
        match f(out) {
            Ok(()) => Ok(()),
            // `| head`: stop writing, keep counting so the exit code stays right.
            Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {
                self.broken_pipe = true;
                Ok(())
            }
            Err(e) => Err(write_error(e)),
        }
    }

    fn finish(mut self, out: &mut dyn Write) -> Result<u8, CliError> {
        if self.format == Format::Table {
            let mut table = new_table([
                "input",
                "valid",
                "kind",
                "normalized / reason",
                "type · region · authority",
            ]);
            for r in &self.rows {
                let holder: Vec<&str> = [
                    r.details.org_type.as_deref(),
                    r.details.region.as_deref(),
                    r.details.authority,
                ]
                .into_iter()
                .flatten()
                .collect();
                table.add_row([
                    r.input.clone(),
                    if r.valid { "yes" } else { "NO" }.to_owned(),
                    r.kind.as_str().to_owned(),
                    r.normalized
                        .clone()
                        .or_else(|| r.reason.clone())
                        .unwrap_or_default(),
                    holder.join(" · "),
                ]);
            }
            for i in 0..3 {
                if let Some(column) = table.column_mut(i) {
                    column.set_constraint(ColumnConstraint::ContentWidth);
                }
            }
            let summary = format!(
                "{} checked, {} valid, {} invalid",
                self.total,
                self.total - self.invalid,
                self.invalid
            );
            self.write(out, |o| writeln!(o, "{table}\n{summary}"))?;
        }
        if !self.broken_pipe {
            self.write(out, |o| o.flush())?;
        }
        Ok(if self.invalid > 0 {
            EXIT_FAILURE
        } else {
            EXIT_OK
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_kind_by_length() {
        let r = check("911101085636549482");
        assert!(r.valid);
        assert_eq!(r.kind, IdKind::CreditCode);
        assert_eq!(r.details.org_type.as_deref(), Some("企业"));
        assert_eq!(r.details.region.as_deref(), Some("110108"));

        let r = check("120118000032322");
        assert!(r.valid, "{:?}", r.reason);
        assert_eq!(r.kind, IdKind::RegNo);

        let r = check("56365494-8");
        assert!(r.valid, "{:?}", r.reason);
        assert_eq!(r.kind, IdKind::OrgCode);
        assert_eq!(r.normalized.as_deref(), Some("563654948"));
    }

    #[test]
    fn other_lengths_talk_about_credit_codes() {
        let r = check("12345");
        assert!(!r.valid);
        assert_eq!(r.kind, IdKind::CreditCode);
        assert!(r.reason.unwrap().contains("18 characters"));
    }

    #[test]
    fn json_shape_is_the_contract() {
        let r = check(" ９１１１０１０８５６３６５４９４８２ ");
        let v = serde_json::to_value(&r).unwrap();
        assert_eq!(
            v,
            serde_json::json!({
                "input": " ９１１１０１０８５６３６５４９４８２ ",
                "valid": true,
                "kind": "credit_code",
                "normalized": "911101085636549482",
                "reason": null
            })
        );
        let v = serde_json::to_value(check("911101085636549483")).unwrap();
        assert_eq!(v["valid"], false);
        assert_eq!(v["normalized"], serde_json::Value::Null);
        assert!(v["reason"].as_str().unwrap().contains("check character"));
    }
}
