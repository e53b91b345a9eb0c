//! Running commands: echoed before they run, failing with the command line in the error.

use std::ffi::OsStr;
use std::path::Path;
use std::process::{Command, Stdio};

use crate::{Error, Result};

/// A command to run in `dir`, with extra environment variables.
pub struct Cmd<'a> {
    program: &'a OsStr,
    args: Vec<&'a OsStr>,
    dir: &'a Path,
    env: Vec<(&'a str, &'a OsStr)>,
}

impl<'a> Cmd<'a> {
    /// `program` run in `dir`.
    pub fn new(program: &'a (impl AsRef<OsStr> + ?Sized), dir: &'a Path) -> Self {
        Cmd {
            program: program.as_ref(),
            args: Vec::new(),
            dir,
            env: Vec::new(),
        }
    }

    /// Appends arguments.
    pub fn args<S: AsRef<OsStr> + ?Sized + 'a>(
        mut self,
        args: impl IntoIterator<Item = &'a S>,
    ) -> Self {
        self.args.extend(args.into_iter().map(AsRef::as_ref));
        self
    }

    /// Sets an environment variable for the command.
    pub fn env(mut self, key: &'a str, value: &'a (impl AsRef<OsStr> + ?Sized)) -> Self {
        self.env.push((key, value.as_ref()));
        self
    }

    /// The command line, for messages.
    pub fn line(&self) -> String {
        let mut s = String::new();
        for (k, v) in &self.env {
            s.push_str(&format!("{k}={} ", v.to_string_lossy()));
        }
        s.push_str(&self.program.to_string_lossy());
        for a in &self.args {
            s.push(' ');
            s.push_str(&a.to_string_lossy());
        }
        s
    }

    fn command(&self) -> Command {
        let mut c = Command::new(self.program);
        c.args(&self.args).current_dir(self.dir);
        for (k, v) in &self.env {
            c.env(k, v);
        }
        c
    }

    /// Runs it with inherited output; fails unless it exits 0.
    pub fn run(self) -> Result {
        let line = self.line();
        println!("$ {line}");
        let status = self.command().status().map_err(|source| Error::Spawn {
            command: line.clone(),
            source,
        })?;
        if status.success() {
            Ok(())
        } else {
            Err(Error::Failed {
                command: line,
                status: status.to_string(),
            })
        }
    }

    /// Runs it quietly and returns its standard output, or `None` when it cannot start or fails.
    pub fn output(self) -> Option<String> {
        let out = self
            .command()
            .stdin(Stdio::null())
            .stderr(Stdio::null())
            .output()
            .ok()?;
        out.status
            .success()
            .then(|| String::from_utf8_lossy(&out.stdout).into_owned())
    }
}

/// Reads a file, naming it on failure.
pub fn read(path: &Path) -> Result<String> {
    std::fs::read_to_string(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Writes a file, naming it on failure.
pub fn write(path: &Path, contents: impl AsRef<[u8]>) -> Result {
    std::fs::write(path, contents).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}

/// Copies a file, naming the source on failure.
pub fn copy(from: &Path, to: &Path) -> Result {
    std::fs::copy(from, to)
        .map(|_| ())
        .map_err(|source| Error::Io {
            path: from.to_path_buf(),
            source,
        })
}

/// Removes a folder and everything in it, if it exists, naming it on failure.
pub fn remove_dir(path: &Path) -> Result {
    if !path.exists() {
        return Ok(());
    }
    std::fs::remove_dir_all(path).map_err(|source| Error::Io {
        path: path.to_path_buf(),
        source,
    })
}
