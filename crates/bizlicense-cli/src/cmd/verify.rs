//! `bizlicense verify`: one license (image file, image URL or code) against the providers.

use std::path::Path;

use bizlicense::LicenseImage;
use bizlicense::ident::{RegistrationId, normalize_input};
use bizlicense::jiff::civil::Date;
use clap::Args;

use crate::app::{Format, ProviderArgs};
use crate::cmd::reconcile::{parse_date, print_report, today};
use crate::config::Settings;
use crate::error::{CliError, EXIT_OK};
use crate::output::print_text;
use crate::providers::{self, ClientRetries, CodeSubject, Service, Subject};

/// Arguments of `verify`.
#[derive(Debug, Args)]
#[command(
    long_about = "Verify one business license against the configured providers and print the \
reconciliation report.

INPUT is a license image file (PNG/JPEG), an image URL (http:// or https://), or a credit code \
/ registration number. An image is read by the OCR provider (--reader), then looked up in the \
registry (--verifier); a code is looked up directly and compared with the fields you pass \
(--name, --address, --legal-rep).",
    after_help = "\
Examples:
  bizlicense verify license.jpg
  bizlicense verify https://example.com/license.png --reader tencent --verifier basic
  bizlicense verify 911101085636549482 --name '腾讯云计算（北京）有限责任公司' --legal-rep 谢兰芳
  bizlicense verify 91330106MA2H7K3LXA --name 杭州青禾数据科技有限公司 --emulator http://127.0.0.1:8080

Credentials: TENCENTCLOUD_SECRET_ID / TENCENTCLOUD_SECRET_KEY (/ TENCENTCLOUD_SESSION_TOKEN) and,
for --reader wechat, WECHAT_APP_ID / WECHAT_APP_SECRET. With --emulator URL the emulator's
published default credentials are used unless those variables are set."
)]
pub struct VerifyArgs {
    /// A license image file, an image URL, or a credit code / registration number.
    #[arg(value_name = "INPUT")]
    pub input: String,
    /// Company name to check with a code.
    #[arg(long)]
    pub name: Option<String>,
    /// Address to check with a code.
    #[arg(long)]
    pub address: Option<String>,
    /// Legal representative to check with a code.
    #[arg(long = "legal-rep", value_name = "NAME")]
    pub legal_rep: Option<String>,
    /// The legal representative's ID number (required by --verifier enterprise4).
    #[arg(long, value_name = "ID")]
    pub id_number: Option<String>,
    /// Reference date for expiry checks, YYYY-MM-DD [default: today].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Provider selection.
    #[command(flatten)]
    pub providers: ProviderArgs,
}

/// Whether `input` is an http(s) URL.
pub fn is_url(input: &str) -> bool {
    let t = input.trim();
    t.starts_with("http://") || t.starts_with("https://")
}

/// An image URL as a subject.
pub fn image_from_url(url: &str) -> Result<Subject, CliError> {
    let url = url.trim();
    LicenseImage::from_url(url)
        .map(Subject::Image)
        .map_err(|e| {
            CliError::usage(
                format!("{url:?} is not a usable image URL: {e}"),
                "pass an http(s) URL of a PNG or JPEG license image",
            )
        })
}

/// Image file bytes as a subject.
pub fn image_from_bytes(path: &Path, bytes: Vec<u8>) -> Result<Subject, CliError> {
    LicenseImage::from_bytes(bytes)
        .map(Subject::Image)
        .map_err(|e| {
            CliError::usage(
                format!("{} is not a usable license image: {e}", path.display()),
                "pass a PNG or JPEG photo or scan of the license",
            )
        })
}

/// The error for an image file that cannot be read.
pub fn unreadable_image(path: &Path, e: &std::io::Error) -> CliError {
    CliError::usage(
        format!("cannot read image file {}: {e}", path.display()),
        "check the path and its permissions",
    )
}

/// A code (validated and normalized) with the fields to check as a subject.
pub fn code_subject(input: &str, fields: CodeSubject) -> Result<Subject, CliError> {
    let id = RegistrationId::parse(input).map_err(|e| {
        CliError::usage(
            format!("{input:?} is not a valid code: {e}"),
            "check the code for typos (`bizlicense code check` explains what is wrong)",
        )
    })?;
    Ok(Subject::Code(CodeSubject {
        code: id.as_str().to_owned(),
        ..fields
    }))
}

/// Detect what `input` is: an http(s) URL, an existing image file, or a code.
pub fn parse_subject(input: &str, fields: CodeSubject) -> Result<Subject, CliError> {
    if is_url(input) {
        return image_from_url(input);
    }
    let path = Path::new(input.trim());
    if path.is_file() {
        let bytes = std::fs::read(path).map_err(|e| unreadable_image(path, &e))?;
        return image_from_bytes(path, bytes);
    }
    let normalized = normalize_input(input);
    let looks_like_code = !normalized.is_empty()
        && normalized.len() <= 20
        && normalized.chars().all(|c| c.is_ascii_alphanumeric());
    if !looks_like_code {
        return Err(CliError::usage(
            format!("{input:?} is not an image file, an image URL or a code"),
            "pass a path to a PNG/JPEG file, an http(s) URL, or an 18-character credit code",
        ));
    }
    code_subject(&normalized, fields)
}

/// Run `verify`.
pub async fn run(args: VerifyArgs, settings: &Settings) -> Result<u8, CliError> {
    let fields = CodeSubject {
        code: String::new(),
        name: args.name.clone(),
        address: args.address.clone(),
        legal_representative: args.legal_rep.clone(),
        id_number: args.id_number.clone(),
    };
    let subject = parse_subject(&args.input, fields)?;
    if matches!(subject, Subject::Image(_))
        && (args.name.is_some() || args.address.is_some() || args.legal_rep.is_some())
    {
        return Err(CliError::usage(
            "--name, --address and --legal-rep go with a code; an image is read by OCR",
            "drop those flags, or pass the credit code instead of the image",
        ));
    }
    let provider_settings = settings.providers(&args.providers);
    let providers = providers::build(&provider_settings, ClientRetries::On)?;
    let service = Service::new(
        providers,
        args.as_of.unwrap_or_else(today),
        args.id_number.clone(),
    );
    let outcome = service
        .check(&subject)
        .await
        .map_err(|f| f.to_cli_error())?;
    if settings.format == Format::Table {
        let via = match &subject {
            Subject::Code(c) => format!("code {} -> {}", c.code, outcome.record.provider),
            Subject::Image(_) => service.describe(),
        };
        let name = outcome
            .record
            .name
            .as_deref()
            .or(outcome.scan.name.as_deref())
            .unwrap_or("(no name)");
        print_text(&format!("{name}  [{via}]"))?;
    }
    print_report(&outcome.report, settings.format)?;
    Ok(EXIT_OK)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn subjects_are_detected() {
        let s = parse_subject("https://example.com/l.png", CodeSubject::default()).unwrap();
        assert!(matches!(s, Subject::Image(_)));
        let s = parse_subject(
            " 9111 0108 5636 5494 82 ",
            CodeSubject {
                name: Some("x".into()),
                ..Default::default()
            },
        )
        .unwrap();
        match s {
            Subject::Code(c) => {
                assert_eq!(c.code, "911101085636549482");
                assert_eq!(c.name.as_deref(), Some("x"));
            }
            Subject::Image(_) => panic!("a code"),
        }
        let e = parse_subject("911101085636549483", CodeSubject::default()).unwrap_err();
        assert_eq!(e.exit, 2);
        assert!(e.message.contains("check character"), "{}", e.message);
        let e = parse_subject("no/such/file.png", CodeSubject::default()).unwrap_err();
        assert!(e.message.contains("not an image file"), "{}", e.message);
    }
}
