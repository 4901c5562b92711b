//! Running the real CLI and killing it with SIGKILL at a chosen moment.

use super::*;

pub(crate) struct RunResult {
    pub(crate) stdout: String,
    pub(crate) stderr: String,
    pub(crate) killed: bool,
    pub(crate) exit: Option<i32>,
    pub(crate) elapsed: Duration,
    /// When the workbook's `-wal` file appeared, if it did.
    pub(crate) wal_at: Option<Duration>,
}

/// When to send SIGKILL.
#[derive(Clone, Copy, Debug)]
pub(crate) enum KillAt {
    Never,
    /// This long after the start.
    Time(Duration),
    /// This long after the workbook's `-wal` file appears: the writer has the file open,
    /// switched to WAL, and is migrating or writing.
    AfterWal(Duration),
}

pub(crate) fn run_cli(lab: &Lab, args: &[String], kill: KillAt) -> RunResult {
    let err_path = lab.dir.join("stderr.txt");
    let wal = PathBuf::from(format!("{}-wal", lab.book.display()));
    let started = Instant::now();
    let mut child = Command::new(BIN)
        .args(args)
        .env("READINESS_PASSPHRASE", PASSPHRASE)
        .env("READINESS_ACTOR", "crash-trials")
        .stdout(Stdio::piped())
        .stderr(std::fs::File::create(&err_path).unwrap())
        .spawn()
        .unwrap();
    // Read stdout on a thread so a chatty child never blocks on a full pipe.
    let mut out = child.stdout.take().unwrap();
    let reader = std::thread::spawn(move || {
        let mut s = Vec::new();
        let _ = out.read_to_end(&mut s);
        s
    });
    let mut wal_at = None;
    loop {
        if child.try_wait().unwrap().is_some() {
            break;
        }
        let now = started.elapsed();
        if wal_at.is_none() && wal.exists() {
            wal_at = Some(now);
        }
        let due = match (kill, wal_at) {
            (KillAt::Time(d), _) => now >= d,
            (KillAt::AfterWal(d), Some(w)) => now >= w + d,
            _ => false,
        };
        if due {
            let _ = child.kill(); // SIGKILL; a no-op if it already exited
            break;
        }
        std::thread::sleep(Duration::from_micros(200));
    }
    let status = child.wait().unwrap();
    let elapsed = started.elapsed();
    let stdout = String::from_utf8_lossy(&reader.join().unwrap()).into_owned();
    let stderr = std::fs::read_to_string(&err_path).unwrap_or_default();
    RunResult { stdout, stderr, killed: status.signal() == Some(9), exit: status.code(), elapsed, wal_at }
}
