//! A server's own administrator password in infrastructure code: the fix
//! is Microsoft Entra authentication on the server. Each server type has
//! its own Entra administrator resource or block, so the advice comes from
//! the resource that encloses the password ([`crate::target::server_of`]),
//! never from another server in the same file. The facts are in
//! `docs/managed-identity.md` §3.8.

use super::Plan;
use crate::context::Context;
use crate::docs;
use crate::target::{is_sql, server_of, ServerResource};
use connleak_core::model::{AzureService, Finding, Stack};

pub(super) fn iac_plan(f: &Finding, cx: &Context, service: AzureService) -> Plan {
    let mut p = Plan::default();
    let tf = cx.stack == Stack::Terraform;
    // the resource type, when the same service (the target may come from a
    // host name instead)
    let resource = server_of(f, &cx.evidence.file).filter(|r| r.service == service);
    let flexible = resource.is_none_or(|r| r.flexible);
    p.summary =
        "make Microsoft Entra the server's authentication and drop the administrator password"
            .into();
    if !flexible {
        p.replacement = None;
        p.notes.push(format!(
            "`{}` is a single server, which Microsoft has retired; migrate to the flexible server, then give it a Microsoft Entra administrator.",
            resource.map_or("this server", |r| r.kind)
        ));
        p.docs.push(if service == AzureService::MySql {
            docs::MYSQL_ENTRA_AUTH
        } else {
            docs::PG_ENTRA_AUTH
        });
        return p;
    }
    p.replacement = Some(match (service, tf) {
        (AzureService::SqlManagedInstance, true) => "azure_active_directory_administrator {\n  login_username                      = \"<entra-admin-group>\"\n  object_id                           = \"<entra-admin-object-id>\"\n  principal_type                      = \"Group\"\n  azuread_authentication_only_enabled = true\n}\n(in the azurerm_mssql_managed_instance; then remove administrator_login / administrator_login_password)".to_string(),
        (AzureService::Synapse, _) => "a Microsoft Entra administrator on the Synapse workspace and Microsoft Entra-only authentication, instead of the SQL administrator password".to_string(),
        (s, true) if is_sql(s) => "azuread_administrator {\n  login_username              = \"<entra-admin-group>\"\n  object_id                   = \"<entra-admin-object-id>\"\n  azuread_authentication_only = true\n}\n(in the azurerm_mssql_server; then remove administrator_login / administrator_login_password)".to_string(),
        (s, false) if is_sql(s) => "administrators: { administratorType: 'ActiveDirectory', principalType: 'Group', login: '<entra-admin-group>', sid: '<entra-admin-object-id>', tenantId: subscription().tenantId, azureADOnlyAuthentication: true } (and remove administratorLogin / administratorLoginPassword)".to_string(),
        (AzureService::PostgreSql, true) => "authentication {\n  active_directory_auth_enabled = true\n  password_auth_enabled         = false\n  tenant_id                     = \"<tenant-id>\"\n}\n(in the azurerm_postgresql_flexible_server; remove administrator_login / administrator_password)\nresource \"azurerm_postgresql_flexible_server_active_directory_administrator\" \"entra_admin\" {\n  server_name         = <server>.name\n  resource_group_name = <server>.resource_group_name\n  tenant_id           = \"<tenant-id>\"\n  object_id           = \"<entra-admin-object-id>\"\n  principal_name      = \"<entra-admin-group>\"\n  principal_type      = \"Group\"\n}".to_string(),
        (AzureService::PostgreSql, false) => "authConfig: { activeDirectoryAuth: 'Enabled', passwordAuth: 'Disabled', tenantId: subscription().tenantId } in the server's properties (and remove administratorLogin / administratorLoginPassword), plus a child resource 'Microsoft.DBforPostgreSQL/flexibleServers/administrators@2022-12-01' named '<entra-admin-object-id>' with properties: { principalName: '<entra-admin-group>', principalType: 'Group', tenantId: subscription().tenantId }".to_string(),
        (AzureService::MySql, true) => "identity {\n  type         = \"UserAssigned\"\n  identity_ids = [<server-identity>.id]\n}\n(in the azurerm_mysql_flexible_server; the identity needs the Microsoft Graph permissions User.Read.All, GroupMember.Read.All and Application.Read.All)\nresource \"azurerm_mysql_flexible_server_active_directory_administrator\" \"entra_admin\" {\n  server_id   = <server>.id\n  identity_id = <server-identity>.id\n  login       = \"<entra-admin-group>\"\n  object_id   = \"<entra-admin-object-id>\"\n  tenant_id   = \"<tenant-id>\"\n}\nresource \"azurerm_mysql_flexible_server_configuration\" \"aad_auth_only\" {\n  name                = \"aad_auth_only\"\n  server_name         = <server>.name\n  resource_group_name = <server>.resource_group_name\n  value               = \"ON\"\n}".to_string(),
        (AzureService::MySql, false) => "identity: { type: 'UserAssigned', userAssignedIdentities: { '${serverIdentity.id}': {} } } on the server (the identity needs the Microsoft Graph permissions User.Read.All, GroupMember.Read.All and Application.Read.All), plus child resources 'Microsoft.DBforMySQL/flexibleServers/administrators@2023-06-30' named 'ActiveDirectory' with properties: { administratorType: 'ActiveDirectory', identityResourceId: serverIdentity.id, login: '<entra-admin-group>', sid: '<entra-admin-object-id>', tenantId: subscription().tenantId } and 'Microsoft.DBforMySQL/flexibleServers/configurations@2023-06-30' named 'aad_auth_only' with properties: { value: 'ON', source: 'user-override' }".to_string(),
        _ => "a Microsoft Entra administrator on the server instead of an administrator password".to_string(),
    });
    match service {
        AzureService::MySql => {
            p.notes.push(if tf {
                "MySQL flexible server: the provider still needs an administrator password at creation; with `aad_auth_only` ON it no longer signs in. Keep it out of the code: `administrator_password_wo` (write-only, not stored in the state) from a generated or Key Vault value.".to_string()
            } else {
                "MySQL flexible server: the server still needs an administrator password at creation; with `aad_auth_only` ON it no longer signs in. Pass it as a `@secure()` parameter from Key Vault, never as a literal.".to_string()
            });
            p.docs.push(docs::MYSQL_ENTRA_AUTH);
            p.docs.push(if tf {
                docs::TF_MYSQL_ENTRA_ADMIN
            } else {
                docs::BICEP_MYSQL_ENTRA_ADMIN
            });
        }
        AzureService::PostgreSql => {
            p.docs.push(docs::PG_ENTRA_AUTH);
            p.docs.push(if tf {
                docs::TF_PG_ENTRA_ADMIN
            } else {
                docs::BICEP_PG_ENTRA_ADMIN
            });
        }
        s if is_sql(s) => {
            p.docs.push(docs::SQL_ENTRA_ONLY);
            if tf && s == AzureService::AzureSql {
                p.docs.push(docs::TF_MSSQL_SERVER);
            }
            if resource.is_some_and(|r: ServerResource| r.kind == "azurerm_sql_server") {
                p.notes.push("`azurerm_sql_server` is deprecated in the azurerm provider; the `azuread_administrator` block belongs to its replacement, `azurerm_mssql_server`.".into());
            }
        }
        _ => p.docs.push(docs::SQL_ENTRA_ONLY),
    }
    p
}

#[cfg(test)]
mod tests {
    use crate::project::Evidence;
    use connleak_core::model::{Identity, Remediation};

    fn all(path: &str, text: &str) -> Vec<Remediation> {
        let ev = Evidence {
            unit: "infra".into(),
            file: text.to_ascii_lowercase(),
            ..Default::default()
        };
        crate::tests::advise_text(path, text, &ev)
            .into_iter()
            .map(|i| i.remediation.expect("remediation"))
            .collect()
    }

    // Regression (issue 13): the first server resource of the file decided
    // the advice for every password in it.
    #[test]
    fn each_password_gets_the_entra_admin_of_its_own_terraform_resource() {
        let text = r#"
resource "azurerm_mssql_server" "sql" {
  name                         = "fab-sql"
  administrator_login          = "sqladmin"
  administrator_login_password = "Vq8#tRz2!mLp"
}

resource "azurerm_postgresql_flexible_server" "pg" {
  name                   = "fab-pg"
  administrator_login    = "pgadmin"
  administrator_password = "Hw3$kPn7@xQe"
  # a comment with a brace { and a quote "
}

resource "azurerm_mysql_flexible_server" "my" {
  name                   = "fab-${var.env}-my"
  administrator_login    = "myadmin"
  administrator_password = "Jd5%vBc9^rTy"
}
"#;
        let r = all("infra/main.tf", text);
        assert_eq!(r.len(), 3, "{r:?}");
        let rep = |i: usize| r[i].replacement.clone().unwrap_or_default();
        assert_eq!(r[0].service.id(), "azure-sql");
        assert!(rep(0).contains("azuread_administrator {"), "{}", rep(0));
        assert_eq!(r[1].service.id(), "azure-postgresql");
        assert!(rep(1).contains("active_directory_auth_enabled = true"));
        assert!(rep(1).contains(
            "resource \"azurerm_postgresql_flexible_server_active_directory_administrator\""
        ));
        assert!(!rep(1).contains("azuread_administrator {"), "{}", rep(1));
        assert_eq!(r[2].service.id(), "azure-mysql");
        assert!(rep(2)
            .contains("resource \"azurerm_mysql_flexible_server_active_directory_administrator\""));
        assert!(rep(2).contains("type         = \"UserAssigned\""));
        assert!(rep(2).contains("identity_id = <server-identity>.id"));
        assert!(rep(2).contains("name                = \"aad_auth_only\""));
        assert!(!rep(2).contains("password_auth_enabled"), "{}", rep(2));
        assert!(r[2].docs.iter().any(|d| d
            .url
            .ends_with("/mysql_flexible_server_active_directory_administrator")));
        assert!(r.iter().all(|x| x.identity == Identity::NotApplicable));
    }

    #[test]
    fn each_password_gets_the_entra_admin_of_its_own_bicep_resource() {
        let text = r#"
resource my 'Microsoft.DBforMySQL/flexibleServers@2023-06-30' = {
  name: 'fab-my'
  properties: {
    administratorLogin: 'myadmin'
    administratorLoginPassword: 'Jd5%vBc9^rTz'
  }
}

// don't let the quote in this comment confuse the reader
resource pg 'Microsoft.DBforPostgreSQL/flexibleServers@2023-06-01-preview' = {
  name: 'fab-pg-${env}'
  properties: {
    administratorLogin: 'pgadmin'
    administratorLoginPassword: 'Hw3$kPn7@xQf'
  }
}

resource sql 'Microsoft.Sql/servers@2023-08-01-preview' = {
  name: 'fab-sql'
  properties: {
    administratorLogin: 'sqladmin'
    administratorLoginPassword: 'Vq8#tRz2!mLq'
  }
}
"#;
        let r = all("infra/main.bicep", text);
        assert_eq!(r.len(), 3, "{r:?}");
        let rep = |i: usize| r[i].replacement.clone().unwrap_or_default();
        assert_eq!(r[0].service.id(), "azure-mysql");
        assert!(rep(0).contains("Microsoft.DBforMySQL/flexibleServers/administrators@"));
        assert!(rep(0).contains("identityResourceId"));
        assert_eq!(r[1].service.id(), "azure-postgresql");
        assert!(rep(1).contains("activeDirectoryAuth: 'Enabled'"));
        assert!(rep(1).contains("Microsoft.DBforPostgreSQL/flexibleServers/administrators@"));
        assert!(!rep(1).contains("azureADOnlyAuthentication"), "{}", rep(1));
        assert_eq!(r[2].service.id(), "azure-sql");
        assert!(rep(2).contains("azureADOnlyAuthentication: true"));
    }

    #[test]
    fn arm_json_reads_the_type_of_the_enclosing_object() {
        let text = r#"{
  "$schema": "https://schema.management.azure.com/schemas/2019-04-01/deploymentTemplate.json#",
  "resources": [
    { "type": "Microsoft.Sql/servers", "name": "fab-sql",
      "properties": { "administratorLogin": "sqladmin", "administratorLoginPassword": "Vq8#tRz2!mLr" } },
    { "type": "Microsoft.DBforPostgreSQL/flexibleServers", "name": "fab-pg",
      "properties": { "administratorLogin": "pgadmin", "administratorLoginPassword": "Hw3$kPn7@xQg" } }
  ]
}"#;
        let r = all("infra/azuredeploy.json", text);
        let services: Vec<_> = r.iter().map(|x| x.service.id()).collect();
        assert_eq!(services, ["azure-sql", "azure-postgresql"], "{r:?}");
    }
}
