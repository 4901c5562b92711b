//! Records the git commit the binaries are built from, for `readiness --version` and the
//! app's About panel. A build outside a git checkout (a source tarball) says "unknown";
//! packaging can pin the value with READINESS_BUILD_COMMIT.

use std::path::PathBuf;
use std::process::Command;

fn git(args: &[&str]) -> Option<String> {
    let out = Command::new("git").args(args).output().ok()?;
    if !out.status.success() {
        return None;
    }
    let text = String::from_utf8(out.stdout).ok()?;
    let text = text.trim();
    (!text.is_empty()).then(|| text.to_owned())
}

fn main() {
    println!("cargo:rerun-if-env-changed=READINESS_BUILD_COMMIT");
    let commit = std::env::var("READINESS_BUILD_COMMIT")
        .ok()
        .filter(|c| !c.trim().is_empty())
        .or_else(|| git(&["rev-parse", "--short=12", "HEAD"]))
        .unwrap_or_else(|| "unknown".to_owned());
    // Rebuild when HEAD moves: HEAD itself (branch switches) and the ref it points at
    // (commits). Only files that exist: cargo reruns a build script on every build while
    // a watched path is missing, which would rebuild the whole core each time.
    if let Some(git_dir) = git(&["rev-parse", "--git-dir"]).map(PathBuf::from) {
        let mut watched = vec![git_dir.join("HEAD")];
        if let Some(reference) = git(&["symbolic-ref", "-q", "HEAD"]) {
            let common = git(&["rev-parse", "--git-common-dir"]).map(PathBuf::from).unwrap_or(git_dir);
            watched.push(common.join(reference));
            watched.push(common.join("packed-refs"));
        }
        for path in watched.iter().filter(|p| p.exists()) {
            println!("cargo:rerun-if-changed={}", path.display());
        }
    }
    println!("cargo:rustc-env=READINESS_GIT_COMMIT={commit}");
}
