using './main.bicep'

param sqlAdminPassword = az.getSecret('00000000-0000-0000-0000-000000000000', 'shop-stg-rg', 'shop-stg-kv', 'sql-admin-password')
param location = 'westeurope'
