resource "azurerm_resource_group" "rg" {
  name     = "shop-rg"
  location = "West Europe"
}

resource "azurerm_sql_server" "legacy" {
  name                         = "shop-legacy-sql"
  resource_group_name          = azurerm_resource_group.rg.name
  location                     = azurerm_resource_group.rg.location
  version                      = "12.0"
  administrator_login          = "legacyadmin"
  administrator_login_password = "Tf-L3gacy-Sql!2021"
}

resource "azurerm_mssql_server" "main" {
  name                         = "shop-sql"
  resource_group_name          = azurerm_resource_group.rg.name
  location                     = azurerm_resource_group.rg.location
  version                      = "12.0"
  administrator_login          = "shopadmin"
  administrator_login_password = var.sql_admin_password

  azuread_administrator {
    login_username              = "sql-admins"
    object_id                   = "11111111-2222-3333-4444-555555555555"
    azuread_authentication_only = false
  }
}

resource "azurerm_mssql_database" "shop" {
  name      = "shop"
  server_id = azurerm_mssql_server.main.id
  sku_name  = "S1"
}

resource "azurerm_linux_web_app" "api" {
  name                = "shop-api"
  resource_group_name = azurerm_resource_group.rg.name
  location            = azurerm_resource_group.rg.location
  service_plan_id     = azurerm_service_plan.plan.id

  site_config {}

  connection_string {
    name  = "Database"
    type  = "SQLAzure"
    value = "Server=tcp:${azurerm_mssql_server.main.fully_qualified_domain_name};Database=shop;User ID=shopadmin;Password=${var.sql_admin_password};"
  }

  connection_string {
    name  = "Reporting"
    type  = "SQLAzure"
    value = "Server=tcp:${azurerm_mssql_server.main.fully_qualified_domain_name};Database=reporting;Authentication=Active Directory Managed Identity;"
  }
}
