//! The UI's TypeScript types are generated from the Rust types that cross IPC. This test
//! fails when `ui/src/lib/types.ts` is stale; `UPDATE_TYPES=1 cargo test typegen` rewrites it.

use ts_rs::{Config, TS};

fn generated() -> String {
    let cfg = Config::new().with_large_int("number");
    let decls = [
        readiness_core::workbook::WorkbookId::decl(&cfg),
        readiness_core::organization::Organization::decl(&cfg),
        readiness_core::summary::Step::decl(&cfg),
        readiness_core::summary::StepState::decl(&cfg),
        readiness_core::summary::StepProgress::decl(&cfg),
        readiness_core::summary::ChangeLogSummary::decl(&cfg),
        readiness_core::summary::WorkbookSummary::decl(&cfg),
        readiness_core::workbook::ChangeEntry::decl(&cfg),
        readiness_core::workbook::verify::ProblemKind::decl(&cfg),
        readiness_core::workbook::verify::Problem::decl(&cfg),
        readiness_core::workbook::verify::VerifyReport::decl(&cfg),
        readiness_core::recents::RecentWorkbook::decl(&cfg),
        readiness_core::opener::PassphraseNeeded::decl(&cfg),
        readiness_core::catalog::Category::decl(&cfg),
        readiness_core::scope::ReportType::decl(&cfg),
        readiness_core::scope::Scope::decl(&cfg),
        readiness_core::scope::CategoryScope::decl(&cfg),
        readiness_core::scope::ScopeOverview::decl(&cfg),
        readiness_core::scope::criteria::CoverageKind::decl(&cfg),
        readiness_core::scope::criteria::CoverageLink::decl(&cfg),
        readiness_core::scope::criteria::CriterionView::decl(&cfg),
        readiness_core::scope::description::DescriptionSection::decl(&cfg),
        readiness_core::people::EmploymentStatus::decl(&cfg),
        readiness_core::people::Role::decl(&cfg),
        readiness_core::people::Person::decl(&cfg),
        readiness_core::people::PersonInput::decl(&cfg),
        readiness_core::people::RowAction::decl(&cfg),
        readiness_core::people::PreviewRow::decl(&cfg),
        readiness_core::people::RosterPreview::decl(&cfg),
        readiness_core::people::ImportResult::decl(&cfg),
        readiness_core::systems::SystemKind::decl(&cfg),
        readiness_core::systems::DataClassification::decl(&cfg),
        readiness_core::systems::System::decl(&cfg),
        readiness_core::systems::SystemInput::decl(&cfg),
        readiness_core::checklist::ItemStatus::decl(&cfg),
        readiness_core::checklist::Frequency::decl(&cfg),
        readiness_core::checklist::ChecklistItem::decl(&cfg),
        readiness_core::checklist::ItemEdit::decl(&cfg),
        readiness_core::checklist::BulkEdit::decl(&cfg),
        readiness_core::checklist::OwnerChange::decl(&cfg),
        readiness_core::checklist::DueChange::decl(&cfg),
        readiness_core::checklist::NewItem::decl(&cfg),
        readiness_core::checklist::coverage::CriterionCoverage::decl(&cfg),
        readiness_core::checklist::coverage::CategoryCoverage::decl(&cfg),
        readiness_core::checklist::coverage::GapKind::decl(&cfg),
        readiness_core::checklist::coverage::Gap::decl(&cfg),
        readiness_core::checklist::coverage::Coverage::decl(&cfg),
        readiness_core::checklist::dashboard::StatusCounts::decl(&cfg),
        readiness_core::checklist::dashboard::OwnerLoad::decl(&cfg),
        readiness_core::checklist::dashboard::OverdueItem::decl(&cfg),
        readiness_core::checklist::dashboard::Dashboard::decl(&cfg),
        readiness_core::evidence::EvidenceRef::decl(&cfg),
        readiness_core::evidence::Evidence::decl(&cfg),
        readiness_core::evidence::NewEvidence::decl(&cfg),
        readiness_core::evidence::EvidenceDetails::decl(&cfg),
        readiness_core::evidence::PreviewKind::decl(&cfg),
        readiness_core::evidence::Preview::decl(&cfg),
        readiness_core::evidence::ExportReport::decl(&cfg),
        crate::dto::AttachProgress::decl(&cfg),
        readiness_core::vendors::VendorCategory::decl(&cfg),
        readiness_core::vendors::AccessLevel::decl(&cfg),
        readiness_core::vendors::Criticality::decl(&cfg),
        readiness_core::vendors::Tier::decl(&cfg),
        readiness_core::vendors::Assurance::decl(&cfg),
        readiness_core::vendors::Opinion::decl(&cfg),
        readiness_core::vendors::Subservice::decl(&cfg),
        readiness_core::vendors::VendorFlag::decl(&cfg),
        readiness_core::vendors::VendorInput::decl(&cfg),
        readiness_core::vendors::Vendor::decl(&cfg),
        readiness_core::vendors::Cuec::decl(&cfg),
        readiness_core::checklist::dashboard::VendorAlert::decl(&cfg),
        crate::dto::VendorAssessment::decl(&cfg),
        readiness_core::vendors::csv::VendorRowAction::decl(&cfg),
        readiness_core::vendors::csv::VendorPreviewRow::decl(&cfg),
        readiness_core::vendors::csv::VendorPreview::decl(&cfg),
        readiness_core::vendors::csv::VendorImportResult::decl(&cfg),
        crate::dto::ImportVendorsRequest::decl(&cfg),
        crate::dto::VendorImportOutcome::decl(&cfg),
        readiness_core::policies::VersionStatus::decl(&cfg),
        readiness_core::policies::VersionSummary::decl(&cfg),
        readiness_core::policies::PolicySummary::decl(&cfg),
        readiness_core::policies::render::Heading::decl(&cfg),
        readiness_core::policies::render::Rendered::decl(&cfg),
        readiness_core::policies::PolicyDocument::decl(&cfg),
        crate::dto::PolicyPreview::decl(&cfg),
        readiness_core::policies::Acknowledgement::decl(&cfg),
        readiness_core::checklist::dashboard::PolicyReviewDue::decl(&cfg),
        crate::dto::ImportRosterRequest::decl(&cfg),
        crate::dto::RosterImportOutcome::decl(&cfg),
        crate::dto::CreateWorkbookRequest::decl(&cfg),
        crate::dto::OpenWorkbookRequest::decl(&cfg),
        crate::dto::OpenResponse::decl(&cfg),
        crate::dto::StartupInfo::decl(&cfg),
        readiness_core::access::report::AccessDashboard::decl(&cfg),
        readiness_core::access::CampaignStatus::decl(&cfg),
        readiness_core::access::Decision::decl(&cfg),
        readiness_core::access::DecisionFilter::decl(&cfg),
        readiness_core::access::AccountLabel::decl(&cfg),
        readiness_core::access::Field::decl(&cfg),
        readiness_core::access::Preset::decl(&cfg),
        readiness_core::access::Flag::decl(&cfg),
        readiness_core::access::Mapping::decl(&cfg),
        readiness_core::access::CampaignInput::decl(&cfg),
        readiness_core::access::FlagCount::decl(&cfg),
        readiness_core::access::CampaignCounts::decl(&cfg),
        readiness_core::access::Campaign::decl(&cfg),
        readiness_core::access::LineProblem::decl(&cfg),
        readiness_core::access::PreviewAccount::decl(&cfg),
        readiness_core::access::ImportPreview::decl(&cfg),
        readiness_core::access::ImportSummary::decl(&cfg),
        readiness_core::access::AccountFilter::decl(&cfg),
        readiness_core::access::FlagReason::decl(&cfg),
        readiness_core::access::AccountRow::decl(&cfg),
        readiness_core::access::AccountPage::decl(&cfg),
        readiness_core::access::AccountDetail::decl(&cfg),
        readiness_core::access::DecisionInput::decl(&cfg),
        readiness_core::access::RemediationTask::decl(&cfg),
        crate::commands::access::AccessImportRequest::decl(&cfg),
        crate::commands::access::AccessImportOutcome::decl(&cfg),
        crate::commands::access::DecideRequest::decl(&cfg),
        crate::error::ApiError::decl(&cfg),
    ];
    let mut out = String::from(
        "// Generated from the Rust types by `UPDATE_TYPES=1 cargo test typegen`. Do not edit by hand.\n\n",
    );
    for d in decls {
        out.push_str("export ");
        out.push_str(&d);
        out.push_str("\n\n");
    }
    out
}

#[test]
fn typegen_ui_types_are_current() {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("ui/src/lib/types.ts");
    let fresh = generated();
    if std::env::var_os("UPDATE_TYPES").is_some() {
        std::fs::write(&path, &fresh).unwrap();
        return;
    }
    let current = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        current == fresh,
        "ui/src/lib/types.ts is stale: run `UPDATE_TYPES=1 cargo test typegen` and commit the result"
    );
}
