//! The closed sets of words vendor cells may hold, matched leniently: by stored key, by
//! the label the app shows, or by a common alias.

use crate::import::table::normalise_label;
use crate::systems::DataClassification;
use crate::vendors::{AccessLevel, Assurance, Criticality, Opinion, Subservice, Tier, VendorCategory};

/// A closed set of words a cell can hold. A cell matches a word when, normalised (see
/// `normalise_label`), it equals the word's key, its label, or one of its aliases.
pub(super) trait Word: Copy + 'static {
    fn all() -> &'static [Self];
    /// What the export writes and the workbook stores: "soc2_type2".
    fn key(self) -> &'static str;
    /// What the app shows: "SOC 2 Type II".
    fn label(self) -> &'static str;
    /// Other ways people write the word, already normalised.
    const ALIASES: &'static [(&'static str, Self)] = &[];
}

pub(super) fn parse_word<W: Word>(text: &str) -> Option<W> {
    let wanted = normalise_label(text);
    W::all()
        .iter()
        .copied()
        .find(|w| normalise_label(w.key()) == wanted || normalise_label(w.label()) == wanted)
        .or_else(|| W::ALIASES.iter().find(|(alias, _)| *alias == wanted).map(|&(_, w)| w))
}

/// Implements `Word` for the enums declared with `word_enum!` in `vendors::model`.
macro_rules! vendor_word {
    ($($name:ident $(aliases $aliases:expr)?;)+) => {$(
        impl Word for $name {
            fn all() -> &'static [Self] {
                Self::ALL
            }
            fn key(self) -> &'static str {
                self.as_str()
            }
            fn label(self) -> &'static str {
                $name::label(self)
            }
            $(const ALIASES: &'static [(&'static str, Self)] = $aliases;)?
        }
    )+};
}

vendor_word! {
    VendorCategory;
    AccessLevel aliases &[
        ("read only", AccessLevel::Read),
        ("read write", AccessLevel::Write),
        ("administrator", AccessLevel::Admin),
    ];
    Criticality;
    Tier;
    Assurance aliases &[
        ("soc2 type ii", Assurance::Soc2Type2),
        ("soc2 type 2", Assurance::Soc2Type2),
        ("soc 2 type 2", Assurance::Soc2Type2),
        ("type ii", Assurance::Soc2Type2),
        ("type 2", Assurance::Soc2Type2),
        ("soc2 type i", Assurance::Soc2Type1),
        ("soc2 type 1", Assurance::Soc2Type1),
        ("soc 2 type 1", Assurance::Soc2Type1),
        ("type i", Assurance::Soc2Type1),
        ("type 1", Assurance::Soc2Type1),
        ("soc 1 type ii", Assurance::Soc1),
        ("soc 1 type 2", Assurance::Soc1),
        ("soc 1 type i", Assurance::Soc1),
        ("soc 1 type 1", Assurance::Soc1),
        ("iso", Assurance::Iso27001),
        ("iso/iec 27001", Assurance::Iso27001),
        ("n/a", Assurance::None),
    ];
    Opinion aliases &[("clean", Opinion::Unqualified)];
    Subservice aliases &[
        ("none", Subservice::No),
        ("n/a", Subservice::No),
        ("carveout", Subservice::CarveOut),
    ];
}

impl Word for DataClassification {
    fn all() -> &'static [Self] {
        &Self::ALL
    }
    fn key(self) -> &'static str {
        self.as_str()
    }
    /// The systems inventory shows the key capitalised, which normalises to the key.
    fn label(self) -> &'static str {
        self.as_str()
    }
}
