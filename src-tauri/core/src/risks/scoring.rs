//! Scores, the risk appetite and the 5x5 heat maps. Pure functions over values: no SQL.
//!
//! A score is likelihood times impact (1 to 25). A risk is above appetite when its
//! residual score is greater than the appetite and nobody has formally accepted it.

use serde::Serialize;
use ts_rs::TS;

/// The appetite a new workbook starts with: residual scores up to 9 (say, possible and
/// moderate) are tolerated without a formal acceptance.
pub const DEFAULT_APPETITE: u8 = 9;

pub fn score(likelihood: u8, impact: u8) -> u8 {
    likelihood.saturating_mul(impact)
}

pub fn above_appetite(residual_score: u8, appetite: u8, accepted: bool) -> bool {
    residual_score > appetite && !accepted
}

/// Whether a risk needs nothing more for now: an owner, not above appetite, and its
/// treatment carried out (mitigate: controls linked and all ready; accept: an
/// acceptance on file; transfer and avoid: how, written down).
pub fn is_handled(risk: &super::Risk) -> bool {
    use super::Treatment;
    let treated = match risk.input.treatment {
        Treatment::Mitigate => !risk.controls.is_empty() && risk.controls_not_ready == 0,
        Treatment::Accept => risk.input.acceptance.is_some(),
        Treatment::Transfer | Treatment::Avoid => !risk.input.treatment_notes.trim().is_empty(),
    };
    risk.input.owner_id.is_some() && !risk.above_appetite && treated
}

/// How a score reads on the heat map.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Band {
    /// 1 to 4.
    Low,
    /// 5 to 9.
    Medium,
    /// 10 to 14.
    High,
    /// 15 to 25.
    Critical,
}

impl Band {
    pub fn of(score: u8) -> Band {
        match score {
            0..=4 => Band::Low,
            5..=9 => Band::Medium,
            10..=14 => Band::High,
            _ => Band::Critical,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            Band::Low => "Low",
            Band::Medium => "Medium",
            Band::High => "High",
            Band::Critical => "Critical",
        }
    }
}

/// One cell of a heat map and the risks in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HeatCell {
    pub likelihood: u8,
    pub impact: u8,
    pub score: u8,
    pub band: Band,
    /// A risk in this cell is above appetite unless accepted.
    pub above_appetite: bool,
    pub count: u32,
    pub risk_ids: Vec<String>,
}

/// 25 cells, likelihood 1 to 5 outer, impact 1 to 5 inner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct HeatMap {
    pub cells: Vec<HeatCell>,
}

impl HeatMap {
    /// Places each `(id, likelihood, impact)` in its cell; values outside 1 to 5 (which
    /// the store never saves) are left out rather than guessed.
    pub fn build<'a>(risks: impl IntoIterator<Item = (&'a str, u8, u8)>, appetite: u8) -> HeatMap {
        let mut cells: Vec<HeatCell> = (1..=5u8)
            .flat_map(|l| (1..=5u8).map(move |i| (l, i)))
            .map(|(l, i)| HeatCell {
                likelihood: l,
                impact: i,
                score: score(l, i),
                band: Band::of(score(l, i)),
                above_appetite: score(l, i) > appetite,
                count: 0,
                risk_ids: Vec::new(),
            })
            .collect();
        for (id, l, i) in risks {
            if (1..=5).contains(&l) && (1..=5).contains(&i) {
                let cell = &mut cells[usize::from(l - 1) * 5 + usize::from(i - 1)];
                cell.count += 1;
                cell.risk_ids.push(id.to_owned());
            }
        }
        HeatMap { cells }
    }

    pub fn cell(&self, likelihood: u8, impact: u8) -> Option<&HeatCell> {
        self.cells.iter().find(|c| c.likelihood == likelihood && c.impact == impact)
    }

    pub fn total(&self) -> u32 {
        self.cells.iter().map(|c| c.count).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn score_is_likelihood_times_impact() {
        assert_eq!(score(1, 1), 1);
        assert_eq!(score(3, 4), 12);
        assert_eq!(score(5, 5), 25);
    }

    #[test]
    fn above_appetite_needs_a_higher_score_and_no_acceptance() {
        assert!(!above_appetite(9, 9, false), "equal to the appetite is within it");
        assert!(above_appetite(10, 9, false));
        assert!(!above_appetite(10, 9, true), "an accepted risk is not a gap");
        assert!(!above_appetite(25, 25, false));
    }

    #[test]
    fn bands_follow_the_score() {
        assert_eq!(Band::of(4), Band::Low);
        assert_eq!(Band::of(5), Band::Medium);
        assert_eq!(Band::of(9), Band::Medium);
        assert_eq!(Band::of(10), Band::High);
        assert_eq!(Band::of(15), Band::Critical);
        assert_eq!(Band::of(25), Band::Critical);
    }

    #[test]
    fn heat_map_counts_each_risk_in_its_cell() {
        let risks = [("a", 3, 4), ("b", 3, 4), ("c", 1, 5), ("d", 5, 5), ("bad", 0, 6)];
        let map = HeatMap::build(risks.iter().map(|(id, l, i)| (*id, *l, *i)), 9);
        assert_eq!(map.cells.len(), 25);
        assert_eq!(map.cell(3, 4).map(|c| c.count), Some(2));
        assert_eq!(map.cell(3, 4).map(|c| c.risk_ids.clone()), Some(vec!["a".to_owned(), "b".to_owned()]));
        assert_eq!(map.cell(1, 5).map(|c| c.count), Some(1));
        assert_eq!(map.cell(5, 5).map(|c| c.count), Some(1));
        assert_eq!(map.cell(2, 2).map(|c| c.count), Some(0));
        assert_eq!(map.total(), 4, "out-of-range scores are left out");
        assert_eq!(map.cell(3, 4).map(|c| c.above_appetite), Some(true));
        assert_eq!(map.cell(3, 3).map(|c| c.above_appetite), Some(false));
    }
}
