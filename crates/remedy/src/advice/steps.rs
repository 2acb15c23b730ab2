//! The ordered steps every piece of advice ends with: identity, database
//! user, replacement, client version, rotation, Entra-only authentication.

use super::{db_or, Plan};
use crate::context::Context;
use crate::project::Hosting;
use crate::target::{is_sql, Elsewhere, Target};
use connleak_core::grammar::host;
use connleak_core::model::{AzureService, Finding, Identity, Stack};

/// The server's name for `az` commands: the first label of the host, or a
/// placeholder when there is no host or the name is templated (a cut
/// `fab-sql-${var` must never reach a command).
pub(super) fn server_name(f: &Finding) -> String {
    match f.host.as_deref() {
        Some(h) if host::is_templated(&host::first_label(h)) => "<server-name>".to_string(),
        Some(h) if !h.trim().is_empty() => host::first_label(h),
        _ => "<server>".to_string(),
    }
}

const KEY_VAULT_REFERENCE: &str = "If the application runs on Azure App Service or Azure Functions, store the secret in Key Vault and reference it from the app setting or connection string: `@Microsoft.KeyVault(SecretUri=https://<vault>.vault.azure.net/secrets/<secret-name>/)`; the app's managed identity needs permission to read secrets.";

pub(super) fn steps(f: &Finding, cx: &Context, identity: Identity, plan: &Plan) -> Vec<String> {
    let mut out = Vec::new();
    let user = f.user.clone().unwrap_or_else(|| "<user>".to_string());
    let host = f.host.clone().unwrap_or_else(|| "<server>".to_string());
    let db = db_or(f);
    let loc = format!("{}:{}", f.path, f.line);
    let rotate = format!(
        "Rotate the leaked password now: it is in the repository and must be considered compromised, and removing it from the latest commit does not remove it from git history. Change the password of `{user}` on `{host}`{}; once nothing uses it any more, disable that login.",
        match &cx.target {
            Target::Azure { service: AzureService::Fabric, .. } => String::new(),
            Target::Azure { service, .. } if is_sql(*service) => format!(" (a contained database user: `ALTER USER [{user}] WITH PASSWORD = '<new password>'`; a server login: `ALTER LOGIN [{user}] WITH PASSWORD = '<new password>'` in master)"),
            Target::Azure { service: AzureService::PostgreSql, .. } => format!(" (`ALTER ROLE \"{user}\" WITH PASSWORD '<new password>'`)"),
            Target::Azure { service: AzureService::Redis, .. } => " (regenerate the cache's access keys: `az redis regenerate-keys -g <resource-group> -n <cache> --key-type Primary`)".to_string(),
            Target::Azure { service: AzureService::CosmosDb, .. } => " (regenerate the account key: `az cosmosdb keys regenerate -g <resource-group> -n <account> --key-kind primary`)".to_string(),
            _ => String::new(),
        }
    );
    if cx.target == Target::NotAzure(Elsewhere::LocalFile) {
        out.push(format!("Re-key the database file now: the key at {loc} decrypts every copy of the file made with it, including backups and copies in other repositories. Open the file with the old key and run `PRAGMA rekey = '<new key>';` (SQLCipher, SQLite3 Multiple Ciphers), or export it to a new file with a new key."));
        out.push(format!("Keep the new key out of the repository: at {loc}, read it at run time from the operating system's protected store (DPAPI or Windows Credential Manager, macOS Keychain, libsecret), from an environment variable set by the deployment, or from a secret store such as Azure Key Vault; in .NET set `SqliteConnectionStringBuilder.Password` from that value instead of writing it into the connection string."));
        return out;
    }
    let Target::Azure { service, .. } = &cx.target else {
        out.push(rotate);
        // the secret-store replacement of the file's own stack
        let goes = plan
            .notes
            .iter()
            .find_map(|n| n.strip_prefix("Where the secret goes instead: "));
        if let (Some(rep), Some(goes)) = (plan.replacement.as_deref(), goes) {
            out.push(format!(
                "Put the new password where it goes instead: {}",
                goes
            ));
            let rep = if rep.contains('\n') {
                "the replacement shown above".to_string()
            } else {
                format!("`{}`", rep.trim())
            };
            out.push(format!(
                "Replace the password at {loc}, in the file's own syntax, with {rep}{}.",
                if plan.edit.is_some() {
                    format!(" (`connleak fix --write {}` makes this edit)", f.path)
                } else {
                    String::new()
                }
            ));
            out.push(KEY_VAULT_REFERENCE.to_string());
            return out;
        }
        out.push(format!(
            "Move the secret out of the repository: at {loc}, read it at run time from an environment variable or a secret store (Azure Key Vault, HashiCorp Vault, AWS Secrets Manager, a Kubernetes Secret created outside the repository){}.",
            match cx.stack {
                Stack::MicrosoftDataSqlClient | Stack::SystemDataSqlClient | Stack::Npgsql =>
                    "; in development, `dotnet user-secrets set \"ConnectionStrings:<name>\" \"<connection string>\"` keeps it out of appsettings files",
                Stack::EnvFile | Stack::Compose => "; keep `.env` files out of git (.gitignore) and commit an `.env.example` with empty values",
                _ => "",
            }
        ));
        out.push(KEY_VAULT_REFERENCE.to_string());
        if matches!(cx.target, Target::NotAzure(Elsewhere::Unknown)) {
            out.push("If this database is an Azure one, a managed identity can replace the password entirely: re-run connleak on the file that names the server, or see the managed-identity documentation.".to_string());
        }
        return out;
    };
    if identity == Identity::NotApplicable && !cx.server_admin {
        out.push(rotate);
        out.push(format!("Move the secret at {loc} to Key Vault and reference it: `@Microsoft.KeyVault(SecretUri=https://<vault>.vault.azure.net/secrets/<secret-name>/)`."));
        return out;
    }
    if cx.server_admin {
        out.push(format!("Give the server a Microsoft Entra administrator (a group) and turn on Entra-only authentication in {loc}: {}.", plan.replacement.as_deref().unwrap_or("see the documentation")));
        out.push("Give every application that connects a managed identity and a database user for it (connleak reports the connection strings it finds separately, each with its own steps).".to_string());
        out.push(rotate);
        return out;
    }
    let name = if identity == Identity::UserAssigned {
        "<identity-name>"
    } else {
        "<app-name>"
    };
    // 1. the identity
    match identity {
        Identity::UserAssigned => {
            out.push("Create one user-assigned identity and read its client id: `az identity create -g <resource-group> -n <identity-name>`, then `az identity show -g <resource-group> -n <identity-name> --query clientId -o tsv`.".to_string());
            if cx.evidence.hosting == Hosting::Kubernetes {
                out.push("On AKS, use workload identity: enable it on the cluster (`--enable-oidc-issuer --enable-workload-identity` on `az aks create` or `az aks update`), federate the identity with the pod's service account (`az identity federated-credential create --name <name> --identity-name <identity-name> -g <resource-group> --issuer <cluster-oidc-issuer-url> --subject system:serviceaccount:<namespace>:<service-account> --audience api://AzureADTokenExchange`), annotate the service account with `azure.workload.identity/client-id: <client-id>` and label the pods `azure.workload.identity/use: \"true\"`.".to_string());
            } else {
                out.push(format!("Attach it to every resource that runs {}: App Service `az webapp identity assign -g <resource-group> -n <app> --identities <identity-resource-id>`, Container Apps `az containerapp identity assign -g <resource-group> -n <app> --user-assigned <identity-resource-id>`, VM `az vm identity assign -g <resource-group> -n <vm> --identities <identity-resource-id>`.", cx.evidence.unit));
            }
        }
        _ => {
            out.push(match cx.evidence.hosting {
                Hosting::Functions => "Turn on the Function app's system-assigned identity: `az functionapp identity assign -g <resource-group> -n <app>`.".to_string(),
                _ => format!("Turn on the system-assigned identity of the resource that runs {}: App Service `az webapp identity assign -g <resource-group> -n <app>`, Functions `az functionapp identity assign -g <resource-group> -n <app>`, Container Apps `az containerapp identity assign -g <resource-group> -n <app> --system-assigned`, VM `az vm identity assign -g <resource-group> -n <vm>`.", cx.evidence.unit),
            });
        }
    }
    // 2. the database side
    out.push(match service {
        AzureService::Fabric => format!("Give `{name}` access to the Fabric workspace or to the warehouse item (a workspace role or item permissions) with no more rights than `{user}` had; Fabric SQL endpoints accept only Microsoft Entra sign-in."),
        AzureService::AzureSql | AzureService::Synapse | AzureService::SqlManagedInstance => {
            let server = server_name(f);
            let server = server.as_str();
            let admin = match service {
                AzureService::SqlManagedInstance => format!("`az sql mi ad-admin create -g <resource-group> --mi {server} -u <admin-name> -i <admin-object-id>`"),
                AzureService::Synapse => format!("`az synapse sql ad-admin create -g <resource-group> --workspace-name {} -u <admin-name> -i <admin-object-id>`", server.trim_end_matches("-ondemand")),
                _ => format!("`az sql server ad-admin create -g <resource-group> -s {server} -u <admin-name> -i <admin-object-id>`"),
            };
            format!("Make sure the server has a Microsoft Entra admin ({admin}); then, connected to database `{db}` as that admin, create a user for the identity and give it the roles `{user}` had, no more: `CREATE USER [{name}] FROM EXTERNAL PROVIDER;` then, for example, `ALTER ROLE db_datareader ADD MEMBER [{name}];` (and `db_datawriter` only if `{user}` could write) ({}). If a system-assigned identity is later turned off and on again, drop and re-create this user.",
                if identity == Identity::UserAssigned { "the name is the user-assigned identity's name" } else { "for a system-assigned identity the name is the app's resource name" })
        }
        AzureService::PostgreSql => format!("Enable Microsoft Entra authentication on the server and add an Entra admin; connected to the `postgres` database as that admin, run `select * from pgaadauth_create_principal('{name}', false, false);` and grant the new role what `{user}` had on `{db}`."),
        AzureService::MySql => format!("Set a Microsoft Entra admin on the server; connected as that admin, create a MySQL user for the identity `{name}` and grant it what `{user}` had on `{db}` (Microsoft's MySQL managed-identity guide shows the statement; connleak has not verified its exact form)."),
        AzureService::Redis => format!("On the cache, enable Microsoft Entra Authentication and add a data access policy assignment (Data Owner, Data Contributor or Data Reader) for `{name}`; the client signs in with the identity's object id as the user name and an Entra token as the password."),
        AzureService::CosmosDb => "Grant the identity a data-plane role on the account (`az cosmosdb sql role assignment create -a <account> -g <resource-group> --scope / --principal-id <principal-id> --role-definition-id 00000000-0000-0000-0000-000000000002`, the built-in Data Contributor), then turn key authentication off: `az resource update --ids <account-resource-id> --set properties.disableLocalAuth=true`.".to_string(),
        AzureService::MariaDb => String::new(),
    });
    // 3. the code or config
    out.push(match (&plan.replacement, plan.edit.is_some()) {
        (Some(r), true) => format!("Replace the connection string at {loc} with `{r}` (`connleak fix --write {}` applies this edit).", f.path),
        (Some(r), false) => format!("Change {loc} to: {r}."),
        (None, _) => format!("Change {loc} to authenticate with the managed identity ({}).", plan.summary),
    });
    if let Some(v) = &plan.min_version {
        out.push(format!(
            "Check the client version: this needs {v} or newer."
        ));
    }
    // 4. the password
    if *service == AzureService::Fabric {
        out.push("Rotate the leaked credential now: it is in the repository and must be considered compromised, and removing it from the latest commit does not remove it from git history. Fabric accepts only Microsoft Entra sign-in, so this is an Entra user's password or a service principal's secret: reset it in Microsoft Entra ID.".to_string());
    } else {
        out.push(rotate);
    }
    if matches!(
        service,
        AzureService::AzureSql | AzureService::SqlManagedInstance
    ) {
        let server = server_name(f);
        out.push(format!("When no client uses SQL authentication any more, turn on Microsoft Entra-only authentication (`az sql server ad-only-auth enable -g <resource-group> -n {server}`{}).", if *service == AzureService::SqlManagedInstance { "; for a managed instance, `az sql mi ad-only-auth enable`" } else { "" }));
    }
    out.retain(|s| !s.is_empty());
    out
}

#[cfg(test)]
mod tests {
    use crate::project::Evidence;

    // Regression (issue 13): the `az` commands received `contoso-sql-${var`.
    #[test]
    fn a_templated_server_name_is_never_cut_into_a_command() {
        let text = "resource \"azurerm_linux_web_app\" \"api\" {\n  connection_string {\n    name  = \"Db\"\n    type  = \"SQLAzure\"\n    value = \"Server=tcp:fab-sql-${var.env}.database.windows.net,1433;Initial Catalog=orders;User ID=app;Password=Fab-Tm9!pLx2;Encrypt=True\"\n  }\n}\n";
        let ev = Evidence {
            unit: "infra".into(),
            file: text.to_ascii_lowercase(),
            ..Default::default()
        };
        let items = crate::tests::advise_text("infra/app.tf", text, &ev);
        assert_eq!(items.len(), 1, "{items:?}");
        let r = items[0].remediation.as_ref().expect("remediation");
        assert_eq!(r.service.id(), "azure-sql", "{r:?}");
        let all = r.steps.join("\n");
        assert!(
            !all.contains("${var\u{20}") && !all.contains("-s fab-sql-${var "),
            "{all}"
        );
        assert!(!all.contains("fab-sql-${var -"), "{all}");
        assert!(all.contains("-s <server-name>"), "{all}");
        assert!(
            r.notes.iter().any(|n| n.contains("templated")
                && n.contains("fab-sql-${var.env}.database.windows.net")),
            "{:?}",
            r.notes
        );
    }
}
