//! Commands for the scoping step: scope decisions, criteria, people, systems and the
//! system description. Each parses, calls one core service and maps the error.

use readiness_core::catalog::Category;
use readiness_core::people::{self, Person, PersonInput, RosterPreview};
use readiness_core::scope::{self, criteria::CriterionView, description::DescriptionSection, Scope, ScopeOverview};
use readiness_core::systems::{self, System, SystemInput};
use readiness_core::workbook::{Actor, WorkbookError};
use tauri::AppHandle;

use super::{blocking, today, with_open};
use crate::dto::{ImportRosterRequest, RosterImportOutcome};
use crate::error::ApiError;

#[tauri::command]
pub async fn scope_overview(app: AppHandle) -> Result<ScopeOverview, ApiError> {
    blocking(app, "read the scope", |state| with_open(state, |wb| Ok(scope::overview(wb)?))).await
}

#[tauri::command]
pub async fn update_scope(app: AppHandle, scope: Scope) -> Result<ScopeOverview, ApiError> {
    blocking(app, "save the scope", move |state| {
        with_open(state, |wb| {
            wb.write(&Actor::from_os(), |w| scope::update(w, &scope))?;
            Ok(scope::overview(wb)?)
        })
    })
    .await
}

#[tauri::command]
pub async fn set_category_scope(
    app: AppHandle,
    category: Category,
    in_scope: bool,
    rationale: String,
) -> Result<ScopeOverview, ApiError> {
    blocking(app, "change the categories in scope", move |state| {
        with_open(state, |wb| {
            wb.write(&Actor::from_os(), |w| scope::set_category(w, category, in_scope, &rationale))?;
            Ok(scope::overview(wb)?)
        })
    })
    .await
}

#[tauri::command]
pub async fn list_criteria(app: AppHandle) -> Result<Vec<CriterionView>, ApiError> {
    blocking(app, "read the criteria", |state| with_open(state, |wb| Ok(scope::criteria::list(wb, today())?))).await
}

#[tauri::command]
pub async fn list_people(app: AppHandle) -> Result<Vec<Person>, ApiError> {
    blocking(app, "read the roster", |state| with_open(state, |wb| Ok(people::list(wb)?))).await
}

#[tauri::command]
pub async fn save_person(app: AppHandle, id: Option<String>, person: PersonInput) -> Result<Vec<Person>, ApiError> {
    blocking(app, "save the person", move |state| {
        with_open(state, |wb| {
            wb.write(&Actor::from_os(), |w| match &id {
                Some(id) => people::update(w, id, &person),
                None => people::create(w, &person).map(|_| ()),
            })?;
            Ok(people::list(wb)?)
        })
    })
    .await
}

#[tauri::command]
pub async fn delete_person(app: AppHandle, id: String) -> Result<Vec<Person>, ApiError> {
    blocking(app, "remove the person", move |state| {
        with_open(state, |wb| {
            wb.write(&Actor::from_os(), |w| people::delete(w, &id))?;
            Ok(people::list(wb)?)
        })
    })
    .await
}

/// Reads a roster CSV the user picked and returns the preview; with `apply`, imports the
/// accepted rows in one transaction and returns the new roster too.
#[tauri::command]
pub async fn import_roster(app: AppHandle, request: ImportRosterRequest) -> Result<RosterImportOutcome, ApiError> {
    blocking(app, "import the roster", move |state| {
        let (bytes, file_sha256) =
            super::read_import_file(&request.path, request.apply, request.expected_sha256.as_deref())?;
        let file = readiness_core::import::roster::parse_roster(&bytes, super::today())?;
        with_open(state, |wb| {
            let preview: RosterPreview = people::preview_roster(wb.conn(), &file)?;
            let result = if request.apply {
                Some(wb.write(&Actor::from_os(), |w| people::apply_roster(w, &file))?)
            } else {
                None
            };
            Ok(RosterImportOutcome {
                file_sha256,
                preview,
                result,
                people: if request.apply { Some(people::list(wb)?) } else { None },
            })
        })
    })
    .await
}

#[tauri::command]
pub async fn list_systems(app: AppHandle) -> Result<Vec<System>, ApiError> {
    blocking(app, "read the systems inventory", |state| with_open(state, |wb| Ok(systems::list(wb)?))).await
}

#[tauri::command]
pub async fn save_system(app: AppHandle, id: Option<String>, system: SystemInput) -> Result<Vec<System>, ApiError> {
    blocking(app, "save the system", move |state| {
        with_open(state, |wb| {
            wb.write(&Actor::from_os(), |w| match &id {
                Some(id) => systems::update(w, id, &system),
                None => systems::create(w, &system).map(|_| ()),
            })?;
            Ok(systems::list(wb)?)
        })
    })
    .await
}

#[tauri::command]
pub async fn delete_system(app: AppHandle, id: String) -> Result<Vec<System>, ApiError> {
    blocking(app, "remove the system", move |state| {
        with_open(state, |wb| {
            wb.write(&Actor::from_os(), |w| systems::delete(w, &id))?;
            Ok(systems::list(wb)?)
        })
    })
    .await
}

#[tauri::command]
pub async fn list_description(app: AppHandle) -> Result<Vec<DescriptionSection>, ApiError> {
    blocking(app, "read the system description", |state| with_open(state, |wb| Ok(scope::description::list(wb)?))).await
}

#[tauri::command]
pub async fn save_description_section(
    app: AppHandle,
    key: String,
    body: String,
) -> Result<Vec<DescriptionSection>, ApiError> {
    blocking(app, "save the system description", move |state| {
        with_open(state, |wb| {
            wb.write(&Actor::from_os(), |w| -> Result<(), WorkbookError> { scope::description::save(w, &key, &body) })?;
            Ok(scope::description::list(wb)?)
        })
    })
    .await
}
