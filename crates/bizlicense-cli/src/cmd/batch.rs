//! `bizlicense batch`: JSONL in, JSONL out, in input order, with bounded concurrency, a QPS
//! limit and retries per provider, a cache, a progress display, resume, and a clean Ctrl-C.

use std::collections::HashSet;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

use bizlicense::compose::{ProviderExt, RetryPolicy};
use bizlicense::jiff::civil::Date;
use bizlicense::reconcile::{Decision, Report};
use bizlicense::{LicenseReader, RegistryVerifier};
use clap::Args;
use futures::StreamExt;
use serde::{Deserialize, Serialize};
use serde_json::Value;

use crate::app::ProviderArgs;
use crate::cmd::reconcile::{parse_date, today};
use crate::cmd::verify::{
    code_subject, image_from_bytes, image_from_url, is_url, unreadable_image,
};
use crate::config::Settings;
use crate::error::{CliError, EXIT_INTERRUPTED, EXIT_OK};
use crate::journal::{Journal, ResultLine};
use crate::output::write_error;
use crate::progress::Progress;
use crate::providers::{self, ClientRetries, CodeSubject, Providers, Service, Subject};

/// Arguments of `batch`.
#[derive(Debug, Args)]
#[command(
    long_about = "Verify many licenses. Reads JSONL (one job per line), writes JSONL (one result \
per line) in input order, with up to --concurrency jobs in flight and at most --qps calls per \
second to each provider; retryable provider errors are retried with backoff, and answers are \
cached (an identical image or query is not paid for twice).

Each input line is one of
  {\"id\": \"a1\", \"image\": \"scans/a1.jpg\"}          an image file (relative to the current
                                                   directory) or an http(s) URL
  {\"id\": \"a2\", \"code\": \"911101085636549482\", \"name\": \"...\", \"address\": \"...\",
   \"legal_rep\": \"...\", \"id_number\": \"...\"}      a code and the fields to check
(\"id\" is optional and echoed back). Each output line is
  {\"line\": 1, \"id\": \"a1\", \"decision\": \"pass\", \"report\": {...}}                or
  {\"line\": 2, \"id\": \"a2\", \"decision\": null, \"error\": {\"stage\": \"verify\",
   \"kind\": \"not_found\", \"message\": \"...\"}}
A bad input line gets an error object too; it never stops the batch.

Ctrl-C stops taking new jobs, finishes the ones in flight, writes them and exits 130 (Ctrl-C \
again quits at once). With --output FILE --resume, a rerun skips the lines already in FILE and \
appends the rest. Add --state FILE (a SQLite file) and even a batch killed with kill -9 resumes \
without paying for an answer twice: every answer is journaled there before its line is written, \
and answers are cached there across runs.",
    after_help = "\
Examples:
  bizlicense batch --input jobs.jsonl --output results.jsonl --concurrency 8 --qps 10
  cat jobs.jsonl | bizlicense batch --emulator http://127.0.0.1:8080 > results.jsonl
  bizlicense batch --input jobs.jsonl --output results.jsonl --resume
  bizlicense batch --input jobs.jsonl --output results.jsonl --resume --state batch.sqlite
  jq -r 'select(.decision != \"pass\") | .id' results.jsonl

Exit codes: 0 when every line has a result (errors included), 2 for unusable flags or an
unreadable input file, 130 when interrupted."
)]
pub struct BatchArgs {
    /// JSONL input file [default: stdin].
    #[arg(long, value_name = "FILE")]
    pub input: Option<PathBuf>,
    /// JSONL output file [default: stdout].
    #[arg(long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Jobs in flight at once [default: 4].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub concurrency: Option<u16>,
    /// Calls per second to each provider [default: 5].
    #[arg(long, value_name = "N", value_parser = clap::value_parser!(u32).range(1..))]
    pub qps: Option<u32>,
    /// How long answers are cached, in seconds; 0 turns the cache off [default: 3600].
    #[arg(long, value_name = "SECS")]
    pub cache_ttl: Option<u64>,
    /// Skip the lines whose result is already in --output and append the rest.
    #[arg(long, requires = "output")]
    pub resume: bool,
    /// SQLite file journaling every answer (before its line is written) and caching answers
    /// across runs: rerun a killed batch with the same arguments and no answer is paid twice.
    #[arg(long, value_name = "FILE")]
    pub state: Option<PathBuf>,
    /// Reference date for expiry checks, YYYY-MM-DD [default: today].
    #[arg(long, value_name = "YYYY-MM-DD", value_parser = parse_date)]
    pub as_of: Option<Date>,
    /// Provider selection.
    #[command(flatten)]
    pub providers: ProviderArgs,
}

/// One input line.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
struct Job {
    #[serde(default)]
    id: Option<Value>,
    image: Option<String>,
    code: Option<String>,
    name: Option<String>,
    address: Option<String>,
    #[serde(alias = "legal_representative")]
    legal_rep: Option<String>,
    id_number: Option<String>,
}

/// One output line.
#[derive(Debug, Serialize)]
struct Outcome {
    line: usize,
    id: Value,
    decision: Option<Decision>,
    #[serde(skip_serializing_if = "Option::is_none")]
    report: Option<Report>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<JobError>,
}

#[derive(Debug, Serialize)]
struct JobError {
    stage: &'static str,
    kind: String,
    message: String,
}

impl JobError {
    fn input(message: impl Into<String>) -> Self {
        JobError {
            stage: "input",
            kind: "invalid_input".to_owned(),
            message: message.into(),
        }
    }
}

/// Resolved batch settings.
struct Plan {
    concurrency: usize,
    qps: u32,
    cache_ttl: Duration,
    /// A persistent answer cache (`--state`), in front of the in-memory one.
    store: Option<Arc<dyn bizlicense::compose::CacheStore>>,
}

/// Run `batch`.
pub async fn run(args: BatchArgs, settings: &Settings) -> Result<u8, CliError> {
    let file = &settings.file.batch;
    let plan = Plan {
        concurrency: args
            .concurrency
            .map(usize::from)
            .or(file.concurrency)
            .unwrap_or(4)
            .max(1),
        qps: args.qps.or(file.qps).unwrap_or(5).max(1),
        cache_ttl: Duration::from_secs(args.cache_ttl.or(file.cache_ttl_secs).unwrap_or(3600)),
        store: None,
    };
    let jobs = read_jobs(args.input.as_deref()).await?;
    let journal = Journal::open(args.state.as_deref(), &jobs)?;
    let plan = Plan {
        store: journal.cache_store(),
        ..plan
    };
    let done = match (&args.output, args.resume) {
        (Some(path), true) => finished_lines(path)?,
        _ => HashSet::new(),
    };
    let skipped = jobs.iter().filter(|(line, _)| done.contains(line)).count();
    let jobs: Vec<(usize, String)> = jobs
        .into_iter()
        .filter(|(line, _)| !done.contains(line))
        .collect();

    let provider_settings = settings.providers(&args.providers);
    let providers = decorate(
        providers::build(&provider_settings, ClientRetries::Off)?,
        &plan,
    );
    let service = Service::new(providers, args.as_of.unwrap_or_else(today), None);
    let mut sink = Sink::open(args.output.as_deref(), args.resume)?;

    let total = jobs.len();
    let progress = Progress::new(total as u64);
    let interrupted = Arc::new(AtomicBool::new(false));
    let stop = Box::pin(stop_signal(interrupted.clone(), progress.clone()));
    let started = Instant::now();
    let mut counts = Counts::default();

    let (service, journal) = (&service, &journal);
    let mut results = futures::stream::iter(jobs)
        .take_until(stop)
        .map(|(line, text)| async move {
            // Journaled answers cost nothing; fresh ones are journaled before they are written.
            if let Some(done) = journal.answered(line).await? {
                return Ok(done);
            }
            let done = render(&process(service, line, &text).await)?;
            journal.record(line, &done).await?;
            Ok::<_, CliError>(done)
        })
        .buffered(plan.concurrency);
    while let Some(done) = results.next().await {
        let done = done?;
        counts.add(done.decision);
        sink.write(&done.json)?;
        progress.inc(&counts.summary());
    }
    sink.finish()?;
    progress.finish();

    let elapsed = started.elapsed().as_secs_f64();
    let mut summary = format!(
        "batch: {} of {total} done in {elapsed:.1}s: {}",
        counts.total,
        counts.summary()
    );
    if skipped > 0 {
        summary.push_str(&format!(" ({skipped} skipped: already in the output)"));
    }
    let mut stderr = std::io::stderr().lock();
    if interrupted.load(Ordering::SeqCst) {
        let _ = writeln!(
            stderr,
            "{summary}\ninterrupted: {} job(s) not started; rerun with --output FILE --resume to \
             finish them",
            total - counts.total
        );
        return Ok(EXIT_INTERRUPTED);
    }
    let _ = writeln!(stderr, "{summary}");
    Ok(EXIT_OK)
}

/// Rate limit and retry each provider, then cache in front (a hit costs no token and no call).
fn decorate(p: Providers, plan: &Plan) -> Providers {
    let retry = RetryPolicy::default();
    let reader = p.reader.with_rate_limit(plan.qps).with_retry(retry);
    let verifier = p.verifier.with_rate_limit(plan.qps).with_retry(retry);
    if plan.cache_ttl.is_zero() {
        return Providers {
            reader: Arc::new(reader),
            verifier: Arc::new(verifier),
        };
    }
    if let Some(store) = &plan.store {
        return Providers {
            reader: Arc::new(reader.cached_in(store.clone(), plan.cache_ttl)),
            verifier: Arc::new(verifier.cached_in(store.clone(), plan.cache_ttl)),
        };
    }
    let reader: Arc<dyn LicenseReader> = Arc::new(reader.cached(plan.cache_ttl, 10_000));
    let verifier: Arc<dyn RegistryVerifier> = Arc::new(verifier.cached(plan.cache_ttl, 10_000));
    Providers { reader, verifier }
}

/// A future that completes on the first Ctrl-C (and sets `flag`); a second Ctrl-C exits at once.
async fn stop_signal(flag: Arc<AtomicBool>, progress: Progress) {
    if tokio::signal::ctrl_c().await.is_err() {
        // No signal handling on this platform: never stop early.
        std::future::pending::<()>().await;
    }
    flag.store(true, Ordering::SeqCst);
    progress.println("interrupted: finishing the jobs in flight (Ctrl-C again to quit now)");
    tokio::spawn(async {
        if tokio::signal::ctrl_c().await.is_ok() {
            std::process::exit(i32::from(EXIT_INTERRUPTED));
        }
    });
}

/// Read the input: `(line number, text)` for every non-blank line.
async fn read_jobs(input: Option<&Path>) -> Result<Vec<(usize, String)>, CliError> {
    let text = match input {
        Some(path) if path != Path::new("-") => {
            tokio::fs::read_to_string(path).await.map_err(|e| {
                CliError::usage(
                    format!("cannot read --input file {}: {e}", path.display()),
                    "check the path; --input takes a UTF-8 JSONL file, one job per line",
                )
            })?
        }
        _ => {
            // Read before any work starts, so blocking this thread holds nothing up.
            std::io::read_to_string(std::io::stdin().lock()).map_err(|e| {
                CliError::usage(
                    format!("cannot read jobs from stdin: {e}"),
                    "pipe UTF-8 JSONL, one job per line, or pass --input FILE",
                )
            })?
        }
    };
    Ok(text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, l.to_owned()))
        .collect())
}

/// The input lines already answered in `path` (for `--resume`). A partial last line (a crash
/// mid-write) is cut off so appending starts on a clean line.
fn finished_lines(path: &Path) -> Result<HashSet<usize>, CliError> {
    let text = match std::fs::read_to_string(path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(HashSet::new()),
        Err(e) => {
            return Err(CliError::usage(
                format!(
                    "cannot read --output file {} to resume: {e}",
                    path.display()
                ),
                "check the path, or drop --resume to start over",
            ));
        }
    };
    let complete = match text.rfind('\n') {
        Some(i) => &text[..=i],
        None => "",
    };
    if complete.len() != text.len() {
        let file = std::fs::OpenOptions::new()
            .write(true)
            .open(path)
            .map_err(write_error)?;
        file.set_len(complete.len() as u64).map_err(write_error)?;
    }
    Ok(complete
        .lines()
        .filter_map(|l| serde_json::from_str::<Value>(l).ok())
        .filter_map(|v| v.get("line").and_then(Value::as_u64))
        .filter_map(|n| usize::try_from(n).ok())
        .collect())
}

/// Turn one input line into a result; never fails (errors become error objects).
async fn process(service: &Service, line: usize, text: &str) -> Outcome {
    let fail = |id: Value, error: JobError| Outcome {
        line,
        id,
        decision: None,
        report: None,
        error: Some(error),
    };
    let job: Job = match serde_json::from_str(text) {
        Ok(job) => job,
        Err(e) => {
            // Keep the id when the line is JSON with an id but a bad shape.
            let id = serde_json::from_str::<Value>(text)
                .ok()
                .and_then(|v| v.get("id").cloned())
                .unwrap_or(Value::Null);
            return fail(
                id,
                JobError::input(format!(
                    "not a job: {e} (expected {{\"image\": ...}} or {{\"code\": ...}})"
                )),
            );
        }
    };
    let id = job.id.clone().unwrap_or(Value::Null);
    let subject = match subject(job).await {
        Ok(s) => s,
        Err(e) => return fail(id, JobError::input(e)),
    };
    match service.check(&subject).await {
        Ok(o) => Outcome {
            line,
            id,
            decision: Some(o.report.decision),
            report: Some(o.report),
            error: None,
        },
        Err(f) => fail(
            id,
            JobError {
                stage: f.stage,
                kind: f.kind().to_owned(),
                message: f.message,
            },
        ),
    }
}

async fn subject(job: Job) -> Result<Subject, String> {
    match (job.image, job.code) {
        (Some(image), None) => {
            if job.name.is_some() || job.address.is_some() || job.legal_rep.is_some() {
                return Err("name, address and legal_rep go with a code, not an image".into());
            }
            if is_url(&image) {
                return image_from_url(&image).map_err(|e| e.message);
            }
            let path = Path::new(image.trim());
            let bytes = tokio::fs::read(path)
                .await
                .map_err(|e| unreadable_image(path, &e).message)?;
            image_from_bytes(path, bytes).map_err(|e| e.message)
        }
        (None, Some(code)) => code_subject(
            &code,
            CodeSubject {
                code: String::new(),
                name: job.name,
                address: job.address,
                legal_representative: job.legal_rep,
                id_number: job.id_number,
            },
        )
        .map_err(|e| e.message),
        (Some(_), Some(_)) => Err("give either \"image\" or \"code\", not both".into()),
        (None, None) => Err("a job needs \"image\" (a path or URL) or \"code\"".into()),
    }
}

/// The output line of an outcome.
fn render(o: &Outcome) -> Result<ResultLine, CliError> {
    let json = serde_json::to_string(o)
        .map_err(|e| CliError::failure(format!("cannot render a result: {e}"), "this is a bug"))?;
    Ok(ResultLine {
        json,
        decision: o.decision,
    })
}

/// Tallies for the progress display and the summary.
#[derive(Debug, Default)]
struct Counts {
    total: usize,
    pass: usize,
    review: usize,
    fail: usize,
    error: usize,
}

impl Counts {
    fn add(&mut self, decision: Option<Decision>) {
        self.total += 1;
        match decision {
            Some(Decision::Pass) => self.pass += 1,
            Some(Decision::Review) => self.review += 1,
            Some(Decision::Fail) => self.fail += 1,
            None => self.error += 1,
        }
    }

    fn summary(&self) -> String {
        format!(
            "{} pass, {} review, {} fail, {} error",
            self.pass, self.review, self.fail, self.error
        )
    }
}

/// Where results go: a file (flushed per line, so an interrupted run leaves whole lines) or
/// stdout.
struct Sink {
    out: Box<dyn Write>,
    path: Option<PathBuf>,
}

impl Sink {
    fn open(path: Option<&Path>, append: bool) -> Result<Self, CliError> {
        let Some(path) = path.filter(|p| *p != Path::new("-")) else {
            return Ok(Sink {
                out: Box::new(std::io::stdout()),
                path: None,
            });
        };
        let file = std::fs::OpenOptions::new()
            .create(true)
            .write(true)
            .append(append)
            .truncate(!append)
            .open(path)
            .map_err(|e| {
                CliError::usage(
                    format!("cannot open --output file {}: {e}", path.display()),
                    "check that the directory exists and is writable",
                )
            })?;
        Ok(Sink {
            out: Box::new(std::io::BufWriter::new(file)),
            path: Some(path.to_owned()),
        })
    }

    fn write(&mut self, line: &str) -> Result<(), CliError> {
        writeln!(self.out, "{line}")
            .and_then(|()| self.out.flush())
            .map_err(|e| match &self.path {
                Some(p) => CliError::failure(
                    format!("cannot write to {}: {e}", p.display()),
                    "check the disk space and permissions; rerun with --resume to continue",
                ),
                None => write_error(e),
            })
    }

    fn finish(&mut self) -> Result<(), CliError> {
        self.out.flush().map_err(write_error)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[tokio::test]
    async fn jobs_become_subjects_or_errors() {
        let job: Job =
            serde_json::from_str(r#"{"code": "911101085636549482", "name": "x"}"#).unwrap();
        assert!(matches!(subject(job).await, Ok(Subject::Code(_))));
        let job: Job = serde_json::from_str(r#"{"image": "https://example.com/a.png"}"#).unwrap();
        assert!(matches!(subject(job).await, Ok(Subject::Image(_))));
        let job: Job = serde_json::from_str(r#"{"id": 1}"#).unwrap();
        assert!(subject(job).await.unwrap_err().contains("needs"));
        let job: Job = serde_json::from_str(r#"{"image": "/no/such.png"}"#).unwrap();
        assert!(
            subject(job)
                .await
                .unwrap_err()
                .contains("cannot read image file")
        );
        let job: Job = serde_json::from_str(r#"{"code": "123"}"#).unwrap();
        assert!(subject(job).await.unwrap_err().contains("18 characters"));
        assert!(serde_json::from_str::<Job>(r#"{"imgae": "a.png"}"#).is_err());
    }

    #[test]
    fn resume_reads_finished_lines_and_drops_a_partial_one() {
        let dir = std::env::temp_dir().join(format!("bizlicense-resume-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let path = dir.join("out.jsonl");
        std::fs::write(&path, "{\"line\":1}\n{\"line\":3}\n{\"line\":4,\"id\":").unwrap();
        let done = finished_lines(&path).unwrap();
        assert_eq!(done, HashSet::from([1, 3]));
        assert_eq!(
            std::fs::read_to_string(&path).unwrap(),
            "{\"line\":1}\n{\"line\":3}\n"
        );
        assert!(
            finished_lines(&dir.join("missing.jsonl"))
                .unwrap()
                .is_empty()
        );
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
