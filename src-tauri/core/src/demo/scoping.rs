//! The demo's scope: Parcelwise's roster (imported from an HR export, as a user would),
//! its systems, and a Security + Availability + Confidentiality Type I.

use chrono::NaiveDate;

use crate::catalog::Category;
use crate::import::roster::parse_roster;
use crate::people::{self, Role};
use crate::scope::{self, description, ReportType, Scope};
use crate::systems::{self, DataClassification, SystemInput, SystemKind};
use crate::workbook::{Actor, Workbook, WorkbookError};

const ROSTER_CSV: &[u8] = include_bytes!("../../../../assets/demo/roster.csv");

/// The date the demo's roster statuses are read against.
fn demo_today() -> NaiveDate {
    NaiveDate::from_ymd_opt(2026, 11, 20).unwrap_or_default()
}

pub(super) fn seed(wb: &mut Workbook, actor: &Actor) -> Result<(), WorkbookError> {
    let roster = parse_roster(ROSTER_CSV, demo_today())
        .map_err(|e| WorkbookError::Invalid(format!("The demo roster could not be read: {e}")))?;
    wb.write(actor, |w| people::apply_roster(w, &roster))?;

    wb.write(actor, |w| -> Result<(), WorkbookError> {
        let roles: &[(&str, &[Role])] = &[
            ("maya@parcelwise.io", &[Role::Executive, Role::PolicyApprover]),
            (
                "tomas@parcelwise.io",
                &[Role::SecurityOwner, Role::SystemOwner, Role::AccessReviewer, Role::EngineeringLead, Role::IncidentLead],
            ),
            ("priya@parcelwise.io", &[Role::PolicyApprover, Role::SystemOwner, Role::AccessReviewer, Role::PrivacyOwner]),
            ("ethan@parcelwise.io", &[Role::SystemOwner, Role::AccessReviewer]),
            ("jonas@parcelwise.io", &[Role::SystemOwner]),
            ("samuel@parcelwise.io", &[Role::SystemOwner, Role::HrOwner]),
        ];
        for (email, roles) in roles {
            if let Some(p) = people::find_by_email(w.sql(), email)? {
                let input = people::PersonInput {
                    name: p.name,
                    email: p.email,
                    title: p.title,
                    department: p.department,
                    status: Some(p.status),
                    start_date: p.start_date,
                    end_date: p.end_date,
                    roles: roles.to_vec(),
                };
                people::update(w, &p.id, &input)?;
            }
        }

        let owner = |email: &str| -> Result<Option<String>, WorkbookError> {
            Ok(people::find_by_email(w.sql(), email)?.map(|p| p.id))
        };
        let tomas = owner("tomas@parcelwise.io")?;
        let ethan = owner("ethan@parcelwise.io")?;
        let jonas = owner("jonas@parcelwise.io")?;
        let priya = owner("priya@parcelwise.io")?;
        let samuel = owner("samuel@parcelwise.io")?;
        use DataClassification::*;
        use SystemKind::*;
        // (name, kind, description, owner, hosting, classification, out-of-scope reason, customer data)
        type DemoSystem<'a> = (&'a str, SystemKind, &'a str, &'a Option<String>, &'a str, DataClassification, Option<&'a str>, bool);
        let systems: Vec<DemoSystem<'_>> = vec![
            ("Rates API", Application, "Public REST API for rates, labels and tracking; Rust services on ECS.", &jonas, "AWS (us-west-2)", Confidential, None, true),
            ("Merchant dashboard", Application, "Web app where merchants manage API keys, carriers and billing.", &jonas, "AWS (us-west-2)", Confidential, None, true),
            ("Production AWS account", Infrastructure, "VPC, ECS Fargate, load balancers, KMS and IAM for production.", &ethan, "AWS", Restricted, None, true),
            ("Orders database", DataStore, "PostgreSQL (RDS) holding merchants, shipments and addresses.", &ethan, "AWS RDS", Restricted, None, true),
            ("Event archive", DataStore, "S3 buckets with tracking events and nightly database backups.", &ethan, "AWS S3", Confidential, None, true),
            ("GitHub", Saas, "Source code, pull request reviews and CI pipelines.", &tomas, "GitHub", Confidential, None, false),
            ("Google Workspace", Saas, "Identity provider (SSO), email and documents.", &priya, "Google", Confidential, None, false),
            ("Zendesk", Saas, "Customer support tickets, which can contain shipment details.", &priya, "Zendesk", Confidential, None, true),
            ("Company laptops", Endpoints, "MacBooks managed with Kandji: disk encryption, screen lock, updates.", &ethan, "", Internal, None, false),
            ("Marketing website", Application, "Static site on Webflow; no customer data, no link to production.", &priya, "Webflow", Public, Some("Static marketing pages with no customer data and no access to the production environment."), false),
            ("Gusto", Saas, "Payroll and HR records.", &samuel, "Gusto", Restricted, Some("Payroll and HR only; holds no customer data and does not support the Rates API service."), false),
        ];
        for (name, kind, description, owner, hosting, class, out_reason, customer) in systems {
            systems::create(
                w,
                &SystemInput {
                    name: name.to_owned(),
                    kind,
                    description: description.to_owned(),
                    owner_id: owner.clone(),
                    hosting: hosting.to_owned(),
                    data_classification: class,
                    in_scope: out_reason.is_none(),
                    scope_reason: out_reason.unwrap_or_default().to_owned(),
                    holds_customer_data: customer,
                },
            )?;
        }

        scope::update(
            w,
            &Scope {
                report_type: ReportType::Type1,
                as_of_date: NaiveDate::from_ymd_opt(2027, 3, 31),
                period_start: None,
                period_end: None,
                system_name: "Parcelwise Rates API platform".to_owned(),
            },
        )?;
        scope::set_category(w, Category::Security, true, "Required in every SOC 2 report.")?;
        scope::set_category(
            w,
            Category::Availability,
            true,
            "Merchants' checkouts call the Rates API live; contracts promise 99.9% monthly uptime.",
        )?;
        scope::set_category(
            w,
            Category::Confidentiality,
            true,
            "We hold merchants' carrier account credentials and shipment data under NDA-style terms.",
        )?;
        scope::set_category(
            w,
            Category::ProcessingIntegrity,
            false,
            "Rates come from carriers; customers have not asked for assurance on calculation accuracy yet.",
        )?;
        scope::set_category(w, Category::Privacy, false, "We process recipients' addresses for merchants as a processor; revisit next year.")?;

        description::save(
            w,
            "DC1",
            "Parcelwise provides the Rates API, a multi-tenant SaaS service that online stores call at checkout to get real-time shipping rates from carriers, buy labels and receive tracking updates by webhook. Merchants manage their account in the Merchant dashboard. The marketing website is not part of the system.",
        )?;
        description::save(
            w,
            "DC2",
            "Parcelwise commits to 99.9% monthly availability of the Rates API (Master Subscription Agreement, section 6), to encrypting merchant data in transit and at rest, to notifying affected merchants of a security incident within 72 hours, and to using carrier credentials only to fulfil the merchant's own requests.",
        )?;
        Ok(())
    })
}
