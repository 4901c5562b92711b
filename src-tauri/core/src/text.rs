//! Small text rules shared by every place that takes names and titles from people or files.

/// Trims and collapses every run of whitespace (tabs, line breaks, double spaces) to one
/// space, so "Amazon  Web\tServices" and "Amazon Web Services" are stored alike.
pub fn single_spaced(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::single_spaced;

    #[test]
    fn whitespace_runs_become_one_space() {
        assert_eq!(single_spaced("  Amazon \t Web\r\nServices  "), "Amazon Web Services");
        assert_eq!(single_spaced(" \n "), "");
    }
}
