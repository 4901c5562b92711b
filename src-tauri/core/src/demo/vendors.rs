//! The demo's vendors: the usual stack of a small API company, with a couple of reports
//! gone stale so the dashboard has something to flag.

use chrono::NaiveDate;

use crate::people;
use crate::systems::DataClassification;
use crate::vendors::{self, AccessLevel, Assurance, Criticality, Opinion, Subservice, VendorCategory, VendorInput};
use crate::workbook::{Actor, Workbook, WorkbookError, WriteTx};

fn date(y: i32, m: u32, d: u32) -> Option<NaiveDate> {
    NaiveDate::from_ymd_opt(y, m, d)
}

struct DemoVendor {
    name: &'static str,
    service: &'static str,
    category: VendorCategory,
    owner: &'static str,
    website: &'static str,
    class: DataClassification,
    customer_data: bool,
    access: AccessLevel,
    criticality: Criticality,
    assurance: Assurance,
    period_end: Option<NaiveDate>,
    dpa: Option<NaiveDate>,
    subservice: Subservice,
    systems: &'static [&'static str],
    last_review: Option<NaiveDate>,
}

fn vendors() -> Vec<DemoVendor> {
    use AccessLevel as A;
    use Assurance as S;
    use Criticality as C;
    use DataClassification as D;
    use VendorCategory as V;
    vec![
        DemoVendor {
            name: "Amazon Web Services",
            service: "Cloud hosting for production (ECS, RDS, S3, KMS)",
            category: V::CloudHosting,
            owner: "ethan@parcelwise.io",
            website: "aws.amazon.com",
            class: D::Restricted,
            customer_data: true,
            access: A::Admin,
            criticality: C::High,
            assurance: S::Soc2Type2,
            period_end: date(2026, 9, 30),
            dpa: date(2023, 2, 1),
            subservice: Subservice::CarveOut,
            systems: &["Production AWS account", "Orders database", "Event archive", "Rates API", "Merchant dashboard"],
            last_review: date(2026, 10, 20),
        },
        DemoVendor {
            name: "Google Workspace",
            service: "Identity provider, email and documents",
            category: V::Identity,
            owner: "priya@parcelwise.io",
            website: "workspace.google.com",
            class: D::Confidential,
            customer_data: true,
            access: A::Admin,
            criticality: C::High,
            assurance: S::Soc2Type2,
            period_end: date(2026, 4, 30),
            dpa: date(2022, 6, 14),
            subservice: Subservice::No,
            systems: &["Google Workspace"],
            last_review: date(2026, 6, 2),
        },
        DemoVendor {
            name: "Stripe",
            service: "Card payments and invoicing for merchant subscriptions",
            category: V::Payments,
            owner: "samuel@parcelwise.io",
            website: "stripe.com",
            class: D::Confidential,
            customer_data: true,
            access: A::Write,
            criticality: C::High,
            assurance: S::Soc2Type2,
            period_end: date(2026, 6, 30),
            dpa: date(2022, 3, 1),
            subservice: Subservice::No,
            systems: &[],
            last_review: date(2026, 8, 11),
        },
        DemoVendor {
            name: "Datadog",
            service: "Monitoring, logs and alerting for production",
            category: V::Monitoring,
            owner: "ethan@parcelwise.io",
            website: "datadoghq.com",
            class: D::Confidential,
            customer_data: true,
            access: A::Read,
            criticality: C::High,
            assurance: S::Soc2Type2,
            period_end: date(2025, 6, 30),
            dpa: date(2023, 5, 9),
            subservice: Subservice::CarveOut,
            systems: &["Production AWS account", "Rates API"],
            last_review: date(2025, 9, 1),
        },
        DemoVendor {
            name: "Zendesk",
            service: "Customer support tickets and help centre",
            category: V::SupportTooling,
            owner: "priya@parcelwise.io",
            website: "zendesk.com",
            class: D::Confidential,
            customer_data: true,
            access: A::Read,
            criticality: C::Medium,
            assurance: S::Soc2Type2,
            period_end: date(2025, 8, 31),
            dpa: None,
            subservice: Subservice::No,
            systems: &["Zendesk"],
            last_review: date(2025, 11, 3),
        },
        DemoVendor {
            name: "GitHub",
            service: "Source code hosting, pull requests and CI",
            category: V::Development,
            owner: "tomas@parcelwise.io",
            website: "github.com",
            class: D::Confidential,
            customer_data: false,
            access: A::Write,
            criticality: C::High,
            assurance: S::Soc2Type2,
            period_end: date(2026, 3, 31),
            dpa: date(2022, 1, 20),
            subservice: Subservice::No,
            systems: &["GitHub"],
            last_review: date(2026, 5, 15),
        },
        DemoVendor {
            name: "Kandji",
            service: "Device management for company laptops",
            category: V::Security,
            owner: "ethan@parcelwise.io",
            website: "kandji.io",
            class: D::Internal,
            customer_data: false,
            access: A::Admin,
            criticality: C::Medium,
            assurance: S::Soc2Type2,
            period_end: date(2026, 5, 31),
            dpa: None,
            subservice: Subservice::No,
            systems: &["Company laptops"],
            last_review: date(2026, 7, 1),
        },
        DemoVendor {
            name: "Postmark",
            service: "Transactional email (label and tracking notifications)",
            category: V::Communication,
            owner: "jonas@parcelwise.io",
            website: "postmarkapp.com",
            class: D::Confidential,
            customer_data: true,
            access: A::None,
            criticality: C::Medium,
            assurance: S::None,
            period_end: None,
            dpa: date(2024, 4, 2),
            subservice: Subservice::No,
            systems: &["Rates API"],
            last_review: None,
        },
        DemoVendor {
            name: "Slack",
            service: "Internal chat and incident channels",
            category: V::Communication,
            owner: "priya@parcelwise.io",
            website: "slack.com",
            class: D::Internal,
            customer_data: false,
            access: A::None,
            criticality: C::Medium,
            assurance: S::Iso27001,
            period_end: date(2026, 2, 28),
            dpa: None,
            subservice: Subservice::No,
            systems: &[],
            last_review: date(2026, 3, 10),
        },
        DemoVendor {
            name: "Gusto",
            service: "Payroll and HR records",
            category: V::HrFinance,
            owner: "samuel@parcelwise.io",
            website: "gusto.com",
            class: D::Restricted,
            customer_data: false,
            access: A::None,
            criticality: C::Low,
            assurance: S::Soc2Type2,
            period_end: date(2026, 6, 30),
            dpa: None,
            subservice: Subservice::No,
            systems: &["Gusto"],
            last_review: date(2026, 7, 20),
        },
        DemoVendor {
            name: "Webflow",
            service: "Marketing website hosting",
            category: V::Other,
            owner: "priya@parcelwise.io",
            website: "webflow.com",
            class: D::Public,
            customer_data: false,
            access: A::None,
            criticality: C::Low,
            assurance: S::None,
            period_end: None,
            dpa: None,
            subservice: Subservice::No,
            systems: &["Marketing website"],
            last_review: None,
        },
    ]
}

fn system_id(w: &WriteTx<'_>, name: &str) -> Result<Option<String>, WorkbookError> {
    Ok(crate::systems::list_conn(w.sql())?.into_iter().find(|s| s.name == name).map(|s| s.id))
}

pub(super) fn seed(wb: &mut Workbook, actor: &Actor) -> Result<(), WorkbookError> {
    wb.write(actor, |w| -> Result<(), WorkbookError> {
        for v in vendors() {
            let owner = people::find_by_email(w.sql(), v.owner)?.map(|p| p.id);
            let mut system_ids = Vec::new();
            for s in v.systems {
                if let Some(id) = system_id(w, s)? {
                    system_ids.push(id);
                }
            }
            let input = VendorInput {
                name: v.name.into(),
                service: v.service.into(),
                category: v.category,
                owner_id: owner,
                website: v.website.into(),
                data_classification: v.class,
                customer_data: v.customer_data,
                access_level: v.access,
                criticality: v.criticality,
                assurance: v.assurance,
                report_period_end: v.period_end,
                report_received: v.period_end.and_then(|d| d.checked_add_days(chrono::Days::new(45))),
                opinion: if v.assurance == Assurance::None { Opinion::Unknown } else { Opinion::Unqualified },
                dpa_signed: v.dpa,
                subservice: v.subservice,
                last_review: v.last_review,
                system_ids,
                ..Default::default()
            };
            let id = vendors::create(w, &input)?;
            if v.name == "Amazon Web Services" {
                let cuecs: [(&str, &[&str]); 3] = [
                    (
                        "Customers manage their own IAM users, roles and access keys, and review them periodically.",
                        &["AC-01", "AC-05", "AC-06"],
                    ),
                    ("Customers choose to encrypt data at rest and manage the KMS keys they create.", &["DP-01"]),
                    ("Customers configure backups and test restores of their own databases.", &["BC-01"]),
                ];
                for (text, refs) in cuecs {
                    let mut ids = Vec::new();
                    for r in refs {
                        if let Some(item) = crate::checklist::id_by_ref(w.sql(), r)? {
                            ids.push(item);
                        }
                    }
                    vendors::add_cuec(w, &id, text, &ids)?;
                }
            }
        }
        Ok(())
    })
}
