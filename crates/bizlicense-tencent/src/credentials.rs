//! Tencent Cloud API credentials and where to find them.
//!
//! Order (first hit wins), as in the official SDKs:
//! 1. explicit credentials given to the builder;
//! 2. environment: `TENCENTCLOUD_SECRET_ID` + `TENCENTCLOUD_SECRET_KEY`
//!    (+ optional `TENCENTCLOUD_SESSION_TOKEN` for temporary credentials);
//! 3. the profile file `~/.tencentcloud/credentials`, then `/etc/tencentcloud/credentials`
//!    (INI, section `[default]` or the chosen profile, keys `secret_id`, `secret_key`, optional
//!    `token`).
//!
//! The environment, the home directory and file reads are injected into [`CredentialsChain`]
//! so tests never touch the real ones.

use std::fmt;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use secrecy::{ExposeSecret, SecretString};

/// Environment variable holding the SecretId.
pub const ENV_SECRET_ID: &str = "TENCENTCLOUD_SECRET_ID";
/// Environment variable holding the SecretKey.
pub const ENV_SECRET_KEY: &str = "TENCENTCLOUD_SECRET_KEY";
/// Environment variable holding the session token of temporary credentials.
pub const ENV_SESSION_TOKEN: &str = "TENCENTCLOUD_SESSION_TOKEN";
/// The system-wide profile file the official SDKs also read.
pub const SYSTEM_PROFILE_FILE: &str = "/etc/tencentcloud/credentials";

/// A SecretId / SecretKey pair, with a session token for temporary credentials.
///
/// The key and token are [`SecretString`]s; `Debug` shows the SecretId only.
///
/// ```
/// use bizlicense_tencent::Credentials;
/// let c = Credentials::new("AKIDexample", "very-secret").with_token("tmp-token");
/// let shown = format!("{c:?}");
/// assert!(shown.contains("AKIDexample"));
/// assert!(!shown.contains("very-secret") && !shown.contains("tmp-token"));
/// ```
#[derive(Clone)]
pub struct Credentials {
    secret_id: String,
    secret_key: SecretString,
    token: Option<SecretString>,
}

impl Credentials {
    /// Long-term credentials.
    pub fn new(secret_id: impl Into<String>, secret_key: impl Into<String>) -> Self {
        Credentials {
            secret_id: secret_id.into(),
            secret_key: SecretString::from(secret_key.into()),
            token: None,
        }
    }

    /// Add the session token of temporary (STS) credentials; sent as `X-TC-Token`.
    pub fn with_token(mut self, token: impl Into<String>) -> Self {
        self.token = Some(SecretString::from(token.into()));
        self
    }

    /// The SecretId (not secret: it names the key, like an access key id).
    pub fn secret_id(&self) -> &str {
        &self.secret_id
    }

    /// The SecretKey.
    pub fn secret_key(&self) -> &SecretString {
        &self.secret_key
    }

    /// The session token, for temporary credentials.
    pub fn token(&self) -> Option<&SecretString> {
        self.token.as_ref()
    }

    fn is_complete(&self) -> bool {
        !self.secret_id.trim().is_empty() && !self.secret_key.expose_secret().trim().is_empty()
    }
}

impl fmt::Debug for Credentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Credentials")
            .field("secret_id", &self.secret_id)
            .field("secret_key", &"[redacted]")
            .field("token", &self.token.as_ref().map(|_| "[redacted]"))
            .finish()
    }
}

/// Where credentials came from.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum CredentialsSource {
    /// Given to the builder.
    Explicit,
    /// The environment variables.
    Environment,
    /// A profile file, and the profile in it.
    ProfileFile {
        /// The file.
        path: PathBuf,
        /// The section.
        profile: String,
    },
}

/// Why no credentials could be found.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum CredentialsError {
    /// Every place was empty. The message names each place and what was found there.
    #[error(
        "no Tencent Cloud credentials found; looked in: {}. Set {ENV_SECRET_ID} and {ENV_SECRET_KEY}, \
         or write secret_id/secret_key under [default] in ~/.tencentcloud/credentials, \
         or pass credentials explicitly",
        .looked.join("; ")
    )]
    NotFound {
        /// Each place looked, with why it gave nothing.
        looked: Vec<String>,
    },
    /// A source was half-configured (an id without a key, say): an error, not a fall-through,
    /// so a typo does not silently pick other credentials.
    #[error("incomplete Tencent Cloud credentials in {place}: {problem}")]
    Incomplete {
        /// Where.
        place: String,
        /// What is missing.
        problem: String,
    },
    /// A profile file exists but could not be read.
    #[error("cannot read the Tencent Cloud profile file {path}: {source}")]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        source: io::Error,
    },
}

type EnvFn = dyn Fn(&str) -> Option<String> + Send + Sync;
type ReadFn = dyn Fn(&Path) -> io::Result<String> + Send + Sync;

/// Resolves credentials: explicit, then environment, then profile files.
///
/// ```
/// use bizlicense_tencent::credentials::{CredentialsChain, CredentialsSource};
///
/// let chain = CredentialsChain::new()
///     .with_env(|name| match name {
///         "TENCENTCLOUD_SECRET_ID" => Some("AKIDfromenv".into()),
///         "TENCENTCLOUD_SECRET_KEY" => Some("key".into()),
///         _ => None,
///     })
///     .with_home_dir(None)
///     .with_system_file(None);
/// let (creds, source) = chain.resolve_with_source().unwrap();
/// assert_eq!(creds.secret_id(), "AKIDfromenv");
/// assert_eq!(source, CredentialsSource::Environment);
/// ```
#[derive(Clone)]
pub struct CredentialsChain {
    explicit: Option<Credentials>,
    env: Arc<EnvFn>,
    read_file: Arc<ReadFn>,
    home_dir: Option<PathBuf>,
    profile_file: Option<PathBuf>,
    system_file: Option<PathBuf>,
    profile: String,
}

impl fmt::Debug for CredentialsChain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CredentialsChain")
            .field("explicit", &self.explicit)
            .field("home_dir", &self.home_dir)
            .field("profile_file", &self.profile_file)
            .field("system_file", &self.system_file)
            .field("profile", &self.profile)
            .finish_non_exhaustive()
    }
}

impl Default for CredentialsChain {
    fn default() -> Self {
        Self::new()
    }
}

impl CredentialsChain {
    /// The real environment, `$HOME` (`%USERPROFILE%` on Windows), the real file system.
    pub fn new() -> Self {
        let home = std::env::var_os("HOME")
            .or_else(|| std::env::var_os("USERPROFILE"))
            .map(PathBuf::from);
        CredentialsChain {
            explicit: None,
            env: Arc::new(|name| std::env::var(name).ok()),
            read_file: Arc::new(|p| std::fs::read_to_string(p)),
            home_dir: home,
            profile_file: None,
            system_file: Some(PathBuf::from(SYSTEM_PROFILE_FILE)),
            profile: "default".into(),
        }
    }

    /// Use these credentials before anything else.
    pub fn with_explicit(mut self, credentials: Credentials) -> Self {
        self.explicit = Some(credentials);
        self
    }

    /// Read environment variables through `env` instead of the process environment.
    pub fn with_env(
        mut self,
        env: impl Fn(&str) -> Option<String> + Send + Sync + 'static,
    ) -> Self {
        self.env = Arc::new(env);
        self
    }

    /// Read files through `read` instead of the file system.
    pub fn with_file_reader(
        mut self,
        read: impl Fn(&Path) -> io::Result<String> + Send + Sync + 'static,
    ) -> Self {
        self.read_file = Arc::new(read);
        self
    }

    /// The home directory holding `.tencentcloud/credentials` (`None`: skip that file).
    pub fn with_home_dir(mut self, home: Option<PathBuf>) -> Self {
        self.home_dir = home;
        self
    }

    /// Read this profile file instead of `~/.tencentcloud/credentials`.
    pub fn with_profile_file(mut self, path: impl Into<PathBuf>) -> Self {
        self.profile_file = Some(path.into());
        self
    }

    /// The system-wide file (default `/etc/tencentcloud/credentials`; `None`: skip it).
    pub fn with_system_file(mut self, path: Option<PathBuf>) -> Self {
        self.system_file = path;
        self
    }

    /// The INI section to read (default `default`).
    pub fn with_profile(mut self, profile: impl Into<String>) -> Self {
        self.profile = profile.into();
        self
    }

    /// Resolve the credentials.
    pub fn resolve(&self) -> Result<Credentials, CredentialsError> {
        self.resolve_with_source().map(|(c, _)| c)
    }

    /// Resolve the credentials and say where they came from.
    pub fn resolve_with_source(
        &self,
    ) -> Result<(Credentials, CredentialsSource), CredentialsError> {
        let mut looked = Vec::new();
        match &self.explicit {
            Some(c) if c.is_complete() => return Ok((c.clone(), CredentialsSource::Explicit)),
            Some(_) => {
                return Err(CredentialsError::Incomplete {
                    place: "the explicit credentials".into(),
                    problem: "secret id or secret key is empty".into(),
                });
            }
            None => looked.push("explicit credentials: none given".to_owned()),
        }

        if let Some(c) = self.lookup_env(&mut looked)? {
            return Ok((c, CredentialsSource::Environment));
        }

        let mut files = Vec::new();
        match (&self.profile_file, &self.home_dir) {
            (Some(p), _) => files.push(p.clone()),
            (None, Some(home)) => files.push(home.join(".tencentcloud").join("credentials")),
            (None, None) => looked.push(
                "~/.tencentcloud/credentials: no home directory (HOME is not set)".to_owned(),
            ),
        }
        if let Some(p) = &self.system_file {
            files.push(p.clone());
        }
        for path in files {
            if let Some(c) = self.lookup_file(&path, &mut looked)? {
                let source = CredentialsSource::ProfileFile {
                    path,
                    profile: self.profile.clone(),
                };
                return Ok((c, source));
            }
        }
        Err(CredentialsError::NotFound { looked })
    }

    fn lookup_env(
        &self,
        looked: &mut Vec<String>,
    ) -> Result<Option<Credentials>, CredentialsError> {
        let get = |n: &str| (self.env)(n).filter(|v| !v.trim().is_empty());
        let id = get(ENV_SECRET_ID);
        let key = get(ENV_SECRET_KEY);
        match (id, key) {
            (Some(id), Some(key)) => {
                let mut c = Credentials::new(id.trim(), key.trim());
                if let Some(t) = get(ENV_SESSION_TOKEN) {
                    c = c.with_token(t.trim());
                }
                Ok(Some(c))
            }
            (None, None) => {
                looked.push(format!(
                    "environment: {ENV_SECRET_ID} and {ENV_SECRET_KEY} are not set"
                ));
                Ok(None)
            }
            (Some(_), None) => Err(CredentialsError::Incomplete {
                place: "the environment".into(),
                problem: format!("{ENV_SECRET_ID} is set but {ENV_SECRET_KEY} is not"),
            }),
            (None, Some(_)) => Err(CredentialsError::Incomplete {
                place: "the environment".into(),
                problem: format!("{ENV_SECRET_KEY} is set but {ENV_SECRET_ID} is not"),
            }),
        }
    }

    fn lookup_file(
        &self,
        path: &Path,
        looked: &mut Vec<String>,
    ) -> Result<Option<Credentials>, CredentialsError> {
        let text = match (self.read_file)(path) {
            Ok(t) => t,
            Err(e) if e.kind() == io::ErrorKind::NotFound => {
                looked.push(format!("{}: no such file", path.display()));
                return Ok(None);
            }
            Err(source) => {
                return Err(CredentialsError::Unreadable {
                    path: path.to_owned(),
                    source,
                });
            }
        };
        let section = ini_section(&text, &self.profile);
        let Some(section) = section else {
            looked.push(format!("{}: no [{}] section", path.display(), self.profile));
            return Ok(None);
        };
        let get = |k: &str| {
            section
                .iter()
                .find(|(name, _)| name.eq_ignore_ascii_case(k))
                .map(|(_, v)| v.clone())
                .filter(|v| !v.is_empty())
        };
        match (get("secret_id"), get("secret_key")) {
            (Some(id), Some(key)) => {
                let mut c = Credentials::new(id, key);
                if let Some(t) = get("token") {
                    c = c.with_token(t);
                }
                Ok(Some(c))
            }
            (None, None) => {
                looked.push(format!(
                    "{}: [{}] has no secret_id/secret_key",
                    path.display(),
                    self.profile
                ));
                Ok(None)
            }
            (id, _) => Err(CredentialsError::Incomplete {
                place: format!("{} [{}]", path.display(), self.profile),
                problem: if id.is_some() {
                    "secret_id is set but secret_key is missing".into()
                } else {
                    "secret_key is set but secret_id is missing".into()
                },
            }),
        }
    }
}

/// The `key = value` pairs of `[section]` in INI text; values trimmed and unquoted.
/// `None` when the section is absent.
fn ini_section(text: &str, section: &str) -> Option<Vec<(String, String)>> {
    let mut in_section = false;
    let mut found = false;
    let mut pairs = Vec::new();
    for line in text.lines() {
        let line = line.trim().trim_start_matches('\u{feff}');
        if line.is_empty() || line.starts_with('#') || line.starts_with(';') {
            continue;
        }
        if let Some(name) = line.strip_prefix('[').and_then(|l| l.strip_suffix(']')) {
            in_section = name.trim() == section;
            found |= in_section;
            continue;
        }
        if !in_section {
            continue;
        }
        if let Some((k, v)) = line.split_once('=').or_else(|| line.split_once(':')) {
            let v = v.trim();
            let v = v
                .strip_prefix('"')
                .and_then(|v| v.strip_suffix('"'))
                .or_else(|| v.strip_prefix('\'').and_then(|v| v.strip_suffix('\'')))
                .unwrap_or(v);
            pairs.push((k.trim().to_owned(), v.trim().to_owned()));
        }
    }
    found.then_some(pairs)
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn env(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + Send + Sync + 'static {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        move |k| map.get(k).cloned()
    }

    fn files(
        pairs: &[(&str, &str)],
    ) -> impl Fn(&Path) -> io::Result<String> + Send + Sync + 'static {
        let map: HashMap<PathBuf, String> = pairs
            .iter()
            .map(|(k, v)| (PathBuf::from(k), (*v).to_owned()))
            .collect();
        move |p| {
            map.get(p)
                .cloned()
                .ok_or_else(|| io::Error::from(io::ErrorKind::NotFound))
        }
    }

    fn isolated() -> CredentialsChain {
        CredentialsChain::new()
            .with_env(env(&[]))
            .with_file_reader(files(&[]))
            .with_home_dir(Some(PathBuf::from("/home/test")))
            .with_system_file(Some(PathBuf::from("/etc/tencentcloud/credentials")))
    }

    #[test]
    fn explicit_beats_env_and_file() {
        let chain = isolated()
            .with_explicit(Credentials::new("EXPLICIT", "k"))
            .with_env(env(&[(ENV_SECRET_ID, "ENV"), (ENV_SECRET_KEY, "k")]));
        let (c, s) = chain.resolve_with_source().unwrap();
        assert_eq!(c.secret_id(), "EXPLICIT");
        assert_eq!(s, CredentialsSource::Explicit);
    }

    #[test]
    fn env_with_session_token() {
        let chain = isolated().with_env(env(&[
            (ENV_SECRET_ID, " ENVID "),
            (ENV_SECRET_KEY, "envkey"),
            (ENV_SESSION_TOKEN, "tok"),
        ]));
        let (c, s) = chain.resolve_with_source().unwrap();
        assert_eq!(c.secret_id(), "ENVID");
        assert_eq!(c.secret_key().expose_secret(), "envkey");
        assert_eq!(
            c.token().map(|t| t.expose_secret().to_owned()),
            Some("tok".into())
        );
        assert_eq!(s, CredentialsSource::Environment);
    }

    #[test]
    fn half_set_env_is_an_error_not_a_fall_through() {
        let chain = isolated().with_env(env(&[(ENV_SECRET_ID, "ENVID")]));
        let err = chain.resolve().unwrap_err();
        assert!(matches!(err, CredentialsError::Incomplete { .. }), "{err}");
        assert!(err.to_string().contains(ENV_SECRET_KEY), "{err}");
    }

    #[test]
    fn home_profile_file_default_section() {
        let ini = "# comment\n[other]\nsecret_id = NO\nsecret_key = NO\n\n[default]\nsecret_id = \"FILEID\"\nsecret_key=filekey\n";
        let chain =
            isolated().with_file_reader(files(&[("/home/test/.tencentcloud/credentials", ini)]));
        let (c, s) = chain.resolve_with_source().unwrap();
        assert_eq!(c.secret_id(), "FILEID");
        assert_eq!(c.secret_key().expose_secret(), "filekey");
        assert!(c.token().is_none());
        assert_eq!(
            s,
            CredentialsSource::ProfileFile {
                path: PathBuf::from("/home/test/.tencentcloud/credentials"),
                profile: "default".into()
            }
        );
    }

    #[test]
    fn named_profile_and_system_file_fallback() {
        let chain = isolated().with_profile("prod").with_file_reader(files(&[(
            "/etc/tencentcloud/credentials",
            "[prod]\nsecret_id=SYS\nsecret_key=s\ntoken=t\n",
        )]));
        let c = chain.resolve().unwrap();
        assert_eq!(c.secret_id(), "SYS");
        assert!(c.token().is_some());
    }

    #[test]
    fn nothing_found_names_every_place() {
        let err = isolated()
            .with_file_reader(files(&[(
                "/home/test/.tencentcloud/credentials",
                "[other]\nsecret_id=x\n",
            )]))
            .resolve()
            .unwrap_err();
        let msg = err.to_string();
        for needle in [
            "explicit credentials: none given",
            "TENCENTCLOUD_SECRET_ID and TENCENTCLOUD_SECRET_KEY are not set",
            "/home/test/.tencentcloud/credentials: no [default] section",
            "/etc/tencentcloud/credentials: no such file",
        ] {
            assert!(msg.contains(needle), "{needle:?} missing from {msg}");
        }
    }

    #[test]
    fn unreadable_file_is_reported() {
        let chain =
            isolated().with_file_reader(|_| Err(io::Error::from(io::ErrorKind::PermissionDenied)));
        let err = chain.resolve().unwrap_err();
        assert!(matches!(err, CredentialsError::Unreadable { .. }), "{err}");
    }

    #[test]
    fn secrets_never_in_debug_or_errors() {
        let c = Credentials::new("AKIDvisible", "SUPERSECRETKEY").with_token("SUPERSECRETTOKEN");
        let chain = isolated().with_explicit(c.clone());
        for s in [format!("{c:?}"), format!("{chain:?}")] {
            assert!(s.contains("AKIDvisible"), "{s}");
            assert!(!s.contains("SUPERSECRET"), "{s}");
        }
        let err = isolated()
            .with_file_reader(files(&[(
                "/home/test/.tencentcloud/credentials",
                "[default]\nsecret_key=SUPERSECRETKEY\n",
            )]))
            .resolve()
            .unwrap_err();
        assert!(!err.to_string().contains("SUPERSECRET"), "{err}");
        assert!(!format!("{err:?}").contains("SUPERSECRET"), "{err:?}");
    }
}
