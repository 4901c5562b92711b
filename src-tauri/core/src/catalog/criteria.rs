//! The Trust Services Criteria catalog (`assets/catalog/criteria.json`): identifiers and
//! categories are facts; titles, summaries and guidance are our own words.

use std::sync::OnceLock;

use rusqlite::{named_params, Connection, OptionalExtension};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

const CATALOG_JSON: &str = include_str!("../../../../assets/catalog/criteria.json");

/// The five Trust Services categories. Security (the common criteria) is always in scope.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Category {
    Security,
    Availability,
    Confidentiality,
    ProcessingIntegrity,
    Privacy,
}

impl Category {
    pub const ALL: [Self; 5] =
        [Self::Security, Self::Availability, Self::Confidentiality, Self::ProcessingIntegrity, Self::Privacy];

    pub fn as_str(self) -> &'static str {
        match self {
            Self::Security => "security",
            Self::Availability => "availability",
            Self::Confidentiality => "confidentiality",
            Self::ProcessingIntegrity => "processing_integrity",
            Self::Privacy => "privacy",
        }
    }

    pub fn parse(s: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.as_str() == s)
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::Security => "Security",
            Self::Availability => "Availability",
            Self::Confidentiality => "Confidentiality",
            Self::ProcessingIntegrity => "Processing Integrity",
            Self::Privacy => "Privacy",
        }
    }

    pub fn always_in_scope(self) -> bool {
        self == Self::Security
    }
}

#[derive(Debug, Clone, Deserialize)]
pub struct CriteriaCatalog {
    pub catalog_version: String,
    pub framework: String,
    pub categories: Vec<CategoryEntry>,
    pub series: Vec<SeriesEntry>,
    pub criteria: Vec<CriterionEntry>,
    pub description_sections: Vec<DescriptionSectionEntry>,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CategoryEntry {
    pub key: Category,
    pub name: String,
    pub always_in_scope: bool,
    pub summary: String,
    pub when_to_include: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct SeriesEntry {
    pub key: String,
    pub category: Category,
    pub name: String,
    pub summary: String,
}

#[derive(Debug, Clone, Deserialize)]
pub struct CriterionEntry {
    pub id: String,
    pub category: Category,
    pub series: String,
    pub title: String,
    pub summary: String,
    pub guidance: Vec<String>,
}

#[derive(Debug, Clone, Serialize, Deserialize, TS)]
pub struct DescriptionSectionEntry {
    pub key: String,
    pub title: String,
    pub prompt: String,
    pub example: String,
}

impl CriteriaCatalog {
    /// The catalog built into this binary. It is our own file, parsed and checked by the
    /// tests below on every build, so a failure here is a packaging bug, not user input.
    #[allow(clippy::expect_used)]
    pub fn embedded() -> &'static CriteriaCatalog {
        static CATALOG: OnceLock<CriteriaCatalog> = OnceLock::new();
        CATALOG.get_or_init(|| serde_json::from_str(CATALOG_JSON).expect("assets/catalog/criteria.json is valid"))
    }

    pub fn category(&self, key: Category) -> Option<&CategoryEntry> {
        self.categories.iter().find(|c| c.key == key)
    }

    pub fn criterion(&self, id: &str) -> Option<&CriterionEntry> {
        self.criteria.iter().find(|c| c.id == id)
    }
}

/// The meta key holding the catalog version a workbook carries.
const VERSION_KEY: &str = "criteria_catalog_version";

/// Copies the catalog into the workbook when the workbook's copy is missing or older.
/// Runs inside the migration transaction. Catalog rows are reference data, not user
/// work, so they are not in the change log; the version in `meta` says which text a
/// workbook holds.
pub(crate) fn sync(conn: &Connection, catalog: &CriteriaCatalog) -> rusqlite::Result<bool> {
    let current: Option<String> = conn
        .query_row("SELECT value FROM meta WHERE key = :k", named_params! { ":k": VERSION_KEY }, |r| r.get(0))
        .optional()?;
    if current.as_deref() == Some(catalog.catalog_version.as_str()) {
        return Ok(false);
    }
    conn.execute_batch("DELETE FROM criterion; DELETE FROM criteria_series; DELETE FROM criteria_category;")?;
    let mut cat = conn.prepare(
        "INSERT INTO criteria_category (key, name, always_in_scope, summary, when_to_include, sort)
         VALUES (:key, :name, :always, :summary, :when, :sort)",
    )?;
    for (i, c) in catalog.categories.iter().enumerate() {
        cat.execute(named_params! {
            ":key": c.key.as_str(), ":name": c.name, ":always": c.always_in_scope,
            ":summary": c.summary, ":when": c.when_to_include, ":sort": i as i64,
        })?;
    }
    let mut series = conn.prepare(
        "INSERT INTO criteria_series (key, category, name, summary, sort) VALUES (:key, :category, :name, :summary, :sort)",
    )?;
    for (i, s) in catalog.series.iter().enumerate() {
        series.execute(named_params! {
            ":key": s.key, ":category": s.category.as_str(), ":name": s.name, ":summary": s.summary, ":sort": i as i64,
        })?;
    }
    let mut crit = conn.prepare(
        "INSERT INTO criterion (id, category, series, title, summary, guidance, sort)
         VALUES (:id, :category, :series, :title, :summary, :guidance, :sort)",
    )?;
    for (i, c) in catalog.criteria.iter().enumerate() {
        let guidance =
            serde_json::to_string(&c.guidance).map_err(|e| rusqlite::Error::ToSqlConversionFailure(Box::new(e)))?;
        crit.execute(named_params! {
            ":id": c.id, ":category": c.category.as_str(), ":series": c.series, ":title": c.title,
            ":summary": c.summary, ":guidance": guidance, ":sort": i as i64,
        })?;
    }
    conn.execute(
        "INSERT INTO meta (key, value) VALUES (:k, :v) ON CONFLICT (key) DO UPDATE SET value = excluded.value",
        named_params! { ":k": VERSION_KEY, ":v": catalog.catalog_version },
    )?;
    Ok(true)
}

/// The catalog version a workbook holds.
pub fn workbook_version(conn: &Connection) -> rusqlite::Result<Option<String>> {
    conn.query_row("SELECT value FROM meta WHERE key = :k", named_params! { ":k": VERSION_KEY }, |r| r.get(0))
        .optional()
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use std::collections::HashSet;

    use super::*;

    /// The identifiers from the reference list, in order: 33 + 3 + 2 + 5 + 18 = 61.
    fn expected_ids() -> Vec<String> {
        let mut ids = Vec::new();
        for (series, n) in [(1, 5), (2, 3), (3, 4), (4, 2), (5, 3), (6, 8), (7, 5), (8, 1), (9, 2)] {
            ids.extend((1..=n).map(|i| format!("CC{series}.{i}")));
        }
        ids.extend((1..=3).map(|i| format!("A1.{i}")));
        ids.extend((1..=2).map(|i| format!("C1.{i}")));
        ids.extend((1..=5).map(|i| format!("PI1.{i}")));
        for (series, n) in [(1, 1), (2, 1), (3, 2), (4, 3), (5, 2), (6, 7), (7, 1), (8, 1)] {
            ids.extend((1..=n).map(|i| format!("P{series}.{i}")));
        }
        ids
    }

    #[test]
    fn the_catalog_has_exactly_the_61_criteria_in_order() {
        let c = CriteriaCatalog::embedded();
        let ids: Vec<String> = c.criteria.iter().map(|c| c.id.clone()).collect();
        assert_eq!(ids, expected_ids());
    }

    #[test]
    fn every_criterion_sits_in_the_category_its_identifier_names() {
        for c in &CriteriaCatalog::embedded().criteria {
            let expected = match c.id.split_once('.').map(|(s, _)| s) {
                Some(s) if s.starts_with("CC") => Category::Security,
                Some("A1") => Category::Availability,
                Some("C1") => Category::Confidentiality,
                Some("PI1") => Category::ProcessingIntegrity,
                Some(s) if s.starts_with('P') => Category::Privacy,
                _ => panic!("unexpected id {}", c.id),
            };
            assert_eq!(c.category, expected, "{}", c.id);
            assert!(c.id.starts_with(&format!("{}.", c.series)), "{} in series {}", c.id, c.series);
        }
    }

    #[test]
    fn every_criterion_has_our_title_summary_and_practical_guidance() {
        let c = CriteriaCatalog::embedded();
        let series: HashSet<&str> = c.series.iter().map(|s| s.key.as_str()).collect();
        let mut titles = HashSet::new();
        for cr in &c.criteria {
            assert!(series.contains(cr.series.as_str()), "{}", cr.id);
            assert!(!cr.title.trim().is_empty() && !cr.summary.trim().is_empty(), "{}", cr.id);
            assert!((3..=5).contains(&cr.guidance.len()), "{}", cr.id);
            assert!(titles.insert(cr.title.as_str()), "duplicate title {}", cr.title);
        }
        assert_eq!(c.categories.len(), 5);
        assert_eq!(c.categories.iter().filter(|c| c.always_in_scope).count(), 1);
        assert!(c.category(Category::Security).unwrap().always_in_scope);
        assert_eq!(c.description_sections.len(), 9);
    }
}
