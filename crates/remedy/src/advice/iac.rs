//! A server's own administrator password in infrastructure code: the fix
//! is Microsoft Entra authentication on the server.

use super::Plan;
use crate::context::Context;
use crate::docs;
use crate::target::is_sql;
use connleak_core::model::{AzureService, Stack};

pub(super) fn iac_plan(cx: &Context, service: AzureService) -> Plan {
    let mut p = Plan::default();
    let tf = cx.stack == Stack::Terraform;
    p.replacement = Some(match (is_sql(service), service, tf) {
        (true, _, true) => "azuread_administrator {\n  login_username              = \"<entra-admin-group>\"\n  object_id                   = \"<entra-admin-object-id>\"\n  azuread_authentication_only = true\n}\n(and remove administrator_login / administrator_login_password)".to_string(),
        (true, _, false) => "administrators: { administratorType: 'ActiveDirectory', login: '<entra-admin-group>', sid: '<entra-admin-object-id>', tenantId: subscription().tenantId, azureADOnlyAuthentication: true } (and remove administratorLogin / administratorLoginPassword)".to_string(),
        (_, AzureService::PostgreSql, true) => "authentication {\n  active_directory_auth_enabled = true\n  password_auth_enabled         = false\n  tenant_id                     = \"<tenant-id>\"\n}\n(remove administrator_password, and add an azurerm_postgresql_flexible_server_active_directory_administrator for an Entra group)".to_string(),
        (_, AzureService::PostgreSql, false) => "authConfig: { activeDirectoryAuth: 'Enabled', passwordAuth: 'Disabled', tenantId: subscription().tenantId } (and remove administratorLoginPassword)".to_string(),
        _ => "a Microsoft Entra administrator on the server instead of an administrator password".to_string(),
    });
    p.docs.push(if is_sql(service) {
        docs::SQL_ENTRA_ONLY
    } else {
        docs::PG_ENTRA_AUTH
    });
    if service == AzureService::MySql {
        p.notes.push("MySQL flexible server: set a Microsoft Entra administrator (it needs a user-assigned identity for the server); turning password sign-in off entirely is a server parameter that connleak has not verified.".into());
    }
    p.summary =
        "make Microsoft Entra the server's authentication and drop the administrator password"
            .into();
    p
}
