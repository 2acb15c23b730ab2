terraform {
  required_providers {
    azurerm = {
      source  = "hashicorp/azurerm"
      version = "~> 3.80"
    }
    random = {
      source = "hashicorp/random"
    }
  }
}

provider "azurerm" {
  features {}
}

resource "azurerm_resource_group" "main" {
  name     = "rg-inventory-prod"
  location = "westeurope"
}

resource "azurerm_mssql_server" "main" {
  name                         = "inv-sql-prod"
  resource_group_name          = azurerm_resource_group.main.name
  location                     = azurerm_resource_group.main.location
  version                      = "12.0"
  administrator_login          = "sqladminuser"
  administrator_login_password = "Tf!MsSql#Adm1n2024"
  minimum_tls_version          = "1.2"

  azuread_administrator {
    login_username = "sql-admins"
    object_id      = "00000000-0000-0000-0000-000000000000"
  }
}

resource "azurerm_postgresql_flexible_server" "pg" {
  name                   = "inv-pg-prod"
  resource_group_name    = azurerm_resource_group.main.name
  location               = azurerm_resource_group.main.location
  version                = "15"
  administrator_login    = "pgadmin"
  administrator_password = var.pg_admin_password
  storage_mb             = 32768
  sku_name               = "GP_Standard_D2s_v3"
}

resource "random_password" "mysql" {
  length           = 24
  special          = true
  override_special = "!#$%&*()-_=+[]{}<>:?"
}

resource "azurerm_mysql_flexible_server" "mysql" {
  name                   = "inv-mysql-prod"
  resource_group_name    = azurerm_resource_group.main.name
  location               = azurerm_resource_group.main.location
  administrator_login    = "mysqladmin"
  administrator_password = random_password.mysql.result
  sku_name               = "B_Standard_B1s"
}

resource "azurerm_key_vault_secret" "sql_admin" {
  name         = "sql-admin-password"
  value        = "Tf!MsSql#Adm1n2024"
  key_vault_id = azurerm_key_vault.main.id
}

resource "azurerm_linux_web_app" "api" {
  name                = "inventory-api-prod"
  resource_group_name = azurerm_resource_group.main.name
  location            = azurerm_resource_group.main.location
  service_plan_id     = azurerm_service_plan.main.id

  connection_string {
    name  = "DefaultConnection"
    type  = "SQLAzure"
    value = "Server=tcp:${azurerm_mssql_server.main.fully_qualified_domain_name},1433;Database=InventoryDb;User ID=sqladminuser;Password=${var.sql_password};"
  }

  app_settings = {
    "REDIS_PASSWORD" = azurerm_redis_cache.main.primary_access_key
  }

  site_config {}
}
