//! Azure Cosmos DB: role-based access instead of account keys (NoSQL),
//! Key Vault for the MongoDB API.

use super::Plan;
use crate::context::Context;
use crate::docs;
use connleak_core::model::Finding;

/// A Cosmos DB for MongoDB account (RU or vCore), reached with a Mongo URI.
pub fn is_cosmos_mongo(f: &Finding) -> bool {
    let h = f.host.as_deref().unwrap_or("").to_ascii_lowercase();
    f.engine == Some(connleak_core::model::Engine::MongoDb)
        || h.contains(".mongo.cosmos.")
        || h.contains(".mongocluster.cosmos.")
}

pub(super) fn cosmos_plan(f: &Finding, cx: &Context) -> Plan {
    let mut p = Plan::default();
    if is_cosmos_mongo(f) {
        p.docs.push(docs::KEY_VAULT_REFERENCES);
        p.summary = "move the account key to Key Vault".into();
        return p;
    }
    let endpoint = f
        .host
        .as_deref()
        .map(|h| format!("https://{h}:443/"))
        .unwrap_or_else(|| "https://<account>.documents.azure.com:443/".into());
    let ext = f.path.rsplit('.').next().unwrap_or("").to_ascii_lowercase();
    p.replacement = Some(match ext.as_str() {
        "py" => format!("CosmosClient(\"{endpoint}\", credential=DefaultAzureCredential())"),
        "js" | "ts" | "mjs" => format!("new CosmosClient({{ endpoint: '{endpoint}', aadCredentials: new DefaultAzureCredential() }})"),
        "java" => format!("new CosmosClientBuilder().endpoint(\"{endpoint}\").credential(new DefaultAzureCredentialBuilder().build())"),
        _ => format!("new CosmosClient(\"{endpoint}\", new DefaultAzureCredential())"),
    });
    let _ = cx;
    p.notes.push("Role-based access with key authentication turned off is documented for the NoSQL API; for the MongoDB or Cassandra APIs keep the key in Key Vault instead.".into());
    p.docs.push(docs::COSMOS_RBAC);
    p.summary =
        "use DefaultAzureCredential and a data-plane role instead of the account key".into();
    p
}
