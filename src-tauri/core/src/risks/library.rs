//! The risk library (`assets/catalog/risks.json`): starter risks written by us for a
//! small SaaS or API company, each with typical scores, a suggested treatment, the
//! checklist items that act as its controls and the criteria it supports; and the
//! default meanings of the five likelihood and impact levels.

use std::sync::OnceLock;

use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::model::{RiskCategory, Treatment};

const LIBRARY_JSON: &str = include_str!("../../../../assets/catalog/risks.json");

#[derive(Debug, Clone, Deserialize)]
pub struct RiskLibrary {
    pub library_version: String,
    pub scales: LibraryScales,
    pub risks: Vec<LibraryRisk>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LibraryScales {
    pub likelihood: Vec<LibraryLevel>,
    pub impact: Vec<LibraryLevel>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct LibraryLevel {
    pub level: u8,
    pub label: String,
    pub meaning: String,
}

/// One starter risk, as the "add from library" picker shows it.
#[derive(Debug, Clone, Deserialize, Serialize, TS)]
pub struct LibraryRisk {
    pub key: String,
    pub category: RiskCategory,
    pub title: String,
    pub description: String,
    pub likelihood: u8,
    pub impact: u8,
    pub treatment: Treatment,
    pub treatment_notes: String,
    /// Checklist library keys of the items that act as controls.
    pub controls: Vec<String>,
    /// Criteria the risk supports.
    pub criteria: Vec<String>,
}

impl RiskLibrary {
    /// The library built into this binary; the tests below parse and check it on every
    /// build, so a failure here is a packaging bug, not user input.
    #[allow(clippy::expect_used)]
    pub fn embedded() -> &'static RiskLibrary {
        static LIBRARY: OnceLock<RiskLibrary> = OnceLock::new();
        LIBRARY.get_or_init(|| serde_json::from_str(LIBRARY_JSON).expect("assets/catalog/risks.json is valid"))
    }

    pub fn get(&self, key: &str) -> Option<&LibraryRisk> {
        self.risks.iter().find(|r| r.key == key)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashSet;

    use super::*;
    use crate::catalog::CriteriaCatalog;
    use crate::checklist::library::Library;

    #[test]
    fn library_has_enough_complete_unique_risks() {
        let lib = RiskLibrary::embedded();
        assert!(lib.risks.len() >= 40, "{} risks", lib.risks.len());
        let mut keys = HashSet::new();
        let mut titles = HashSet::new();
        for r in &lib.risks {
            assert!(keys.insert(r.key.as_str()), "duplicate key {}", r.key);
            assert!(titles.insert(r.title.to_lowercase()), "duplicate title {}", r.title);
            assert!((1..=5).contains(&r.likelihood) && (1..=5).contains(&r.impact), "{} scores", r.key);
            for text in [&r.title, &r.description, &r.treatment_notes] {
                assert!(text.trim().len() > 10, "{} has a short field", r.key);
                let lower = text.to_lowercase();
                for marker in ["todo", "tbd", "lorem", "xxx", "placeholder"] {
                    assert!(!lower.contains(marker), "{} contains {marker}", r.key);
                }
            }
            assert!(!r.controls.is_empty(), "{} has no controls", r.key);
            assert!(!r.criteria.is_empty(), "{} supports no criteria", r.key);
        }
    }

    #[test]
    fn every_control_is_a_checklist_item_and_every_criterion_exists() {
        let items: HashSet<&str> = Library::embedded().items.iter().map(|i| i.key.as_str()).collect();
        let criteria: HashSet<&str> = CriteriaCatalog::embedded().criteria.iter().map(|c| c.id.as_str()).collect();
        for r in &RiskLibrary::embedded().risks {
            for c in &r.controls {
                assert!(items.contains(c.as_str()), "{} links unknown checklist item {c}", r.key);
            }
            for c in &r.criteria {
                assert!(criteria.contains(c.as_str()), "{} supports unknown criterion {c}", r.key);
            }
        }
    }

    #[test]
    fn library_covers_every_category_and_the_cc3_criteria() {
        let lib = RiskLibrary::embedded();
        for cat in RiskCategory::ALL {
            assert!(lib.risks.iter().any(|r| r.category == *cat), "no {} risk", cat.as_str());
        }
        for c in ["CC3.1", "CC3.2", "CC3.3", "CC3.4", "CC9.1"] {
            assert!(lib.risks.iter().any(|r| r.criteria.iter().any(|x| x == c)), "nothing supports {c}");
        }
        // Fraud risks support CC3.3, the fraud criterion.
        for r in lib.risks.iter().filter(|r| r.category == RiskCategory::Fraud) {
            assert!(r.criteria.iter().any(|c| c == "CC3.3"), "{} does not support CC3.3", r.key);
        }
    }

    #[test]
    fn scales_have_five_levels_each_in_order() {
        let s = &RiskLibrary::embedded().scales;
        for levels in [&s.likelihood, &s.impact] {
            let got: Vec<u8> = levels.iter().map(|l| l.level).collect();
            assert_eq!(got, vec![1, 2, 3, 4, 5]);
            assert!(levels.iter().all(|l| !l.label.is_empty() && l.meaning.len() > 20));
        }
    }

    #[test]
    fn library_text_uses_british_spelling_like_the_rest_of_the_product() {
        let text = LIBRARY_JSON.to_lowercase();
        for american in ["organization", "authorized", "recognize", "utilization", " center", "behavior"] {
            assert!(!text.contains(american), "risks.json says {american}");
        }
    }
}
