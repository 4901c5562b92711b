use super::*;
use crate::import::dates::DateProblem;
use crate::systems::DataClassification;
use crate::vendors::{AccessLevel, Assurance, Criticality, Opinion, Subservice, VendorCategory};

fn date(y: i32, m: u32, d: u32) -> NaiveDate {
    NaiveDate::from_ymd_opt(y, m, d).unwrap()
}

fn vendors(csv: &str) -> VendorFile {
    parse_vendors(csv.as_bytes()).unwrap_or_else(|e| panic!("expected vendors, got: {e}"))
}

fn aws() -> VendorInput {
    VendorInput {
        name: "Amazon Web Services".to_owned(),
        service: "Production hosting, \"us-east-1\"".to_owned(),
        category: VendorCategory::CloudHosting,
        owner_id: Some("person-1".to_owned()),
        website: "https://aws.amazon.com".to_owned(),
        data_classification: DataClassification::Restricted,
        customer_data: true,
        access_level: AccessLevel::Admin,
        criticality: Criticality::High,
        tier_override: None,
        tier_override_reason: String::new(),
        contract_start: Some(date(2021, 4, 1)),
        contract_renewal: Some(date(2025, 3, 31)),
        assurance: Assurance::Soc2Type2,
        report_period_end: Some(date(2024, 9, 30)),
        report_received: Some(date(2024, 11, 15)),
        bridge_letter: false,
        opinion: Opinion::Unqualified,
        exceptions: "None noted".to_owned(),
        dpa_signed: Some(date(2021, 4, 1)),
        questionnaire_date: None,
        questionnaire_outcome: String::new(),
        subservice: Subservice::CarveOut,
        last_review: Some(date(2024, 12, 2)),
        system_ids: vec!["sys-1".to_owned()],
    }
}

fn slack() -> VendorInput {
    VendorInput {
        name: "Slack".to_owned(),
        service: "Team chat; incident channel".to_owned(),
        category: VendorCategory::Communication,
        owner_id: None,
        website: String::new(),
        data_classification: DataClassification::Confidential,
        customer_data: false,
        access_level: AccessLevel::Read,
        criticality: Criticality::Low,
        tier_override: Some(Tier::High),
        tier_override_reason: "Incident response\nruns through it".to_owned(),
        contract_start: None,
        contract_renewal: Some(date(2025, 1, 15)),
        assurance: Assurance::Iso27001,
        report_period_end: None,
        report_received: None,
        bridge_letter: true,
        opinion: Opinion::Unknown,
        exceptions: String::new(),
        dpa_signed: None,
        questionnaire_date: Some(date(2024, 2, 29)),
        questionnaire_outcome: "Fine".to_owned(),
        subservice: Subservice::No,
        last_review: None,
        system_ids: Vec::new(),
    }
}

/// What the CSV carries of a vendor: everything but the fields it leaves out.
fn exported_part(v: &VendorInput) -> VendorInput {
    VendorInput {
        owner_id: None,
        exceptions: String::new(),
        questionnaire_outcome: String::new(),
        system_ids: Vec::new(),
        ..v.clone()
    }
}

#[test]
fn column_order_matches_the_header() {
    let headers: Vec<&str> = Column::ALL.iter().map(|c| c.header()).collect();
    assert_eq!(headers, HEADER);
    for (i, column) in Column::ALL.iter().enumerate() {
        assert_eq!(*column as usize, i);
        assert_eq!(column.synonyms()[0], normalise_label(column.header()), "{column:?}");
    }
}

#[test]
fn export_then_import_gives_the_same_vendors() {
    let (aws, slack) = (aws(), slack());
    let bytes = write_csv(&[
        ExportRow { input: &aws, owner_email: "ada@lanternworks.io" },
        ExportRow { input: &slack, owner_email: "" },
    ])
    .unwrap();
    let text = String::from_utf8(bytes.clone()).unwrap();
    assert!(text.starts_with(&format!("{}\n", HEADER.join(","))), "{text}");
    assert!(text.contains(",cloud_hosting,ada@lanternworks.io,"), "{text}");
    assert!(text.contains(",yes,admin,high,,,2021-04-01,"), "{text}");

    let file = parse_vendors(&bytes).unwrap();
    assert_eq!(file.rows.len(), 2);
    assert_eq!((file.rows[0].line, file.rows[1].line), (2, 3));
    assert_eq!(file.rows[0].input, exported_part(&aws));
    assert_eq!(file.rows[1].input, exported_part(&slack));
    assert_eq!(file.rows[0].owner_email, "ada@lanternworks.io");
    assert_eq!(file.rows[1].owner_email, "");
    assert!(file.rows.iter().all(|r| r.problems.is_empty()), "{:?}", file.rows);
}

#[test]
fn export_of_no_vendors_is_just_the_header() {
    assert_eq!(write_csv(&[]).unwrap(), format!("{}\n", HEADER.join(",")).into_bytes());
}

#[test]
fn only_the_name_column_is_required() {
    let file = vendors("Name\nDatadog\n");
    assert_eq!(file.rows[0].input, VendorInput { name: "Datadog".to_owned(), ..VendorInput::default() });
    assert!(file.rows[0].problems.is_empty());
}

#[test]
fn labels_and_loose_spellings_are_accepted() {
    let file = vendors(
        "Name,Category,Access Level,Criticality,Tier,Tier Override Reason,Assurance,Opinion,Subservice,Data Classification\n\
         AWS,Cloud hosting,Administers,High,Critical,Holds everything,SOC 2 Type II,Unqualified (clean),carve-out,RESTRICTED\n\
         Okta,IDENTITY,read-only,low,HIGH,SSO,soc2 type ii,clean,Inclusive,public\n\
         Stripe,hr finance,Can change,Medium,,,ISO 27001,Not recorded,none,Internal\n",
    );
    assert!(file.rows.iter().all(|r| r.problems.is_empty()), "{:?}", file.rows);
    let got: Vec<_> = file
        .rows
        .iter()
        .map(|r| {
            let v = &r.input;
            (v.category, v.access_level, v.criticality, v.tier_override, v.assurance, v.opinion, v.subservice)
        })
        .collect();
    use AccessLevel as A;
    use Assurance as S;
    assert_eq!(
        got,
        [
            (
                VendorCategory::CloudHosting,
                A::Admin,
                Criticality::High,
                Some(Tier::Critical),
                S::Soc2Type2,
                Opinion::Unqualified,
                Subservice::CarveOut
            ),
            (
                VendorCategory::Identity,
                A::Read,
                Criticality::Low,
                Some(Tier::High),
                S::Soc2Type2,
                Opinion::Unqualified,
                Subservice::Inclusive
            ),
            (
                VendorCategory::HrFinance,
                A::Write,
                Criticality::Medium,
                None,
                S::Iso27001,
                Opinion::Unknown,
                Subservice::No
            ),
        ]
    );
    let classes: Vec<_> = file.rows.iter().map(|r| r.input.data_classification).collect();
    use DataClassification as D;
    assert_eq!(classes, [D::Restricted, D::Public, D::Internal]);
}

#[test]
fn assurance_spellings_map_to_the_right_report() {
    use Assurance as A;
    let cases = [
        ("Type 2", A::Soc2Type2),
        ("type ii", A::Soc2Type2),
        ("SOC2 Type II", A::Soc2Type2),
        ("soc2_type2", A::Soc2Type2),
        ("SOC 2 Type I", A::Soc2Type1),
        ("Type 1", A::Soc2Type1),
        ("type i", A::Soc2Type1),
        ("SOC 1", A::Soc1),
        ("ISO", A::Iso27001),
        ("iso 27001", A::Iso27001),
        ("", A::None),
        ("N/A", A::None),
        ("none", A::None),
    ];
    let mut csv = String::from("vendor;assurance type\n");
    for (i, (text, _)) in cases.iter().enumerate() {
        csv.push_str(&format!("V{i};{text}\n"));
    }
    let file = vendors(&csv);
    assert!(file.rows.iter().all(|r| r.problems.is_empty()), "{:?}", file.rows);
    let got: Vec<_> = file.rows.iter().map(|r| r.input.assurance).collect();
    let want: Vec<_> = cases.iter().map(|(_, a)| *a).collect();
    assert_eq!(got, want);
}

#[test]
fn friendly_header_synonyms_are_accepted() {
    let file = vendors(
        "Supplier,Owner,Tier,Tier_Override_Reason,SOC Report,Period End,DPA\n\
         GitHub,Ada@Lanternworks.io ,low,Code only,Type 2,2024-06-30,2023-01-10\n",
    );
    let row = &file.rows[0];
    assert!(row.problems.is_empty(), "{:?}", row.problems);
    assert_eq!(row.input.name, "GitHub");
    assert_eq!(row.owner_email, "ada@lanternworks.io");
    assert_eq!(row.input.tier_override, Some(Tier::Low));
    assert_eq!(row.input.assurance, Assurance::Soc2Type2);
    assert_eq!(row.input.report_period_end, Some(date(2024, 6, 30)));
    assert_eq!(row.input.dpa_signed, Some(date(2023, 1, 10)));

    for header in ["Vendor", "Vendor Name", "vendor_name", "NAME"] {
        assert_eq!(vendors(&format!("{header}\nSentry\n")).rows[0].input.name, "Sentry", "{header}");
    }
}

#[test]
fn empty_none_or_na_tier_means_no_override() {
    let file = vendors("name,tier_override\nA,\nB,None\nC,n/a\nD,urgent\n");
    let tiers: Vec<_> = file.rows.iter().map(|r| r.input.tier_override).collect();
    assert_eq!(tiers, [None, None, None, None]);
    assert!(file.rows[..3].iter().all(|r| r.problems.is_empty()));
    assert_eq!(
        file.rows[3].problems,
        [VendorProblem::UnknownWord {
            column: Column::TierOverride,
            value: "urgent".to_owned(),
            expected: "critical, high, medium, low".to_owned(),
        }]
    );
}

#[test]
fn booleans_accept_common_spellings() {
    let file = vendors("name,customer_data,bridge_letter\nA,Yes,TRUE\nB,y,1\nC,no,false\nD,N,0\nE,,\n");
    let got: Vec<_> = file.rows.iter().map(|r| (r.input.customer_data, r.input.bridge_letter)).collect();
    assert_eq!(got, [(true, true), (true, true), (false, false), (false, false), (false, false)]);
    assert!(file.rows.iter().all(|r| r.problems.is_empty()));
}

#[test]
fn every_problem_kind_is_reported_on_its_line() {
    let file = vendors(
        "name,owner_email,category,customer_data,contract_renewal,tier_override,tier_override_reason\n\
         Alpha,,,,,,\n\
         ,,other,,,,\n\
         Bravo,,Cloud stuff,,,,\n\
         Charlie,,,,2024-02-30,,\n\
         Delta,,,maybe,,,\n\
         alpha,,,,,,\n\
         Echo,,,,,critical,\n\
         Foxtrot,ops team,,,,,\n",
    );
    let got: Vec<_> = file.rows.iter().map(|r| (r.line, r.problems.clone())).collect();
    assert_eq!(
        got,
        [
            (2, vec![]),
            (3, vec![VendorProblem::MissingName]),
            (
                4,
                vec![VendorProblem::UnknownWord {
                    column: Column::Category,
                    value: "Cloud stuff".to_owned(),
                    expected: "cloud_hosting, identity, payments, monitoring, support_tooling, communication, \
                               development, security, hr_finance, data_analytics, other"
                        .to_owned(),
                }]
            ),
            (
                5,
                vec![VendorProblem::BadDate {
                    column: Column::ContractRenewal,
                    value: "2024-02-30".to_owned(),
                    problem: DateProblem::NoSuchDate,
                }]
            ),
            (6, vec![VendorProblem::BadBoolean { column: Column::CustomerData, value: "maybe".to_owned() }]),
            (7, vec![VendorProblem::DuplicateName { first_line: 2 }]),
            (8, vec![VendorProblem::OverrideWithoutReason]),
            (9, vec![VendorProblem::InvalidEmail("ops team".to_owned())]),
        ]
    );
    // A value that could not be read leaves the field at its default.
    assert_eq!(file.rows[2].input.category, VendorCategory::Other);
    assert_eq!(file.rows[3].input.contract_renewal, None);
    assert!(!file.rows[4].input.customer_data);
}

#[test]
fn problem_messages_name_the_column_and_the_value() {
    let messages: Vec<String> = [
        VendorProblem::UnknownWord {
            column: Column::AccessLevel,
            value: "superuser".to_owned(),
            expected: "none, read, write, admin".to_owned(),
        },
        VendorProblem::BadBoolean { column: Column::BridgeLetter, value: "maybe".to_owned() },
        VendorProblem::BadDate {
            column: Column::DpaSigned,
            value: "1-Mar-24".to_owned(),
            problem: DateProblem::TwoDigitYear,
        },
        VendorProblem::InvalidEmail("ops team".to_owned()),
    ]
    .iter()
    .map(ToString::to_string)
    .collect();
    assert_eq!(
        messages[0],
        "\"superuser\" in the access level column is not a value we recognise. Use one of none, read, write, admin, or leave the cell empty."
    );
    assert!(messages[1].starts_with("\"maybe\" in the bridge letter column is not yes or no."), "{messages:?}");
    assert!(
        messages[2].starts_with(
            "\"1-Mar-24\" in the DPA signed column cannot be used as a date. The year has only two digits"
        ),
        "{messages:?}"
    );
    assert!(messages[3].starts_with("\"ops team\" in the owner email column"), "{messages:?}");
}

#[test]
fn duplicate_names_ignore_case_and_spacing() {
    let file = vendors(
        "name\nAmazon Web Services\n amazon  web   services \nOkta\nAMAZON WEB SERVICES\nokta\n\"Amazon\tWeb Services\"\n",
    );
    let got: Vec<_> = file.rows.iter().map(|r| (r.line, r.problems.clone())).collect();
    let dup = |first_line| vec![VendorProblem::DuplicateName { first_line }];
    assert_eq!(got, [(2, vec![]), (3, dup(2)), (4, vec![]), (5, dup(2)), (6, dup(4)), (7, dup(2))]);
    assert_eq!(file.rows[1].input.name, "amazon web services", "inner whitespace is collapsed");
    assert_eq!(normalise_name("  Amazon  Web\tServices "), "amazon web services");
}

#[test]
fn ambiguous_date_is_a_problem_not_a_guess() {
    let file = vendors("name,last_review\nOkta,03/04/2024\nSlack,13/04/2024\n");
    assert_eq!(file.rows[0].input.last_review, None);
    let Some(VendorProblem::BadDate { column: Column::LastReview, problem, .. }) = file.rows[0].problems.first() else {
        panic!("expected a bad date, got {:?}", file.rows[0].problems);
    };
    assert!(matches!(problem, DateProblem::Ambiguous { first: 3, second: 4, year: 2024, .. }));
    let message = file.rows[0].problems[0].to_string();
    assert!(message.contains("Is 03/04/2024 the 3rd of April or March 4th?"), "{message}");
    assert_eq!(file.rows[1].input.last_review, Some(date(2024, 4, 13)));
}

#[test]
fn semicolon_delimited_file_with_a_bom_is_read() {
    let bytes = "\u{feff}Name;Category;Customer Data;Contract Start\r\n\
                 Personio;hr_finance;yes;1 Mar 2023\r\n\
                 \"Müller; Partner\";other;no;\r\n"
        .as_bytes();
    let file = parse_vendors(bytes).unwrap();
    let got: Vec<_> = file
        .rows
        .iter()
        .map(|r| (r.line, r.input.name.as_str(), r.input.category, r.input.customer_data, r.input.contract_start))
        .collect();
    assert_eq!(
        got,
        [
            (2, "Personio", VendorCategory::HrFinance, true, Some(date(2023, 3, 1))),
            (3, "Müller; Partner", VendorCategory::Other, false, None),
        ]
    );
    assert!(file.rows.iter().all(|r| r.problems.is_empty()));
}

#[test]
fn missing_name_column_lists_accepted_names() {
    let err = parse_vendors(b"Service,Owner\nHosting,ada@example.com\n").err();
    let Some(err @ ImportError::MissingColumns { .. }) = err else {
        panic!("expected MissingColumns, got {err:?}");
    };
    let msg = err.to_string();
    assert!(
        msg.contains("vendor name (a column named \"Name\", \"Vendor Name\", \"Vendor\" or \"Supplier\")"),
        "{msg}"
    );
    assert!(msg.contains("The columns in the file are: \"Service\", \"Owner\"."), "{msg}");
}

#[test]
fn file_without_header_or_rows_is_refused() {
    assert!(matches!(parse_vendors(b"AWS,ada@example.com,cloud_hosting\n"), Err(ImportError::NoHeader)));
    assert!(matches!(parse_vendors(b"name,service\n"), Err(ImportError::NoRows)));
}

#[test]
fn problems_serialise_as_kind_and_message() {
    let json = serde_json::to_value(VendorProblem::DuplicateName { first_line: 4 }).unwrap();
    assert_eq!(
        json,
        serde_json::json!({
            "kind": "duplicate_name",
            "message": "A vendor with this name is already on line 4. Each vendor should appear only once."
        })
    );
}

#[test]
fn typescript_shows_problems_as_kind_and_message() {
    let cfg = ts_rs::Config::new();
    let decl = VendorRow::decl(&cfg);
    assert!(decl.contains("problems: Array<VendorProblemView>"), "{decl}");
    assert!(decl.contains("line: number"), "{decl}");
    assert!(decl.contains("input: VendorInput"), "{decl}");
}
