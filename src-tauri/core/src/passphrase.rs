//! The secret that unlocks a workbook, kept out of logs and wiped from memory when dropped.

use std::fmt;

use zeroize::Zeroizing;

/// Shortest passphrase we accept when creating a workbook. SQLCipher stretches it with
/// PBKDF2, but a short one is still guessable from a stolen laptop.
pub const MIN_PASSPHRASE_CHARS: usize = 8;

#[derive(Clone)]
pub struct Passphrase(Zeroizing<String>);

impl Passphrase {
    pub fn new(secret: impl Into<String>) -> Self {
        Self(Zeroizing::new(secret.into()))
    }

    /// Reads a passphrase from a file, dropping one trailing newline (files written by
    /// `echo` carry one; a passphrase never ends in a newline by design).
    pub fn from_file(path: &std::path::Path) -> std::io::Result<Self> {
        let mut text = Zeroizing::new(std::fs::read_to_string(path)?);
        if text.ends_with('\n') {
            text.pop();
            if text.ends_with('\r') {
                text.pop();
            }
        }
        Ok(Self(text))
    }

    pub fn expose(&self) -> &str {
        &self.0
    }

    pub fn is_strong_enough(&self) -> bool {
        self.0.chars().count() >= MIN_PASSPHRASE_CHARS
    }
}

impl fmt::Debug for Passphrase {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Passphrase(<redacted>)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_output_never_shows_the_secret() {
        let p = Passphrase::new("correct horse battery staple");
        assert_eq!(format!("{p:?}"), "Passphrase(<redacted>)");
    }

    #[test]
    fn file_passphrase_drops_one_trailing_newline_only() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("p");
        std::fs::write(&path, "secret  \r\n").unwrap();
        assert_eq!(Passphrase::from_file(&path).unwrap().expose(), "secret  ");
    }
}
