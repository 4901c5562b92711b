//! What the benchmarks read about their own process on Linux: CPU time and resident
//! memory. Elsewhere each reading is `None` and the benchmarks say so.

use std::time::Duration;

#[derive(Clone, Copy)]
pub(crate) enum CpuOf {
    /// This process, all threads.
    Own,
    /// Finished child processes.
    Children,
}

/// User + system CPU time from /proc/self/stat (Linux only). CPU time is what to
/// compare on a busy machine, where wall-clock time depends on the neighbours.
pub(crate) fn cpu_time(of: CpuOf) -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    // Fields after the command name, which is in parentheses and may contain spaces.
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    // utime, stime are fields 14 and 15 of the line; cutime, cstime 16 and 17; here
    // shifted by the two leading fields (pid, comm) already cut off.
    let (user, system) = match of {
        CpuOf::Own => (fields.get(11)?, fields.get(12)?),
        CpuOf::Children => (fields.get(13)?, fields.get(14)?),
    };
    let ticks: u64 = user.parse::<u64>().ok()? + system.parse::<u64>().ok()?;
    // /proc reports in USER_HZ, which Linux fixes at 100 for user space.
    Some(Duration::from_millis(ticks * 10))
}

#[derive(Clone, Copy)]
pub(crate) struct Memory {
    pub(crate) rss_kib: u64,
    pub(crate) peak_kib: u64,
}

/// Current and peak resident memory from /proc/self/status (Linux only).
pub(crate) fn memory() -> Option<Memory> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let field = |name: &str| -> Option<u64> {
        let line = status.lines().find(|l| l.starts_with(name))?;
        line.split_whitespace().nth(1)?.parse().ok()
    };
    Some(Memory { rss_kib: field("VmRSS:")?, peak_kib: field("VmHWM:")? })
}

/// Resets the peak-memory mark so it measures the attach alone (Linux 4.0+; harmless
/// elsewhere). Returns whether it worked.
pub(crate) fn reset_peak_memory() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}
