//! How the app was started: a workbook to open (double-clicked in a file manager, or
//! given on the command line), the demo, and whether it runs portable. Read once, before
//! any window or toolkit exists, because portable mode must redirect every folder the
//! toolkit and WebKit write to before they first look.

use std::ffi::OsString;
use std::path::{Path, PathBuf};

/// The marker file that makes a copy of the app portable without any argument.
pub const PORTABLE_MARKER: &str = "portable";
/// Where a marker-file portable copy keeps its data, beside the executable.
pub const PORTABLE_DATA_FOLDER: &str = "Readiness Workbook data";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Launch {
    /// `--demo`: open the demo workbook straight away.
    pub open_demo: bool,
    /// A workbook path given as an argument, made absolute against the working folder.
    pub open_path: Option<PathBuf>,
    /// `--portable DIR`, or the marker file's folder.
    pub portable: Option<PathBuf>,
}

impl Launch {
    /// Reads the process's own arguments, and the marker file beside the executable.
    pub fn from_env() -> Self {
        let cwd = std::env::current_dir().unwrap_or_default();
        let mut launch = Self::parse(std::env::args_os().skip(1), &cwd);
        if launch.portable.is_none() {
            launch.portable = marker_portable_dir();
        }
        launch
    }

    /// Parses arguments as they reach `main` (without the program name), or as a second
    /// instance hands them over (with it: the caller skips it). Unknown flags are ignored:
    /// WebKit's WebDriver and desktop launchers add their own.
    pub fn parse(args: impl IntoIterator<Item = OsString>, cwd: &Path) -> Self {
        let mut launch = Self { open_demo: false, open_path: None, portable: None };
        let mut args = args.into_iter();
        while let Some(arg) = args.next() {
            let text = arg.to_string_lossy();
            if text == "--demo" {
                launch.open_demo = true;
            } else if text == "--portable" {
                launch.portable = args.next().map(|dir| absolute(cwd, Path::new(&dir)));
            } else if let Some(dir) = text.strip_prefix("--portable=") {
                launch.portable = Some(absolute(cwd, Path::new(dir)));
            } else if !text.starts_with('-') && launch.open_path.is_none() {
                // Desktop launchers pass files as paths or as file:// URIs (%f gives paths).
                let path = text.strip_prefix("file://").map(PathBuf::from).unwrap_or_else(|| PathBuf::from(&arg));
                launch.open_path = Some(absolute(cwd, &path));
            }
        }
        launch
    }
}

fn absolute(cwd: &Path, path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_owned()
    } else {
        cwd.join(path)
    }
}

fn marker_portable_dir() -> Option<PathBuf> {
    let exe = std::env::current_exe().ok()?;
    let folder = exe.parent()?;
    folder.join(PORTABLE_MARKER).is_file().then(|| folder.join(PORTABLE_DATA_FOLDER))
}

/// The folders a portable copy keeps everything in, under its one directory.
#[derive(Debug, Clone)]
pub struct PortableFolders {
    pub root: PathBuf,
    pub config: PathBuf,
    pub data: PathBuf,
}

/// Why a portable folder cannot be used. Shown on the home screen in place of it.
#[derive(Debug, thiserror::Error)]
pub enum PortableError {
    #[error("The portable folder {path} cannot be written to ({reason}). Readiness Workbook keeps its settings and recent list there in portable mode and writes nothing anywhere else, so it cannot start. Move the app to a folder you can write to, or start it with --portable and a writable folder.")]
    NotWritable { path: PathBuf, reason: String },
}

/// Prepares `root` for portable use and points every per-user folder the toolkit, WebKit,
/// fontconfig and GLib would otherwise create under `$HOME` into it. Must run before
/// anything starts a thread or reads these variables, hence first thing in `main`.
pub fn enter_portable(root: &Path) -> Result<PortableFolders, PortableError> {
    let folders = PortableFolders { root: root.to_owned(), config: root.join("config"), data: root.join("workbooks") };
    let runtime = root.join("runtime");
    let not_writable =
        |e: std::io::Error| PortableError::NotWritable { path: root.to_owned(), reason: plain_reason(&e) };
    for dir in [&folders.config, &folders.data, &runtime] {
        std::fs::create_dir_all(dir).map_err(not_writable)?;
    }
    // Creating folders can succeed on a folder that then refuses files (a full or
    // read-only medium mounted oddly): prove a file can be written and removed.
    let probe = root.join(".write-test");
    std::fs::write(&probe, b"ok").and_then(|()| std::fs::remove_file(&probe)).map_err(not_writable)?;
    redirect_user_folders(&runtime);
    Ok(folders)
}

/// Why a folder refused a write, in words rather than an OS error number.
fn plain_reason(e: &std::io::Error) -> String {
    match e.kind() {
        std::io::ErrorKind::ReadOnlyFilesystem => "the disk or folder is read-only".to_owned(),
        std::io::ErrorKind::PermissionDenied => "you are not allowed to write there".to_owned(),
        std::io::ErrorKind::StorageFull => "the disk is full".to_owned(),
        _ => e.to_string(),
    }
}

/// A throwaway folder for this process, used in place of `$HOME` when the portable
/// folder cannot be written: by the toolkit, and by the app's own settings.
pub fn scratch_folder() -> PathBuf {
    std::env::temp_dir().join(format!("readiness-workbook-{}", std::process::id()))
}

/// Sends the XDG per-user folders to `base`, so a toolkit that would write under `$HOME`
/// writes there instead. Used for a usable portable folder, and for a throwaway one when
/// the portable folder is read-only (the app then only shows why it cannot start).
pub fn redirect_user_folders(base: &Path) {
    for (var, sub) in [
        ("XDG_CONFIG_HOME", "config"),
        ("XDG_DATA_HOME", "data"),
        ("XDG_CACHE_HOME", "cache"),
        ("XDG_STATE_HOME", "state"),
    ] {
        // Single-threaded here (start of main): no other thread can be reading the environment.
        std::env::set_var(var, base.join(sub));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(args: &[&str]) -> Launch {
        Launch::parse(args.iter().map(OsString::from), Path::new("/home/ana/clients"))
    }

    #[test]
    fn a_relative_workbook_path_is_made_absolute_against_the_working_folder() {
        let launch = parse(&["acme.soc2wb"]);
        assert_eq!(launch.open_path, Some(PathBuf::from("/home/ana/clients/acme.soc2wb")));
        assert!(!launch.open_demo);
        assert_eq!(launch.portable, None);
    }

    #[test]
    fn flags_a_launcher_adds_are_ignored_and_the_first_path_wins() {
        let launch = parse(&["--automation", "/tmp/a.soc2wb", "/tmp/b.soc2wb"]);
        assert_eq!(launch.open_path, Some(PathBuf::from("/tmp/a.soc2wb")));
    }

    #[test]
    fn portable_takes_a_folder_in_either_spelling() {
        assert_eq!(parse(&["--portable", "usb"]).portable, Some(PathBuf::from("/home/ana/clients/usb")));
        assert_eq!(parse(&["--portable=/media/usb/rw"]).portable, Some(PathBuf::from("/media/usb/rw")));
        let both = parse(&["--portable", "/media/usb", "client.soc2wb", "--demo"]);
        assert_eq!(both.open_path, Some(PathBuf::from("/home/ana/clients/client.soc2wb")));
        assert!(both.open_demo);
    }

    #[test]
    fn file_uris_from_launchers_become_paths() {
        assert_eq!(parse(&["file:///tmp/x.soc2wb"]).open_path, Some(PathBuf::from("/tmp/x.soc2wb")));
    }
}
