//! Masking email addresses when a binder goes to someone who should not see them:
//! "dana.reyes@parcelwise.com" becomes "•••@parcelwise.com", keeping the domain so a
//! reader still sees whose address it was.

fn local_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '_' | '%' | '+' | '-' | '\'')
}

fn domain_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '.' | '-')
}

pub fn emails(text: &str) -> String {
    if !text.contains('@') {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    let mut start_of_pending = 0;
    while i < chars.len() {
        if chars[i] == '@' {
            let mut l = i;
            while l > start_of_pending && local_char(chars[l - 1]) {
                l -= 1;
            }
            let mut r = i + 1;
            while r < chars.len() && domain_char(chars[r]) {
                r += 1;
            }
            let domain: String = chars[i + 1..r].iter().collect::<String>().trim_end_matches('.').to_owned();
            if l < i && domain.contains('.') {
                out.extend(&chars[start_of_pending..l]);
                out.push_str("\u{2022}\u{2022}\u{2022}@");
                out.push_str(&domain);
                let consumed = i + 1 + domain.chars().count();
                start_of_pending = consumed;
                i = consumed;
                continue;
            }
        }
        i += 1;
    }
    out.extend(&chars[start_of_pending..]);
    out
}

#[cfg(test)]
mod tests {
    use super::emails;

    #[test]
    fn addresses_are_masked_and_everything_else_kept() {
        assert_eq!(emails("Owner: dana.reyes@parcelwise.com."), "Owner: •••@parcelwise.com.");
        assert_eq!(emails("a@b.io, c+d@e.co"), "•••@b.io, •••@e.co");
        assert_eq!(emails("no address @ here"), "no address @ here");
        assert_eq!(emails("plain"), "plain");
        assert_eq!(emails("user@localhost"), "user@localhost");
    }
}
